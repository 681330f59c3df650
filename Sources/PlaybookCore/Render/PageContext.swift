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
                "site": ["title": site.config.title, "base_url": site.config.baseURL],
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
        c["page"] = p

        c["nav"] = (site.sections[page.lang] ?? []).map { i -> [String: Any] in
            let section = site.pages[i]
            return ["title": section.title, "url": link(section.url, from: page), "current": section.section == page.section && page.kind != .home]
        }
        if page.kind == .page, let sectionIndex = (site.sections[page.lang] ?? []).first(where: { site.pages[$0].section == page.section }) {
            let section = site.pages[sectionIndex]
            c["sidebar"] = [
                "title": section.title, "url": link(section.url, from: page),
                "items": section.children.map { i -> [String: Any] in
                    let child = site.pages[i]
                    return ["title": child.title, "url": link(child.url, from: page), "current": i == index, "fallback": child.isFallback]
                },
            ] as [String: Any]
        }
        let list = page.children.map { listItem($0, from: page, strings: s) }
        if !list.isEmpty { c["list"] = list }
        if let s, page.kind != .home { c["count_label"] = s.plural("pages", count: list.count) }
        if page.kind == .home {
            c["sections"] = page.children.map { i -> [String: Any] in
                var item = listItem(i, from: page, strings: s)
                item["pages"] = site.pages[i].children.map { listItem($0, from: page, strings: s) }
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

