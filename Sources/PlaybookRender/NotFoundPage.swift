import PlaybookAssemble
import PlaybookModel

/// The site's `404.html`, at the top of the output, for static hosts (GitHub Pages, Netlify,
/// nginx `error_page`) and `playbook serve` to answer a missing address with.
///
/// A host serves this one file at whatever depth the missing address has, under whatever prefix
/// the site is published, so no relative link in it can be right in advance. So its styles are
/// inline, and an inline script (`assets/not-found.js`) finds the site root — the nearest folder
/// above the address that answers for `404.html` — and points the links, the search box and the
/// site's scripts there. Both are allowed by their SHA-256 in the page's Content-Security-Policy
/// (CSP Level 2 hash-sources), so the policy still allows no other inline code.
package enum NotFoundPage {
    package static let path = "404.html"
    package static let template = "404"
    /// Scripts the page loads from the site root once it is known (site.js loads search.js
    /// when the search box is first used).
    package static let scripts = ["assets/site.js"]

    /// The page in the default language, with every language's home linked in its own language;
    /// nil when the theme has no `404` template.
    package static func render(site: Site, theme: Theme, strings: [String: Strings]) -> [UInt8]? {
        guard theme.has(template) else { return nil }
        let config = site.config
        var extended = site
        extended.pages.append(SitePage(kind: .page, lang: config.defaultLanguage, contentLang: config.defaultLanguage, url: "",
                                       source: nil, title: strings[config.defaultLanguage]?.text("not_found_title") ?? "Page not found",
                                       summary: "", tag: nil))
        var c = PageContext(site: extended, strings: strings, places: false).context(for: extended.pages.count - 1)
        c["kind"] = "404"
        c["is_page"] = nil
        c["is_404"] = true
        c["count_label"] = nil
        let homes = config.languages.map { lang -> Context in
            let s = strings[lang.code]
            return ["code": .string(lang.code), "name": .string(lang.name), "locale": .string(lang.locale),
                    "url": .string(ContentPaths.link(to: site.homes[lang.code].map { site.pages[$0].url } ?? lang.code + "/", from: "")),
                    "title": .string(s?.text("not_found_title") ?? "Page not found"),
                    "text": .string(s?.text("not_found_text") ?? ""),
                    "home_label": .string(s?.text("not_found_home") ?? lang.name),
                    "current": .bool(lang.code == config.defaultLanguage)]
        }
        c["languages"] = .maps(homes)
        // The language switcher leads to each language's home (there is no page to translate).
        c["switcher"] = .maps(homes.map { h in
            ["code": h["code"]!, "name": h["name"]!, "locale": h["locale"]!, "url": h["url"]!, "current": h["current"]!]
        })
        let css = ["assets/style.css", "assets/search.css"].compactMap { asset(theme, $0) }.joined(separator: "\n")
        let script = asset(theme, "assets/not-found.js") ?? ""
        c["inline_css"] = .string(css)
        c["inline_script"] = .string(script)
        c["csp_style"] = .string(SHA256.cspSource(css))
        c["csp_script"] = .string(SHA256.cspSource(script))
        c["scripts"] = .string(scripts.joined(separator: " "))
        c["language_codes"] = .string(config.languages.map(\.code).joined(separator: " "))
        return theme.render(template, c)
    }

    private static func asset(_ theme: Theme, _ path: String) -> String? {
        theme.assets.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }
}
