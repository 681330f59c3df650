import Escaping
import PlaybookAssemble
import TextFolding

/// sitemap.xml with xhtml:link hreflang alternates for real translations (fallback copies
/// are left out: they are not pages of their own).
package enum Sitemap {
    package static func xml(for site: Site) -> String? {
        let base = site.config.baseURL
        guard !base.isEmpty else { return nil }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        for page in site.pages where !page.isFallback {
            out += "  <url>\n    <loc>\(HTMLEscape.escape(base + page.url))</loc>\n"
            if let day = page.source?.meta.date { out += "    <lastmod>\(day)</lastmod>\n" }
            if page.translations.count > 1 {
                for lang in site.config.languages {
                    guard let t = page.translations[lang.code] else { continue }
                    out += "    <xhtml:link rel=\"alternate\" hreflang=\"\(HTMLEscape.escape(lang.locale))\" href=\"\(HTMLEscape.escape(base + site.pages[t].url))\"/>\n"
                }
                if let d = page.translations[site.config.defaultLanguage] {
                    out += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(HTMLEscape.escape(base + site.pages[d].url))\"/>\n"
                }
            }
            out += "  </url>\n"
        }
        return out + "</urlset>\n"
    }
}
