import Markdown
import TextFolding

/// Builds the dictionary a template sees for one page. Dictionaries, not structs: swift-mustache
/// reads structs through Mirror, 3× slower. The keys are documented in templates/README.md.
struct PageContext {
    let site: Site
    let strings: [String: Strings]
    /// Per language, the parts that are the same on every page of that language.
    let shared: [String: [String: Any]]
    /// Every page URL, to know where the language switcher can lead.
    let urls: Set<String>

    init(site: Site, strings: [String: Strings]) {
        self.site = site
        self.strings = strings
        var shared: [String: [String: Any]] = [:]
        for lang in site.config.languages {
            let s = strings[lang.code]
            shared[lang.code] = [
                "site": ["title": lang.title ?? site.config.title, "base_url": site.config.baseURL],
                "lang": ["code": lang.code, "name": lang.name, "locale": lang.locale],
                "t": s?.templateValues ?? [:],
            ]
        }
        self.shared = shared
        self.urls = Set(site.pages.map(\.url))
    }

    func context(for index: Int) -> [String: Any] {
        let page = site.pages[index]
        let config = site.config
        let root = ContentPaths.rootPrefix(of: page.url)
        let s = strings[page.lang]
        var c = shared[page.lang] ?? [:]
        c["root"] = root
        c["kind"] = page.kind.rawValue
        c["is_" + page.kind.rawValue] = true
        c["home_url"] = link(site.homes[page.lang].map { site.pages[$0].url } ?? page.lang + "/", from: page)
        c["tags_url"] = link(site.tagIndexes[page.lang].map { site.pages[$0].url } ?? page.lang + "/tags/", from: page)
        c["root_url"] = root + "index.html"

        var p: [String: Any] = ["title": page.title, "summary": page.summary, "url": link(page.url, from: page)]
        if let source = page.source {
            p["content"] = source.body.html
            let toc = tableOfContents(source.body.tableOfContents)
            if !toc.isEmpty { p["toc"] = toc; p["has_toc"] = true }
            if let day = source.meta.date {
                p["date_iso"] = day
                p["date"] = s?.formatDate(day) ?? day
            }
            let tags = source.meta.tags.map { tag in
                ["name": tag, "url": link("\(page.lang)/tags/\(TextFold.slug(tag))/", from: page)]
            }
            if !tags.isEmpty { p["tags"] = tags; p["has_tags"] = true }
        }
        if page.isFallback, let from = config.language(page.contentLang), let to = config.language(page.lang) {
            p["content_lang"] = from.locale
            c["fallback_notice"] = s?.text("fallback_notice", ["language": to.name, "fallback_language": from.name])
        }
        if let notice = staleNotice(for: page, strings: s) { c["stale_notice"] = notice }
        c["page"] = p
        if page.kind == .translations { c["dashboard"] = dashboard(from: page, strings: s) }
        if let d = site.dashboards[page.lang] { c["dashboard_url"] = link(site.pages[d].url, from: page) }

        c["nav"] = (site.sections[page.lang] ?? []).map { i -> [String: Any] in
            let section = site.pages[i]
            return ["title": section.title, "url": link(section.url, from: page), "current": section.section == page.section && page.kind != .home]
        }
        if page.kind == .page, let sectionIndex = (site.sections[page.lang] ?? []).first(where: { site.pages[$0].section == page.section }) {
            c["sidebar"] = sidebar(section: sectionIndex, current: index, from: page, strings: s)
        }
        let list = page.children.map { listItem($0, from: page, strings: s) }
        if !list.isEmpty { c["list"] = list }
        if let s, page.kind != .home { c["count_label"] = s.plural("pages", count: list.count) }
        if page.kind == .home {
            c["sections"] = page.children.map { i -> [String: Any] in
                var item = listItem(i, from: page, strings: s)
                // The home page previews each section; the section page has the full list.
                let children = site.pages[i].children
                item["pages"] = children.prefix(Self.homePreviewLimit).map { listItem($0, from: page, strings: s) }
                if children.count > Self.homePreviewLimit { item["more"] = true }
                if let s { item["count_label"] = s.plural("pages", count: site.pages[i].children.count) }
                return item
            }
        }
        c["switcher"] = switcher(for: page)
        let alternates = self.alternates(for: page)
        if !alternates.isEmpty { c["alternates"] = alternates }
        if !page.isFallback { c["canonical"] = absolute(page.url) }
        else if let original = page.translations[page.contentLang] { c["canonical"] = absolute(site.pages[original].url) }
        addTypeValues(&c, page: page)
        return c
    }

    /// The section's pages beside the content. A long section shows a window around the current
    /// page and a link to the full list: the sidebar must not make every page's size grow with
    /// the section's (40,000-page sites would write O(n²) bytes).
    static let sidebarLimit = 30
    static let homePreviewLimit = 12

    private func sidebar(section sectionIndex: Int, current index: Int, from page: SitePage, strings s: Strings?) -> [String: Any] {
        let section = site.pages[sectionIndex]
        var shown = section.children[...]
        if shown.count > Self.sidebarLimit, let at = section.children.firstIndex(of: index) {
            let start = max(0, min(at - Self.sidebarLimit / 2, section.children.count - Self.sidebarLimit))
            shown = section.children[start..<(start + Self.sidebarLimit)]
        }
        var d: [String: Any] = [
            "title": section.title, "url": link(section.url, from: page),
            "items": shown.map { i -> [String: Any] in
                let child = site.pages[i]
                return ["title": child.title, "url": link(child.url, from: page), "current": i == index, "fallback": child.isFallback]
            },
        ]
        if shown.count < section.children.count {
            d["more"] = s?.plural("pages", count: section.children.count) ?? "\(section.children.count)"
        }
        return d
    }

    /// "This translation may be out of date …" with a link to the current source page.
    private func staleNotice(for page: SitePage, strings s: Strings?) -> [String: Any]? {
        guard let s, !page.isFallback, let source = page.source, let status = site.translations,
              let entry = status.entry(for: source.path), entry.state == .stale,
              let sourceLang = site.config.language(status.sourceLanguage) else { return nil }
        var notice: [String: Any] = [
            "text": entry.sourceChanged.map { s.text("stale_notice", ["source_language": sourceLang.name, "date": s.formatDate($0)]) }
                ?? s.text("stale_notice_undated", ["source_language": sourceLang.name]),
            "link_text": s.text("stale_link", ["source_language": sourceLang.name]),
            "source_locale": sourceLang.locale,
        ]
        if let original = page.translations[status.sourceLanguage] { notice["url"] = link(site.pages[original].url, from: page) }
        return notice
    }

    private func dashboard(from page: SitePage, strings s: Strings?) -> [[String: Any]] {
        guard let status = site.translations else { return [] }
        let urls = Dictionary(site.pages.compactMap { p in p.isFallback ? nil : p.source.map { ($0.path, p.url) } }, uniquingKeysWith: { a, _ in a })
        return status.languages.map { lang, entries in
            let name = site.config.language(lang)?.name ?? lang
            var d: [String: Any] = ["code": lang, "name": name]
            for state in TranslationStatus.State.allCases {
                d[state.rawValue] = entries.filter { $0.state == state }.count
            }
            d["entries"] = entries.filter { $0.state != .translated }.map { e -> [String: Any] in
                var item: [String: Any] = ["state": e.state.rawValue, "state_label": s?.text(e.state.rawValue) ?? e.state.rawValue, "path": "content/" + e.path]
                if let u = urls[e.path] { item["url"] = link(u, from: page) }
                if let sp = e.sourcePath, let u = urls[sp] { item["source_url"] = link(u, from: page); item["source_path"] = "content/" + sp }
                if let day = e.sourceChanged { item["source_changed"] = s?.formatDate(day) ?? day }
                return item
            }
            d["all_current"] = entries.allSatisfy { $0.state == .translated }
            return d
        }
    }

    func link(_ url: String, from page: SitePage) -> String { ContentPaths.link(to: url, from: page.url) }

    /// Absolute URL for crawlers (canonical, hreflang, sitemap); relative when no base_url is set.
    func absolute(_ url: String) -> String? {
        site.config.baseURL.isEmpty ? nil : site.config.baseURL + url
    }

    private func listItem(_ i: Int, from page: SitePage, strings s: Strings?) -> [String: Any] {
        let item = site.pages[i]
        var d: [String: Any] = ["title": item.title, "summary": item.summary, "url": link(item.url, from: page)]
        if let day = item.source?.meta.date { d["date"] = s?.formatDate(day) ?? day; d["date_iso"] = day }
        if item.isFallback, let from = site.config.language(item.contentLang) {
            d["fallback"] = true
            d["fallback_label"] = s?.text("fallback_badge", ["language": from.name]) ?? from.name
            d["content_lang"] = from.locale
        }
        return d
    }

    private func tableOfContents(_ headings: [Heading]) -> [[String: Any]] {
        var items: [[String: Any]] = []
        for h in headings {
            let entry: [String: Any] = ["id": h.id, "text": h.text]
            if h.level == 3, var last = items.popLast() {
                var children = last["children"] as? [[String: Any]] ?? []
                children.append(entry)
                last["children"] = children
                last["has_children"] = true
                items.append(last)
            } else {
                items.append(entry)
            }
        }
        return items
    }

    /// One entry per language: the translation, else the fallback copy (marked missing),
    /// else that language's home (marked missing).
    private func switcher(for page: SitePage) -> [[String: Any]] {
        site.config.languages.map { lang in
            var d: [String: Any] = ["code": lang.code, "name": lang.name, "locale": lang.locale, "current": lang.code == page.lang]
            if let t = page.translations[lang.code] {
                d["url"] = link(site.pages[t].url, from: page)
            } else {
                let here = lang.code + page.url.dropFirst(page.lang.count)
                if urls.contains(here) {
                    d["url"] = link(here, from: page)
                    // A content page that exists there only as a fallback copy is not translated.
                    if page.source != nil { d["missing"] = true }
                } else {
                    d["url"] = link(site.homes[lang.code].map { site.pages[$0].url } ?? lang.code + "/", from: page)
                    d["missing"] = true
                }
            }
            return d
        }
    }

    /// hreflang links for real translations only (never for fallback copies), plus x-default.
    private func alternates(for page: SitePage) -> [[String: String]] {
        guard !page.isFallback, page.translations.count > 1 else { return [] }
        var out: [[String: String]] = []
        for lang in site.config.languages {
            guard let t = page.translations[lang.code] else { continue }
            out.append(["hreflang": lang.locale, "href": absolute(site.pages[t].url) ?? link(site.pages[t].url, from: page)])
        }
        if let d = page.translations[site.config.defaultLanguage] {
            out.append(["hreflang": "x-default", "href": absolute(site.pages[d].url) ?? link(site.pages[d].url, from: page)])
        }
        return out
    }
}

