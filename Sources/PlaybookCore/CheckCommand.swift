import Foundation
import PlaybookAssemble
import PlaybookCheck
import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// What `playbook check` was asked to check.
public struct CheckOptions: Sendable {
    public var source: String
    /// Edition, drafts, build date.
    public var settings = BuildSettings()
    public var edition: Edition { get { settings.edition } set { settings.edition = newValue } }
    public var includeDrafts: Bool { get { settings.includeDrafts } set { settings.includeDrafts = newValue } }
    public var buildDate: BuildDate? { get { settings.buildDate } set { settings.buildDate = newValue } }

    public init(source: String = ".") { self.source = source }
}

/// Everything `playbook check` found, sorted by file and line.
public struct CheckReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Translation status, when the tree loaded far enough to tell (`playbook translations`).
    public var translations: TranslationStatus?
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    public init(diagnostics: [Diagnostic], translations: TranslationStatus? = nil) {
        self.diagnostics = diagnostics
        self.translations = translations
    }

    /// `{"errors": n, "warnings": n, "diagnostics": [{file, line, severity, rule, message}]}`.
    public var json: String {
        var out = "{\n  \"errors\": \(errors.count),\n  \"warnings\": \(warnings.count),\n  \"diagnostics\": ["
        for (i, p) in diagnostics.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"file\": \(JSData.quote(p.file)), \"line\": \(p.line.map(String.init) ?? "null"), \"severity\": \(JSData.quote(p.severity.rawValue)), "
            out += "\"rule\": \(JSData.quote(p.rule)), \"message\": \(JSData.quote(p.message))}"
        }
        return out + (diagnostics.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }
}

extension Checker {
    /// Runs the pipeline up to and including the checks, going on past stages with errors so
    /// that one run reports them all.
    public static func check(_ options: CheckOptions) -> CheckReport {
        var clock = StageClock()
        do {
            let front = try Pipeline.front(source: options.source, settings: options.settings, until: .checks, onError: .collect,
                                           retention: .keepEverything, clock: &clock)
            return CheckReport(diagnostics: front.diagnostics, translations: front.translations)
        } catch {
            return CheckReport(diagnostics: ordered((error as? BuildFailure)?.diagnostics ?? [Diagnostic(file: options.source, "\(error)", rule: "build/failed")]))
        }
    }
}
