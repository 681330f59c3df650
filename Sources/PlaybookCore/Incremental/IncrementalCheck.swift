import PlaybookAssemble
import PlaybookCheck
import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// The content-type and check stage of `IncrementalBuilder`: what `Checker.stage` finds, kept per
/// page and found again only where it can differ. A page's own diagnostics (its typed model, schema
/// errors, apology lint, silences) depend on its parse alone, so they are remembered with the
/// parse's generation; its anchor links also depend on the pages they point at, so each page
/// remembers those URLs, and a change to one re-checks the pages pointing at it (`linkers`).
/// Translation warnings are kept per translation group. Site-wide diagnostics (summary tables,
/// templates missing a language) are put together again from the kept per-page results.
struct IncrementalCheck {
    /// What one parsed page decodes and lints to by itself.
    struct PageEntry {
        let generation: Int
        let decoded: TypedContent.Decoded
        let translationKey: String
        /// Schema errors and apology lint: `lint_ignore` applies.
        let diagnostics: [Diagnostic]
        /// Errors in `lint_ignore` itself, links the parse could not resolve: it does not.
        let unsilenced: [Diagnostic]
        let silenced: Set<String>
        let sourceHashLine: Int?
    }

    struct LinkEntry {
        let url: String
        let generation: Int
        /// URLs of the pages its anchors were looked up on.
        let targets: Set<String>
        let diagnostics: [Diagnostic]
    }

    /// What the stage needs of the builder's state.
    struct Input {
        let parsed: [String: IncrementalBuilder.ParsedInfo]
        let files: [String: ContentFile]
        let site: Site
        /// URL → page index in `site`.
        let index: [String: Int]
        let bySource: [String: [Int]]
        let config: SiteConfig
        let buildDate: BuildDate
        let statusByKey: [String: [String: [TranslationStatus.Entry]]]
        /// Content paths whose parse may have changed (a superset is fine); nil: any (files
        /// appeared or went).
        let changed: Set<String>?
        /// The site was assembled again: a URL may show another page (a fallback copy, say).
        let reassembled: Bool
        /// Translation groups whose status was computed again.
        let changedKeys: Set<String>
    }

    private(set) var pages: [String: PageEntry] = [:]
    private var links: [String: LinkEntry] = [:]
    /// Content paths whose own or link diagnostics hold an error (so that finding errors does not
    /// mean reading 100,000 warnings).
    private var pagesWithErrors: Set<String> = []
    private var linksWithErrors: Set<String> = []
    /// Content paths whose `lint_ignore` silences something.
    private var pagesWithSilences: Set<String> = []
    private var linkers: [String: Set<String>] = [:]
    private var signatures: [String: Int] = [:]
    private var translations: [String: [Diagnostic]] = [:]
    private var siteWide: [Diagnostic] = []
    /// What the theme stage found (`i18n/missing-string`), set when the theme is loaded.
    var themeDiagnostics: [Diagnostic] = []
    private(set) var types = TypedContent()
    /// The summary tables (homes and section pages show them).
    private(set) var tablesDigest = 0

    /// Brings everything up to date with `input`.
    mutating func run(_ input: Input) {
        let lines = SourceLines(input.files)
        let candidates = input.changed ?? Set(input.parsed.keys).union(pages.keys)
        let stale = candidates.filter { input.parsed[$0]?.generation != pages[$0]?.generation }
        let fresh = parallelMap(stale.compactMap { input.parsed[$0]?.page }) { page in
            Self.entry(page, generation: input.parsed[page.path]!.generation, bytes: input.files[page.path]?.bytes, config: input.config, lines: lines)
        }
        var keys = input.changedKeys
        var stepsChanged = input.changed == nil, apologiesChanged = input.changed == nil
        func note(_ decoded: TypedContent.Decoded) {
            if case .step = decoded { stepsChanged = true }
            if case .apology = decoded { apologiesChanged = true }
        }
        for path in stale {
            pagesWithErrors.remove(path)
            pagesWithSilences.remove(path)
            guard let old = pages.removeValue(forKey: path) else { continue }
            keys.insert(old.translationKey)
            note(old.decoded)
            types.remove(path)
        }
        for entry in fresh {
            let path = entry.path
            pages[path] = entry.value
            if entry.value.diagnostics.contains(where: Self.isError) || entry.value.unsilenced.contains(where: Self.isError) { pagesWithErrors.insert(path) }
            if !entry.value.silenced.isEmpty { pagesWithSilences.insert(path) }
            keys.insert(entry.value.translationKey)
            note(entry.value.decoded)
            types.insert(entry.value.decoded)
        }
        types.buildDate = input.buildDate

        // Site-wide: summary tables, templates missing a language.
        if stepsChanged || apologiesChanged {
            siteWide = types.buildTables(config: input.config)
            let templates = types.apologies.values.filter { !$0.isGuide }
            siteWide += ApologyLint.missingTranslations(templates, page: { input.parsed[$0]?.page }, config: input.config)
            var h = Hasher()
            for lang in types.summaryTables.keys.sorted() { h.combine(lang); h.combine(String(describing: types.summaryTables[lang]!)) }
            tablesDigest = h.finalize()
        }

        checkLinks(input, changed: stale, lines: lines)
        for key in keys {
            var found: [Diagnostic] = []
            for (lang, entries) in input.statusByKey[key] ?? [:] where lang != input.config.sourceLanguage && input.config.language(lang) != nil {
                for e in entries {
                    if let w = TranslationCheck.warning(e, lang: lang, line: pages[e.path]?.sourceHashLine, config: input.config) { found.append(w) }
                }
            }
            translations[key] = found.isEmpty ? nil : found
        }
    }

    /// A page's own diagnostics.
    static func entry(_ page: ParsedPage, generation: Int, bytes: [UInt8]?, config: SiteConfig, lines: SourceLines) -> (path: String, value: PageEntry) {
        let (decoded, errors) = TypedContent.decode(page, bytes: TypedContent.isApology(page.path) ? bytes : nil)
        var diagnostics = errors + page.warnings
        if case .apology(let a) = decoded, !a.isGuide { diagnostics += ApologyLint.lint(a, page: page, lines: lines) }
        let (silenced, ignoreErrors) = LintIgnore.read(page)
        return (page.path, PageEntry(generation: generation, decoded: decoded, translationKey: page.translationKey, diagnostics: diagnostics,
                                     unsilenced: ignoreErrors, silenced: silenced,
                                     sourceHashLine: page.meta.line(of: "source_hash")))
    }

    /// What an anchor link to `page` can see of it: which parse it shows (-1: a generated page).
    static func signature(_ page: SitePage, _ parsed: [String: IncrementalBuilder.ParsedInfo]) -> Int {
        page.source.map { parsed[$0.path]?.generation ?? -2 } ?? -1
    }

    /// Links of the pages whose parse changed, and of the pages pointing at a page that changed.
    private mutating func checkLinks(_ input: Input, changed: Set<String>, lines: SourceLines) {
        let site = input.site
        var changedURLs: Set<String> = []
        var recheck: Set<Int> = []
        if input.reassembled {
            // A page may show at another URL, or a URL another page: compare every URL.
            var now: [String: Int] = [:]
            now.reserveCapacity(site.pages.count)
            for page in site.pages { now[page.url] = Self.signature(page, input.parsed) }
            for (url, s) in now where signatures[url] != s { changedURLs.insert(url) }
            for (url, _) in signatures where now[url] == nil { changedURLs.insert(url) }
            signatures = now
        } else {
            for path in changed {
                for i in input.bySource[path] ?? [] {
                    let s = Self.signature(site.pages[i], input.parsed)
                    if signatures[site.pages[i].url] != s { signatures[site.pages[i].url] = s; changedURLs.insert(site.pages[i].url) }
                }
            }
        }
        if input.changed == nil {
            // Pages may have appeared or gone: every checked page against what was checked.
            var checked: Set<String> = []
            for (i, page) in site.pages.enumerated() where LinkCheck.isChecked(page) {
                let path = page.source!.path
                checked.insert(path)
                if let e = links[path], e.url == page.url, e.generation == input.parsed[path]?.generation { continue }
                recheck.insert(i)
            }
            for path in links.keys where !checked.contains(path) { dropLinks(path) }
        } else {
            for path in changed {
                for i in input.bySource[path] ?? [] where LinkCheck.isChecked(site.pages[i]) { recheck.insert(i) }
            }
        }
        for url in changedURLs {
            for path in linkers[url] ?? [] {
                if let i = input.bySource[path]?.first(where: { LinkCheck.isChecked(site.pages[$0]) }) { recheck.insert(i) }
            }
        }
        guard !recheck.isEmpty else { return }
        let byURL = input.index
        let order = Array(recheck)
        let results = parallelMap(order) { LinkCheck.check(site.pages[$0], in: site, byURL: byURL) }
        for (i, result) in zip(order, results) {
            let page = site.pages[i], path = page.source!.path
            dropLinks(path)
            let targets = Set(result.targets)
            for url in targets { linkers[url, default: []].insert(path) }
            links[path] = LinkEntry(url: page.url, generation: input.parsed[path]?.generation ?? -2, targets: targets, diagnostics: result.errors)
            if result.errors.contains(where: Self.isError) { linksWithErrors.insert(path) }
        }
    }

    static func isError(_ p: Diagnostic) -> Bool { p.severity == .error }

    private mutating func dropLinks(_ path: String) {
        linksWithErrors.remove(path)
        guard let old = links.removeValue(forKey: path) else { return }
        for url in old.targets {
            linkers[url]?.remove(path)
            if linkers[url]?.isEmpty == true { linkers.removeValue(forKey: url) }
        }
    }

    /// Everything found, as `Checker.stage` reports it (silences applied), sorted when read.
    /// `earlier`: the load's warnings, reported with the check's (the policy applies to them too).
    func diagnostics(policy: CheckPolicy, earlier: [Diagnostic] = []) -> Diagnostics {
        Diagnostics(pages: pages, links: links, translations: translations, siteWide: siteWide + themeDiagnostics + earlier,
                    withErrors: pagesWithErrors.union(linksWithErrors), withSilences: pagesWithSilences, policy: policy)
    }
}

/// The diagnostics of one check, kept as found (per page, per group) and sorted only when read:
/// a rebuild that only counts them should not sort 100,000 warnings.
public final class Diagnostics: @unchecked Sendable {
    private let pages: [String: IncrementalCheck.PageEntry]
    private let links: [String: IncrementalCheck.LinkEntry]
    private let translations: [String: [Diagnostic]]
    private let siteWide: [Diagnostic]
    /// Content paths whose page or link diagnostics hold an error (translation warnings never do),
    /// and whose `lint_ignore` silences a rule.
    private let withErrors: Set<String>
    private let withSilences: Set<String>
    private let policy: CheckPolicy

    init(pages: [String: IncrementalCheck.PageEntry] = [:], links: [String: IncrementalCheck.LinkEntry] = [:],
         translations: [String: [Diagnostic]] = [:], siteWide: [Diagnostic] = [], withErrors: Set<String> = [], withSilences: Set<String> = [],
         policy: CheckPolicy = CheckPolicy()) {
        self.pages = pages; self.links = links; self.translations = translations; self.siteWide = siteWide
        self.withErrors = withErrors; self.withSilences = withSilences; self.policy = policy
    }

    /// Each problem, and whether a page's `lint_ignore` can silence it; only of `paths` (and the
    /// site-wide ones) when given.
    private func each(of paths: Set<String>? = nil, _ body: (_ problem: Diagnostic, _ silenceable: Bool) -> Void) {
        let pageEntries = paths.map { $0.compactMap { pages[$0] } } ?? Array(pages.values)
        for entry in pageEntries {
            for p in entry.diagnostics { body(p, true) }
            for p in entry.unsilenced { body(p, false) }
        }
        let linkEntries = paths.map { $0.compactMap { links[$0] } } ?? Array(links.values)
        for entry in linkEntries { for p in entry.diagnostics { body(p, true) } }
        if paths == nil { for list in translations.values { for p in list { body(p, true) } } }
        for p in siteWide { body(p, true) }
    }

    private func silenced(_ p: Diagnostic) -> Bool {
        guard !withSilences.isEmpty else { return false }
        return LintIgnore.isSilenced(p) { file in
            let path = String(file.dropFirst("content/".count))
            return self.withSilences.contains(path) ? self.pages[path]?.silenced : nil
        }
    }

    /// Each diagnostic as reported: silences and the `checks:` policy applied.
    private func reported(of paths: Set<String>? = nil, _ body: (Diagnostic) -> Void) {
        each(of: paths) { p, silenceable in
            if silenceable && silenced(p) { return }
            if let d = policy.apply(p) { body(d) }
        }
    }

    private func collect(of paths: Set<String>? = nil, _ keep: (Diagnostic) -> Bool) -> [Diagnostic] {
        var out: [Diagnostic] = []
        reported(of: paths) { if keep($0) { out.append($0) } }
        return Checker.ordered(out)
    }

    /// Errors fail the build. Only pages known to hold an error are read, unless the policy
    /// makes errors of some warnings.
    var errors: [Diagnostic] { collect(of: policy.escalates ? nil : withErrors, IncrementalCheck.isError) }

    public private(set) lazy var warnings: [Diagnostic] = collect { !IncrementalCheck.isError($0) }

    /// How many warnings, without sorting them.
    public private(set) lazy var warningCount: Int = {
        var n = 0
        reported { if !IncrementalCheck.isError($0) { n += 1 } }
        return n
    }()
}
