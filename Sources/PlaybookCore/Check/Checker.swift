import Foundation
import PlaybookAssemble
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
            out += "    {\"file\": \(JSONText.quote(p.file)), \"line\": \(p.line.map(String.init) ?? "null"), \"severity\": \(JSONText.quote(p.severity.rawValue)), "
            out += "\"rule\": \(JSONText.quote(p.rule)), \"message\": \(JSONText.quote(p.message))}"
        }
        return out + (diagnostics.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }
}

/// The check stage: everything that can be wrong in a source tree without writing a site —
/// front matter schemas, the summary table, links and anchors, the apology lint, translation
/// status. `playbook build` runs the same stages and fails on their errors; `translations`
/// reports what this finds beside its table.
public enum Checker {
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

    /// Every diagnostic found in the assembled site and its typed content, with `earlier` ones
    /// (of the load, parse and assemble stages, the content types' schema errors among them; the
    /// pages' own warnings are added here): `lint_ignore` and the `checks:` policy applied, in
    /// report order. Reads the site; changes nothing.
    /// `files` needs only the apology templates' sources when `contentRoot` is given (the others
    /// are read from there when a diagnostic needs its line).
    static func stage(parsed: [ParsedPage], site: Site, files: [ContentFile], contentRoot: String? = nil, config: SiteConfig,
                      translations: TranslationStatus? = nil, earlier: [Diagnostic] = []) -> [Diagnostic] {
        let lines = SourceLines(files, contentRoot: contentRoot)
        var diagnostics = earlier
        for page in parsed { diagnostics += page.warnings }
        diagnostics += LinkCheck.run(site)
        diagnostics += ApologyLint.run(site.types, pages: parsed, config: config, lines: lines)
        diagnostics += TranslationCheck.run(translations, pages: parsed, config: config)
        let (silenced, ignoreErrors) = LintIgnore.read(parsed)
        diagnostics = config.checks.apply(LintIgnore.apply(diagnostics, silenced: silenced)) + ignoreErrors
        return ordered(diagnostics)
    }

    /// A field edition without a single page: the build would publish an empty site.
    static func editionWarnings(_ parsed: [ParsedPage], edition: Edition, config: SiteConfig) -> [Diagnostic] {
        guard edition == .field, !parsed.contains(where: { $0.kind == .page }) else { return [] }
        return [Diagnostic(file: "content/", "the field edition has no page: none is marked `public: true` or `audience: field`, so the site holds only home and section pages; mark the pages the field may read", severity: .warning, rule: "edition/empty")]
    }

    /// By file, line, rule and message: the same tree always gives the same report.
    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            ($0.file, $0.line ?? 0, $0.rule, $0.message) < ($1.file, $1.line ?? 0, $1.rule, $1.message)
        }
    }
}
