import Escaping
import PlaybookAssemble
import PlaybookModel
import Templates
import TextFolding

/// The render stage: one HTML document per site page, plus the site-wide files.
package struct SiteRenderer {
    package let site: Site
    package let theme: Theme
    package let strings: [String: Strings]
    package let contexts: PageContext

    /// `places`: see `PageContext` (false when rendering a few pages of a large site).
    package init(site: Site, theme: Theme, strings: [String: Strings], places: Bool = true) {
        self.site = site
        self.theme = theme
        self.strings = strings
        self.contexts = PageContext(site: site, strings: strings, places: places)
    }

    package static func outputPath(of url: String) -> String { url + "index.html" }

    /// `html`: the page's body when it was taken out of the site (`Site.takeBodies`).
    package func render(page index: Int, html: String? = nil) -> [UInt8] {
        theme.render(template(for: site.pages[index]), contexts.context(for: index, html: html))
    }

    /// The template by content type, when the theme has it: `postmortem`, `apology` for those
    /// pages, `section-<name>` for a section's index (`section-postmortems`); else the kind's.
    package func template(for page: SitePage) -> String {
        var candidates: [String] = []
        if page.kind == .section { candidates.append("section-" + page.section) }
        if page.kind == .page, let path = page.source?.path {
            if site.types.postmortems[path] != nil { candidates.append("postmortem") }
            if let a = site.types.apologies[path], !a.isGuide { candidates.append("apology") }
        }
        return candidates.first(where: theme.has) ?? page.kind.rawValue
    }

    /// The root index.html: sends readers to their language (by browser preference), with
    /// plain links for anyone without JavaScript.
    package func renderRoot() -> [UInt8] {
        let config = site.config
        let languages = config.languages.map { lang -> Context in
            ["code": .string(lang.code), "name": .string(lang.name), "locale": .string(lang.locale), "url": .string("\(lang.code)/index.html")]
        }
        let s = strings[config.defaultLanguage]
        let c: Context = [
            "site": ["title": .string(config.title)], "languages": .maps(languages), "root": "",
            "default_language": .string(config.defaultLanguage),
            "t": .map(s?.templateValues(for: site.edition) ?? [:]),
            "lang": ["code": .string(config.defaultLanguage), "locale": .string(config.language(config.defaultLanguage)?.locale ?? config.defaultLanguage)],
            "default_url": .string("\(config.defaultLanguage)/index.html"),
        ]
        return theme.render("root", c)
    }

    /// Redirect pages for `aliases:` (old URLs that should keep working).
    package func aliases() -> [(path: String, html: String)] {
        var out: [(String, String)] = []
        for page in site.pages where !page.isFallback {
            for alias in page.source?.meta.aliases ?? [] {
                let parts = alias.split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }
                guard !parts.isEmpty else { continue }
                let dir = parts.joined(separator: "/") + "/"
                let target = ContentPaths.link(to: page.url, from: dir)
                let href = HTMLEscape.escape(target)
                out.append((dir + "index.html", "<!doctype html><html><head><meta charset=\"utf-8\"><title>\(HTMLEscape.escape(page.title))</title><link rel=\"canonical\" href=\"\(href)\"><meta http-equiv=\"refresh\" content=\"0; url=\(href)\"></head><body><p><a href=\"\(href)\">\(HTMLEscape.escape(page.title))</a></p></body></html>\n"))
            }
        }
        return out
    }
}
