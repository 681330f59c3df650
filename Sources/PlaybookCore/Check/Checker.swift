import Foundation

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
    public var problems: [BuildError]
    public var errors: [BuildError] { problems.filter { $0.severity == .error } }
    public var warnings: [BuildError] { problems.filter { $0.severity == .warning } }

    /// `{"errors": n, "warnings": n, "problems": [{file, line, severity, rule, message}]}`.
    public var json: String {
        var out = "{\n  \"errors\": \(errors.count),\n  \"warnings\": \(warnings.count),\n  \"problems\": ["
        for (i, p) in problems.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"file\": \(JSONText.quote(p.file)), \"line\": \(p.line.map(String.init) ?? "null"), \"severity\": \(JSONText.quote(p.severity.rawValue)), "
            out += "\"rule\": \(p.rule.map(JSONText.quote) ?? "null"), \"message\": \(JSONText.quote(p.message))}"
        }
        return out + (problems.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }
}

/// The check stage: everything that can be wrong in a source tree without writing a site —
/// front matter schemas, the summary table, links and anchors, the apology lint, translation
/// status. `playbook build` runs it too and fails on its errors.
public enum Checker {
    /// Runs the pipeline up to and including the checks, going on past stages with errors so
    /// that one run reports them all.
    public static func check(_ options: CheckOptions) -> CheckReport {
        var clock = StageClock()
        do {
            let front = try Pipeline.front(source: options.source, settings: options.settings, until: .checks, onError: .collect,
                                           retention: .keepEverything, clock: &clock)
            return CheckReport(problems: front.diagnostics)
        } catch {
            return CheckReport(problems: Builder.sorted((error as? BuildFailure)?.errors ?? [BuildError(file: options.source, "\(error)")]))
        }
    }

    /// The content types decoded, and every problem found in them and in the site (lint_ignore applied).
    /// `files` needs only the apology templates' sources when `contentRoot` is given (the others
    /// are read from there when a finding needs its line).
    static func stage(parsed: [ParsedPage], site: Site, files: [ContentFile], contentRoot: String? = nil, config: SiteConfig,
                      buildDate: BuildDate, translations: TranslationStatus? = nil) -> (TypedContent, [BuildError]) {
        let lines = SourceLines(files, contentRoot: contentRoot)
        let (types, schemaErrors) = TypedContent.decode(parsed, files: files, config: config, buildDate: buildDate)
        var problems = schemaErrors
        problems += LinkCheck.run(site)
        problems += ApologyLint.run(types, pages: parsed, config: config, lines: lines)
        problems += TranslationCheck.run(translations, pages: parsed, config: config)
        let (silenced, ignoreErrors) = LintIgnore.read(parsed)
        problems = LintIgnore.apply(problems, silenced: silenced) + ignoreErrors
        return (types, ordered(problems))
    }

    /// By file, line, rule and message: the same tree always gives the same report.
    static func ordered(_ problems: [BuildError]) -> [BuildError] {
        problems.sorted {
            ($0.file, $0.line ?? 0, $0.rule ?? "", $0.message) < ($1.file, $1.line ?? 0, $1.rule ?? "", $1.message)
        }
    }
}
