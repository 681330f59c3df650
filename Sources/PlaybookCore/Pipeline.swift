import Foundation
import PlaybookAssemble
import PlaybookCheck
import PlaybookLoad
import PlaybookModel
import PlaybookParse
import PlaybookRender

/// The front of the pipeline — load → parse → assemble → check — as every command runs it:
/// `build` runs it through the checks and renders; `check` stops after the checks and reports
/// every stage's diagnostics; `translations` stops after the translation status. `playbook
/// serve` (`IncrementalBuilder`) runs the same stage functions on the files that changed:
/// `SourceAdmission` to read, `Pipeline.theme` for templates and UI strings, `PageParser`,
/// `SiteAssembler`, and `IncrementalCheck`, which reports what `Checker.stage` reports.
enum Pipeline {
    /// Where the front stops.
    enum Stop: Comparable { case translationStatus, checks }

    /// What a stage's errors do: `build` and `translations` stop at the first stage that found
    /// any (the later stages would report their consequences); `check` goes on and reports all.
    enum OnError { case stop, collect }

    /// What the stages keep: `build` streams (each source is let go once its page is parsed,
    /// apology templates and files named in NFD on disk excepted; the checks read a reported
    /// line from disk); `check` keeps every source.
    enum Retention { case streaming, keepEverything }

    /// What the front produced.
    struct Front {
        var tree: SourceTree
        var strings: [String: Strings] = [:]
        /// Nil only when collecting and the templates did not compile.
        var theme: Theme?
        var translations = TranslationStatus(sourceLanguage: "", languages: [])
        var parsed: [ParsedPage] = []
        /// Assembled, with its typed content (`types`) once the checks ran.
        var site: Site?
        /// Every diagnostic found (warnings; also errors when collecting), in report order.
        var diagnostics: [Diagnostic] = []
    }

    /// Runs the front for `settings` on the source tree at `source`.
    /// - Throws: `BuildFailure` when the source tree cannot be loaded at all (any `onError`), or,
    ///   with `.stop`, with the errors of the first stage that found any (sorted by file and line).
    static func front(source: String, settings: BuildSettings, until stop: Stop, onError: OnError, retention: Retention,
                      clock: inout StageClock) throws -> Front {
        var front = Front(tree: try SourceTree.load(root: source))
        var found: [Diagnostic] = []
        // Every stage runs even when an earlier one found errors, so that a failed build reports
        // all that `playbook check` reports (the `checks:` policy and `lint_ignore` may lower an
        // error); with `.stop` the front throws at its end when errors remain.
        func stage(_ errors: [Diagnostic]) { found += errors }
        func finish(_ all: [Diagnostic]) throws {
            if onError == .stop, all.contains(where: { $0.severity == .error }) { throw BuildFailure(all) }
        }
        let config = front.tree.config
        stage(front.tree.warnings)  // the config's unknown keys, skipped dot files
        var themeDiagnostics: [Diagnostic] = []
        // The heads are read with the UI strings; the translation status needs no templates.
        (front.strings, front.theme) = theme(front.tree.theme, config: config, templates: stop >= .checks, diagnostics: &themeDiagnostics)
        stage(themeDiagnostics)
        clock.mark("load")

        let parser = PageParser(config: config, edition: settings.edition, strings: front.strings)
        var (heads, headErrors) = parser.heads(front.tree.content)
        stage(headErrors)
        let history = SourceHistory.read(root: source)
        front.translations = TranslationStatus.compute(heads: heads, config: config, history: history)
            .withChanges(heads: heads, root: source)
        clock.mark("heads+status")
        guard stop > .translationStatus else {
            front.diagnostics = Checker.ordered(config.checks.apply(found))
            try finish(front.diagnostics)
            return front
        }

        if retention == .streaming {
            // Past the parse, only apology templates need their sources whole (their email
            // bodies); the checks read the lines of other files from disk when they report on
            // them (all but files whose names on disk are not NFC: those are kept). The heads
            // hold the only other copy of each source, and the parse lets go of each as soon as
            // its page is parsed.
            let keep = Set(heads.filter(TypedContent.needsSource).map(\.file.path))
            front.tree.content = front.tree.content.filter { keep.contains($0.path) || $0.renamedOnDisk }
        }
        let (parsed, parseErrors) = parser.parse(&heads, assets: front.tree.contentAssets.map(ContentPaths.assetOutput), includeDrafts: settings.includeDrafts)
        front.parsed = parsed
        if retention == .streaming { Memory.returnFreed() }
        stage(parseErrors)
        clock.mark("parse")

        var (site, assembleErrors) = SiteAssembler(config: config, strings: front.strings, edition: settings.edition, translations: front.translations, history: history)
            .assemble(front.parsed)
        stage(assembleErrors)
        // The content types (steps and summary tables, postmortems, apologies) complete the
        // assembled site; their schema errors are reported with the checks'.
        let (types, typeErrors) = TypedContent.decode(front.parsed, files: front.tree.content, config: config, buildDate: settings.buildDate ?? .current())
        site.types = types
        stage(typeErrors)
        clock.mark("assemble")

        // The checks (links, apology lint, translations) read the site and report; they change nothing.
        stage(Checker.editionWarnings(front.parsed, edition: settings.edition, config: config))
        let all = Checker.stage(parsed: front.parsed, site: site, files: front.tree.content,
                                contentRoot: retention == .streaming ? front.tree.contentRoot : nil,
                                config: config, translations: front.translations, earlier: found)
        front.site = site
        front.diagnostics = all
        try finish(all)
        clock.mark("types+check")
        return front
    }

    /// The theme stage: UI strings of every language and the compiled templates, from the theme
    /// files (the built-in theme overridden by the source's `templates/`). Errors (bad YAML, a
    /// template syntax error) and warnings (`i18n/missing-string`) go to `diagnostics`.
    /// - Returns: the strings (empty when they did not load) and the theme (nil when it did not compile).
    static func theme(_ files: [String: [UInt8]], config: SiteConfig, templates: Bool = true, diagnostics: inout [Diagnostic]) -> (strings: [String: Strings], theme: Theme?) {
        var strings: [String: Strings] = [:]
        do {
            strings = try StringsLoader.load(theme: files, config: config)
            diagnostics += StringsLoader.missingKeys(in: strings, theme: files, config: config)
        } catch {
            diagnostics += (error as? BuildFailure)?.diagnostics ?? [Diagnostic(file: "templates/i18n/", "\(error)", rule: "i18n/invalid")]
        }
        var theme: Theme?
        if templates { do { theme = try Theme(files: files) } catch {
            diagnostics += (error as? BuildFailure)?.diagnostics ?? [Diagnostic(file: "templates/", "\(error)", rule: "theme/syntax")]
        } }
        return (strings, theme)
    }
}
