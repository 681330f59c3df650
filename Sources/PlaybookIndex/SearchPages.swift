import PlaybookAssemble
import PlaybookModel
import PlaybookRender

/// `<lang>/search/index.html`: the full search page of each language (the query comes in the
/// URL: `…/en/search/index.html?q=apology`). Rendered with the theme's `search` template and
/// the same page context as every other page.
package enum SearchPages {
    package static func url(_ lang: String) -> String { "\(lang)/search/" }

    package static func render(site: Site, theme: Theme, strings: [String: Strings]) -> [(path: String, html: [UInt8])] {
        var extended = site
        var indexes: [String: Int] = [:]
        for lang in site.config.languages {
            let title = strings[lang.code]?.text("search") ?? "Search"
            indexes[lang.code] = extended.pages.count
            extended.pages.append(SitePage(kind: .page, lang: lang.code, contentLang: lang.code, url: url(lang.code),
                                           source: nil, title: title, summary: "", tag: nil))
        }
        // Four pages: their navigation is made for each (`places: false`), not for every place of the site.
        let contexts = PageContext(site: extended, strings: strings, places: false)
        return site.config.languages.map { lang in
            var c = contexts.context(for: indexes[lang.code]!)
            c["kind"] = "search"
            c["is_page"] = nil
            c["is_search"] = true
            return (SiteRenderer.outputPath(of: url(lang.code)), theme.render("search", c))
        }
    }
}
