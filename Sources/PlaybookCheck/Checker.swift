import Foundation
import PlaybookAssemble
import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// The check stage: everything that can be wrong in an assembled site without writing it —
/// links and anchors, the apology lint, translation status, the pages' own warnings, with the
/// `checks:` policy and `lint_ignore` applied. `playbook check` (`Checker.check`, in PlaybookCore)
/// runs the pipeline up to here; `build` fails on its errors.
public enum Checker {
    /// Every diagnostic found in the assembled site and its typed content, with `earlier` ones
    /// (of the load, parse and assemble stages, the content types' schema errors among them; the
    /// pages' own warnings are added here): `lint_ignore` and the `checks:` policy applied, in
    /// report order. Reads the site; changes nothing.
    /// `files` needs only the apology templates' sources when `contentRoot` is given (the others
    /// are read from there when a diagnostic needs its line).
    package static func stage(parsed: [ParsedPage], site: Site, files: [ContentFile], contentRoot: String? = nil, config: SiteConfig,
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
    package static func editionWarnings(_ parsed: [ParsedPage], edition: Edition, config: SiteConfig) -> [Diagnostic] {
        guard edition == .field, !parsed.contains(where: { $0.kind == .page }) else { return [] }
        return [Diagnostic(file: "content/", "the field edition has no page: none is marked `public: true` or `audience: field`, so the site holds only home and section pages; mark the pages the field may read", severity: .warning, rule: "edition/empty")]
    }

    /// By file, line, rule and message: the same tree always gives the same report.
    package static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            ($0.file, $0.line ?? 0, $0.rule, $0.message) < ($1.file, $1.line ?? 0, $1.rule, $1.message)
        }
    }
}
