import Foundation
import PlaybookAssemble
import PlaybookModel
import PlaybookRender
import TextFolding

/// What other pages can see of a page, and what its own render reads, as hashes.
///
/// `listing`: what lists, sidebars, tag pages, the home page (and tables built from front
/// matter, such as the summary table) show of the page: URL, title, summary, every front matter
/// field. `own`: everything the page's own render reads from itself: its listing, its body, its
/// translations, its children (the lists it shows).
struct PageDigest {
    let listing: Int
    let translations: Int
    let own: Int

    init(_ page: SitePage, in site: Site, parsed: [String: IncrementalBuilder.ParsedInfo]) {
        let info = page.source.flatMap { parsed[$0.path] }
        var h = Hasher()
        h.combine(page.url); h.combine(page.kind.rawValue); h.combine(page.lang); h.combine(page.contentLang)
        h.combine(page.title); h.combine(page.summary); h.combine(page.tag)
        h.combine(info?.listing ?? 0)
        listing = h.finalize()
        var t = Hasher()
        for (lang, i) in page.translations.sorted(by: { $0.key < $1.key }) { t.combine(lang); t.combine(site.pages[i].url) }
        translations = t.finalize()
        var o = Hasher()
        o.combine(listing); o.combine(translations); o.combine(info?.body ?? 0)
        o.combine(page.children.count)
        for i in page.children { o.combine(site.pages[i].url) }
        own = o.finalize()
    }
}

/// Which pages of the new site can render differently from the old site, over-approximated:
/// rendering a page too many costs time, too few shows stale output (tests check with
/// `IncrementalBuilder.verify`). The rules follow what `PageContext` reads:
///
/// - a page whose own digest changed (body, title, translations, the list it shows);
/// - a page whose listing changed: the section pages whose sidebar window (±`sidebarLimit`)
///   holds it, its section page, its language's home, its tag pages; for a section, home or tag
///   index: every page of the language (navigation);
/// - a page added or removed: its whole section (the sidebar shows the count), the same URL in
///   every language (switchers), its translations, tags, home, the translation dashboards, and
///   its language's fallback copies (their links and switchers lead to its pages);
/// - a language's navigation (sections, home, tags, dashboard) changed: every page of it;
/// - (a translation's status changed: that page and the dashboards — `IncrementalBuilder`);
/// - a template changed: the pages whose kind's template uses it (partials, layouts followed).
struct DirtyPages {
    let old: Site
    let oldIndex: [String: Int]
    let oldDigests: [PageDigest]
    let new: Site
    let newIndex: [String: Int]
    let newDigests: [PageDigest]
    var dirty: Set<Int> = []
    var sitemapChanged = false
    private var byLangCache: [String: [Int]]? = nil
    private var markedLangs: Set<String> = []
    private var markedSections: Set<String> = []
    private var markedFallbacks: Set<String> = []

    init(old: Site, oldIndex: [String: Int], oldDigests: [PageDigest], new: Site, newIndex: [String: Int], newDigests: [PageDigest]) {
        self.old = old; self.oldIndex = oldIndex; self.oldDigests = oldDigests
        self.new = new; self.newIndex = newIndex; self.newDigests = newDigests
    }

    mutating func mark(_ url: String) { if let i = newIndex[url] { dirty.insert(i) } }

    private mutating func pages(of lang: String) -> [Int] {
        if byLangCache == nil {
            var by: [String: [Int]] = [:]
            for (i, p) in new.pages.enumerated() { by[p.lang, default: []].append(i) }
            byLangCache = by
        }
        return byLangCache?[lang] ?? []
    }

    mutating func markLanguage(_ lang: String) {
        guard markedLangs.insert(lang).inserted else { return }
        dirty.formUnion(pages(of: lang))
    }

    mutating func markSection(_ lang: String, _ section: String) {
        guard markedSections.insert(lang + "/" + section).inserted else { return }
        mark("\(lang)/\(section)/")
        for i in pages(of: lang) where new.pages[i].section == section { dirty.insert(i) }
    }

    /// A language's fallback copies: their links lead to that language's pages (`FallbackLinks`),
    /// and its switcher entries to the copies of translation groups.
    mutating func markFallbackCopies(_ lang: String) {
        guard markedFallbacks.insert(lang).inserted else { return }
        for i in pages(of: lang) where new.pages[i].isFallback { dirty.insert(i) }
    }

    mutating func markHome(_ lang: String) { if let h = new.homes[lang] { dirty.insert(h) } }
    mutating func markTagIndex(_ lang: String) { if let t = new.tagIndexes[lang] { dirty.insert(t) } }
    mutating func markDashboards() { dirty.formUnion(new.dashboards.values) }

    mutating func markTags(_ page: SitePage) {
        for tag in page.source?.meta.tags ?? [] { mark("\(page.lang)/tags/\(TextFold.slug(tag))/") }
    }

    mutating func compare() {
        for (i, page) in new.pages.enumerated() {
            guard let o = oldIndex[page.url] else { structural(page, in: new); continue }
            let a = oldDigests[o], b = newDigests[i]
            if a.own != b.own { dirty.insert(i) }
            if a.translations != b.translations { sitemapChanged = true }
            if a.listing != b.listing {
                sitemapChanged = true
                listingChanged(page, at: i, old: old.pages[o], oldAt: o)
            }
        }
        for page in old.pages where newIndex[page.url] == nil { structural(page, in: old) }
        for lang in new.config.languages.map(\.code) where Self.navigation(old, lang) != Self.navigation(new, lang) {
            markLanguage(lang)
        }
    }

    /// A page appeared or disappeared.
    private mutating func structural(_ page: SitePage, in site: Site) {
        sitemapChanged = true
        mark(page.url)
        switch page.kind {
        case .page:
            markSection(page.lang, page.section)
            markHome(page.lang)
            markTagIndex(page.lang)
            markTags(page)
            for lang in new.config.languages { mark(PageURL(page.url).inLanguage(lang.code).path) }
            for (_, t) in page.translations where t < site.pages.count { mark(site.pages[t].url) }
            markDashboards()
            markFallbackCopies(page.lang)
        case .tag:
            markTagIndex(page.lang)
        default:
            markLanguage(page.lang)
            markDashboards()
        }
    }

    /// What lists show of a page changed.
    private mutating func listingChanged(_ page: SitePage, at index: Int, old oldPage: SitePage, oldAt oldIndex: Int) {
        switch page.kind {
        case .page:
            markHome(page.lang)
            markTags(page)
            markTags(oldPage)
            sidebarWindow(page, at: index, oldAt: oldIndex)
        case .tag:
            markTagIndex(page.lang)
        default:
            markLanguage(page.lang)
        }
    }

    /// The pages whose sidebar window shows `page`, before or after the change.
    private mutating func sidebarWindow(_ page: SitePage, at index: Int, oldAt oldIndex: Int) {
        let sectionURL = "\(page.lang)/\(page.section)/"
        mark(sectionURL)
        guard let s = newIndex[sectionURL], let so = self.oldIndex[sectionURL] else { markSection(page.lang, page.section); return }
        let children = new.pages[s].children, oldChildren = old.pages[so].children
        guard children.count == oldChildren.count else { markSection(page.lang, page.section); return }
        let np = children.firstIndex(of: index), op = oldChildren.firstIndex(of: oldIndex)
        guard np != nil || op != nil else { return }
        let limit = PageContext.sidebarLimit
        let lo = max(0, min(np ?? Int.max, op ?? Int.max) - limit)
        let hi = min(children.count, max(np ?? 0, op ?? 0) + limit + 1)
        if lo < hi { dirty.formUnion(children[lo..<hi]) }
    }

    /// Sections, home, tag index and dashboard of a language: what every page's header shows.
    static func navigation(_ site: Site, _ lang: String) -> Int {
        var h = Hasher()
        for i in site.sections[lang] ?? [] { h.combine(site.pages[i].url); h.combine(site.pages[i].title); h.combine(site.pages[i].section) }
        h.combine(site.homes[lang].map { site.pages[$0].url })
        h.combine(site.tagIndexes[lang].map { site.pages[$0].url })
        h.combine(site.dashboards[lang].map { site.pages[$0].url })
        return h.finalize()
    }

    /// Pages whose template (with its partials and layouts) is among `changed` (names without
    /// `.mustache`).
    mutating func templates(changed: Set<String>, theme: [String: [UInt8]]) {
        guard !changed.isEmpty else { return }
        var uses: [String: Set<String>] = [:]
        for (path, bytes) in theme where path.hasSuffix(".mustache") {
            uses[String(path.dropLast(".mustache".count))] = Self.references(String(decoding: bytes, as: UTF8.self))
        }
        func closure(_ name: String) -> Set<String> {
            var seen: Set<String> = [name]
            var stack = [name]
            while let n = stack.popLast() {
                for r in uses[n] ?? [] where seen.insert(r).inserted { stack.append(r) }
            }
            return seen
        }
        var kinds: Set<String> = []
        for kind in [SitePage.Kind.home, .section, .page, .tags, .tag, .translations] where !closure(kind.rawValue).isDisjoint(with: changed) {
            kinds.insert(kind.rawValue)
        }
        guard !kinds.isEmpty else { return }
        for (i, page) in new.pages.enumerated() where kinds.contains(page.kind.rawValue) { dirty.insert(i) }
    }

    /// Names in `{{> name}}` and `{{< name}}`.
    static func references(_ text: String) -> Set<String> {
        var out: Set<String> = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let first = rest.first, first == ">" || first == "<" else { continue }
            guard let close = rest.range(of: "}}") else { break }
            let name = rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { out.insert(name) }
            rest = rest[close.upperBound...]
        }
        return out
    }
}
