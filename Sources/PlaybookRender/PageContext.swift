import Markdown
import PlaybookAssemble
import PlaybookModel
import Templates
import TextFolding

/// What a template sees for one page, built as typed values (no `Any`, no casts: building and
/// converting untyped dictionaries was a sixth of a big build's CPU). The keys are documented
/// in templates/README.md.
package typealias Context = [TemplateKey: TemplateValue]

package struct PageContext {
    package let site: Site
    package let strings: [String: Strings]
    /// Per language, the parts that are the same on every page of that language.
    package let shared: [String: Context]
    /// Every page URL, to know where the language switcher can lead.
    package let urls: Set<String>
    /// Links in fallback copies, moved into the reader's language.
    package let fallbackLinks: FallbackLinks
    /// "lang\0translation key" → the URL of the fallback copy of that translation group in that language.
    package let fallbackCopies: [String: String]
    /// Values that depend only on a page's language, folder depth and section (navigation, the
    /// summary table), made once for each combination the site has instead of once per page.
    private var byPlace: [String: TemplateValue] = [:]
    /// Made for each page instead (`places: false`): a rebuild that renders a few pages of a
    /// large site should not first make them for every place.
    private let perPage: Bool
    /// Per section and folder depth, the sidebar entry of every page of the section (title,
    /// link, fallback), and each page's position in its section's list: made once, where
    /// building the links per page was most of the sidebar's cost and finding the page in a
    /// long list made it quadratic.
    private var sidebarItems: [String: [SidebarEntry]] = [:]
    private var positions: [Int: Int] = [:]
    /// Content path → URL of every page that is not a fallback copy, for the translation dashboards.
    private let urlsByPath: [String: String]

    /// `lang` of a page's context: code, name, locale, and `dir` ("rtl") only for a language
    /// written right to left (pages of other languages are unchanged).
    static func language(_ lang: LanguageConfig) -> Context {
        var c: Context = ["code": .string(lang.code), "name": .string(lang.name), "locale": .string(lang.locale)]
        if lang.direction == "rtl" { c["dir"] = "rtl" }
        return c
    }

    package init(site: Site, strings: [String: Strings], places: Bool = true) {
        self.site = site
        self.strings = strings
        var shared: [String: Context] = [:]
        for lang in site.config.languages {
            let s = strings[lang.code]
            shared[lang.code] = [
                "site": ["title": .string(lang.title ?? site.config.title), "base_url": .string(site.config.baseURL)],
                "lang": .map(Self.language(lang)),
                "t": .map(s?.templateValues(for: site.edition) ?? [:]),
            ]
        }
        self.shared = shared
        self.urls = Set(site.pages.map(\.url))
        var byURL: [String: Int] = [:], copies: [String: String] = [:]
        byURL.reserveCapacity(site.pages.count)
        for (i, p) in site.pages.enumerated() {
            byURL[p.url] = i
            if p.isFallback, let key = p.source?.translationKey { copies[p.lang + "\u{0}" + key] = p.url }
        }
        urlsByPath = site.dashboards.isEmpty ? [:] : Dictionary(site.pages.compactMap { p in p.isFallback ? nil : p.source.map { ($0.path, p.url) } }, uniquingKeysWith: { a, _ in a })
        fallbackLinks = FallbackLinks(site: site, byURL: byURL)
        fallbackCopies = copies
        perPage = !places
        var byPlace: [String: TemplateValue] = [:]
        for page in places ? site.pages : [] {
            let key = Self.placeKey(page)
            if byPlace["nav" + key] == nil { byPlace["nav" + key] = navigation(for: page) }
            if byPlace["summary" + key] == nil, let table = summaryTableValue(for: page) { byPlace["summary" + key] = table }
        }
        self.byPlace = byPlace
        for section in places ? Array(site.sections.values.joined()) : [] {
            for (n, i) in site.pages[section].children.enumerated() {
                positions[i] = n
                let key = Self.sidebarKey(section, site.pages[i])
                if sidebarItems[key] == nil { sidebarItems[key] = sidebarEntries(section: section, from: site.pages[i]) }
            }
        }
    }

    /// Language, depth and section: what navigation and the summary table depend on.
    private static func placeKey(_ page: SitePage) -> String {
        "\u{0}\(page.lang)\u{0}\(ContentPaths.rootPrefix(of: page.url))\u{0}\(page.kind == .home ? "" : page.section)"
    }

    private func navigation(for page: SitePage) -> TemplateValue {
        .maps((site.sections[page.lang] ?? []).map { i -> Context in
            ["title": .string(site.pages[i].title), "url": .string(link(site.pages[i].url, from: page)),
             "current": .bool(site.pages[i].section == page.section && page.kind != .home)]
        })
    }

    /// `html`: the page's body when it was taken out of the site (`Site.takeBodies`).
    package func context(for index: Int, html: String? = nil) -> Context {
        let page = site.pages[index]
        let config = site.config
        let root = ContentPaths.rootPrefix(of: page.url)
        let s = strings[page.lang]
        var c = shared[page.lang] ?? [:]
        c["root"] = .string(root)
        c["kind"] = .string(page.kind.rawValue)
        c[TemplateKey("is_" + page.kind.rawValue)] = true
        c["home_url"] = .string(link(site.homes[page.lang].map { site.pages[$0].url } ?? page.lang + "/", from: page))
        c["tags_url"] = .string(link(site.tagIndexes[page.lang].map { site.pages[$0].url } ?? page.lang + "/tags/", from: page))
        c["root_url"] = .string(root + "index.html")

        var p: Context = ["title": .string(page.title), "summary": .string(page.summary), "url": .string(link(page.url, from: page))]
        if let source = page.source {
            p["content"] = .string(fallbackLinks.localize(html ?? source.body.html, for: page))
            let toc = tableOfContents(source.body.tableOfContents)
            if !toc.isEmpty { p["toc"] = .maps(toc); p["has_toc"] = true }
            if let day = source.meta.date {
                p["date_iso"] = .string(day)
                p["date"] = .string(s?.formatDate(day) ?? day)
            }
            let tags = source.meta.tags.map { tag -> Context in
                ["name": .string(tag), "url": .string(link("\(page.lang)/tags/\(SiteAssembler.tagSegment(tag))/", from: page))]
            }
            if !tags.isEmpty { p["tags"] = .maps(tags); p["has_tags"] = true }
        }
        if page.isFallback, let from = config.language(page.contentLang), let to = config.language(page.lang) {
            p["content_lang"] = .string(from.locale)
            if let s { c["fallback_notice"] = .string(s.text("fallback_notice", ["language": to.name, "fallback_language": from.name])) }
        }
        if let notice = staleNotice(for: page, strings: s) { c["stale_notice"] = .map(notice) }
        c["page"] = .map(p)
        if page.kind == .translations { c["dashboard"] = .maps(dashboard(from: page, strings: s)) }
        if let d = site.dashboards[page.lang] { c["dashboard_url"] = .string(link(site.pages[d].url, from: page)) }

        let place = Self.placeKey(page)
        c["nav"] = byPlace["nav" + place] ?? navigation(for: page)
        if let table = perPage ? summaryTableValue(for: page) : byPlace["summary" + place] { c["summary_table"] = table }
        if page.kind == .page, let sectionIndex = (site.sections[page.lang] ?? []).first(where: { site.pages[$0].section == page.section }) {
            c["sidebar"] = .map(sidebar(section: sectionIndex, current: index, from: page, strings: s))
        }
        let list = page.children.map { listItem($0, from: page, strings: s) }
        if !list.isEmpty { c["list"] = .maps(list) }
        if let s, page.kind != .home { c["count_label"] = .string(s.plural("pages", count: list.count)) }
        if page.kind == .home {
            c["sections"] = .maps(page.children.map { i -> Context in
                var item = listItem(i, from: page, strings: s)
                // The home page previews each section; the section page has the full list.
                let children = site.pages[i].children
                item["pages"] = .maps(children.prefix(Self.homePreviewLimit).map { listItem($0, from: page, strings: s) })
                if children.count > Self.homePreviewLimit { item["more"] = true }
                if let s { item["count_label"] = .string(s.plural("pages", count: children.count)) }
                return item
            })
        }
        c["switcher"] = .maps(switcher(for: page))
        let alternates = self.alternates(for: page)
        if !alternates.isEmpty { c["alternates"] = .maps(alternates) }
        let canonical = page.isFallback ? page.translations[page.contentLang].flatMap { absolute(site.pages[$0].url) } : absolute(page.url)
        if let canonical { c["canonical"] = .string(canonical) }
        addTypeValues(&c, page: page)
        return c
    }

    /// The section's pages beside the content. A long section shows a window around the current
    /// page and a link to the full list: the sidebar must not make every page's size grow with
    /// the section's (40,000-page sites would write O(n²) bytes).
    package static let sidebarLimit = 30
    package static let homePreviewLimit = 12

    private func sidebar(section sectionIndex: Int, current index: Int, from page: SitePage, strings s: Strings?) -> Context {
        let section = site.pages[sectionIndex]
        let all = sidebarItems[Self.sidebarKey(sectionIndex, page)] ?? sidebarEntries(section: sectionIndex, from: page)
        var start = 0, end = all.count
        let at = positions[index] ?? section.children.firstIndex(of: index)
        if all.count > Self.sidebarLimit, let at {
            start = max(0, min(at - Self.sidebarLimit / 2, all.count - Self.sidebarLimit))
            end = start + Self.sidebarLimit
        }
        let shown = (start..<end).map { n -> TemplateValue in
            let entry = all[n]
            return .map([Self.titleKey: .string(entry.title), Self.urlKey: .string(entry.url), Self.currentKey: .bool(n == at), Self.fallbackKey: .bool(entry.fallback)])
        }
        var d: Context = ["title": .string(section.title), "url": .string(link(section.url, from: page)), "items": .list(shown)]
        if shown.count < section.children.count {
            d["more"] = .string(s?.plural("pages", count: section.children.count) ?? "\(section.children.count)")
        }
        return d
    }

    private static let titleKey: TemplateKey = "title", urlKey: TemplateKey = "url", currentKey: TemplateKey = "current", fallbackKey: TemplateKey = "fallback"

    private static func sidebarKey(_ section: Int, _ page: SitePage) -> String {
        "\(section)\u{0}\(ContentPaths.rootPrefix(of: page.url))"
    }

    /// A page in a section's sidebar, kept plain: a section's entries are held for every page
    /// of it, and as template maps they were a large part of a build's peak memory. Each page makes
    /// maps only for the window it shows.
    private struct SidebarEntry {
        let title: String
        let url: String
        let fallback: Bool
    }

    /// The section's entries as seen from `page` (links depend only on its depth).
    private func sidebarEntries(section: Int, from page: SitePage) -> [SidebarEntry] {
        site.pages[section].children.map { i in
            SidebarEntry(title: site.pages[i].title, url: link(site.pages[i].url, from: page), fallback: site.pages[i].isFallback)
        }
    }

    /// "This translation may be out of date …" with a link to the current source page.
    private func staleNotice(for page: SitePage, strings s: Strings?) -> Context? {
        guard let s, !page.isFallback, let source = page.source, let status = site.translations,
              let entry = status.entry(for: source.path), entry.state == .stale,
              let sourceLang = site.config.language(status.sourceLanguage) else { return nil }
        var notice: Context = [
            "text": .string(entry.sourceChanged.map { s.text("stale_notice", ["source_language": sourceLang.name, "date": s.formatDate($0)]) }
                ?? s.text("stale_notice_undated", ["source_language": sourceLang.name])),
            "link_text": .string(s.text("stale_link", ["source_language": sourceLang.name])),
            "source_locale": .string(sourceLang.locale),
        ]
        if let original = page.translations[status.sourceLanguage] { notice["url"] = .string(link(site.pages[original].url, from: page)) }
        let sections = changedSections(entry.changes, original: page.translations[status.sourceLanguage], from: page)
        if !sections.isEmpty { notice["sections"] = .maps(sections); notice["has_sections"] = true }
        return notice
    }

    private func dashboard(from page: SitePage, strings s: Strings?) -> [Context] {
        guard let status = site.translations else { return [] }
        let urls = urlsByPath
        return status.languages.map { lang, entries in
            let name = site.config.language(lang)?.name ?? lang
            var d: Context = ["code": .string(lang), "name": .string(name)]
            for state in TranslationStatus.State.allCases {
                d[TemplateKey(state.rawValue)] = .int(entries.filter { $0.state == state }.count)
            }
            d["entries"] = .maps(entries.filter { $0.state != .translated }.map { e -> Context in
                var item: Context = ["state": .string(e.state.rawValue), "state_label": .string(s?.text(e.state.rawValue) ?? e.state.rawValue),
                                     "path": .string(ContentPath(e.path).shown)]
                if let u = urls[e.path] { item["url"] = .string(link(u, from: page)) }
                if let sp = e.sourcePath, let u = urls[sp] { item["source_url"] = .string(link(u, from: page)); item["source_path"] = .string(ContentPath(sp).shown) }
                if let day = e.sourceChanged { item["source_changed"] = .string(s?.formatDate(day) ?? day); item["source_changed_iso"] = .string(day) }
                if let c = e.changes { item["changes"] = .map(changesValue(c, strings: s, sourceLocale: site.config.language(status.sourceLanguage)?.locale ?? status.sourceLanguage)) }
                return item
            })
            d["all_current"] = .bool(entries.allSatisfy { $0.state == .translated })
            return d
        }
    }

    package func link(_ url: String, from page: SitePage) -> String { ContentPaths.link(to: url, from: page.url) }

    /// Absolute URL for crawlers (canonical, hreflang, sitemap); relative when no base_url is set.
    package func absolute(_ url: String) -> String? {
        site.config.baseURL.isEmpty ? nil : site.config.baseURL + url
    }

    private func listItem(_ i: Int, from page: SitePage, strings s: Strings?) -> Context {
        let item = site.pages[i]
        var d: Context = ["title": .string(item.title), "summary": .string(item.summary), "url": .string(link(item.url, from: page))]
        if let day = item.source?.meta.date { d["date"] = .string(s?.formatDate(day) ?? day); d["date_iso"] = .string(day) }
        if item.isFallback, let from = site.config.language(item.contentLang) {
            d["fallback"] = true
            d["fallback_label"] = .string(s?.text("fallback_badge", ["language": from.name]) ?? from.name)
            d["content_lang"] = .string(from.locale)
        }
        return d
    }

    private func tableOfContents(_ headings: [Heading]) -> [Context] {
        var items: [Context] = []
        var children: [TemplateValue] = []
        func closeChildren() {
            guard !children.isEmpty, !items.isEmpty else { return }
            items[items.count - 1]["children"] = .list(children)
            items[items.count - 1]["has_children"] = true
            children = []
        }
        for h in headings {
            let entry: Context = ["id": .string(h.id), "text": .string(h.text)]
            if h.level == 3, !items.isEmpty {
                children.append(.map(entry))
            } else {
                closeChildren()
                items.append(entry)
            }
        }
        closeChildren()
        return items
    }

    /// One entry per language: the translation, else the fallback copy (marked missing),
    /// else that language's home (marked missing).
    private func switcher(for page: SitePage) -> [Context] {
        site.config.languages.map { lang in
            var d: Context = ["code": .string(lang.code), "name": .string(lang.name), "locale": .string(lang.locale), "current": .bool(lang.code == page.lang)]
            if let t = page.translations[lang.code] {
                d["url"] = .string(link(site.pages[t].url, from: page))
            } else {
                // The fallback copy of this page's translation group (its URL follows the page it
                // copies, which need not be this one's path with `translation_key`), else the same path.
                let copy = page.source.flatMap { fallbackCopies[lang.code + "\u{0}" + $0.translationKey] }
                let here = copy ?? PageURL(page.url).inLanguage(lang.code).path
                if urls.contains(here) {
                    d["url"] = .string(link(here, from: page))
                    // A content page that exists there only as a fallback copy is not translated.
                    if page.source != nil { d["missing"] = true }
                } else {
                    d["url"] = .string(link(site.homes[lang.code].map { site.pages[$0].url } ?? lang.code + "/", from: page))
                    d["missing"] = true
                }
            }
            return d
        }
    }

    /// hreflang links for real translations only (never for fallback copies), plus x-default.
    private func alternates(for page: SitePage) -> [Context] {
        guard !page.isFallback, page.translations.count > 1 else { return [] }
        var out: [Context] = []
        for lang in site.config.languages {
            guard let t = page.translations[lang.code] else { continue }
            out.append(["hreflang": .string(lang.locale), "href": .string(absolute(site.pages[t].url) ?? link(site.pages[t].url, from: page))])
        }
        if let d = page.translations[site.config.defaultLanguage] {
            out.append(["hreflang": "x-default", "href": .string(absolute(site.pages[d].url) ?? link(site.pages[d].url, from: page))])
        }
        return out
    }
}
