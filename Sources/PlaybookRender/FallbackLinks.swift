import PlaybookAssemble
import PlaybookModel
import TextFolding

/// A fallback copy shows its original's body, whose links lead to pages of the original's
/// language. In the copy they lead to the same pages in the reader's language instead — the
/// translation (wherever `translation_key` put it), else that language's fallback copy — so a
/// reader who lands on a fallback stays in their language on the next click.
package struct FallbackLinks {
    package let site: Site
    /// Page URL → index in `site.pages`.
    package let byURL: [String: Int]

    /// `html` (the original's body) with its links moved into `page.lang`; `html` itself when
    /// nothing points into the original's language.
    package func localize(_ html: String, for page: SitePage) -> String {
        guard page.isFallback else { return html }
        let root = ContentPaths.rootPrefix(of: page.url)
        let needle = "href=\"" + root + page.contentLang + "/"
        guard ByteSearch.contains(html, needle) else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + 64)
        var rest = Substring(html)
        while let found = rest.range(of: needle) {
            let valueStart = rest.index(found.lowerBound, offsetBy: "href=\"".count)
            guard let valueEnd = rest[valueStart...].firstIndex(of: "\"") else { break }
            out += rest[..<valueStart]
            let value = rest[valueStart..<valueEnd]
            out += localized(value.dropFirst(root.count), page: page).map { root + $0 } ?? String(value)
            rest = rest[valueEnd...]
        }
        out += rest
        return out
    }

    /// "en/playbook/stop/index.html#x" → "nl/playbook/stoppen/index.html#x" for a copy in nl.
    private func localized(_ target: Substring, page: SitePage) -> String? {
        var path = target, suffix: Substring = ""
        if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { suffix = path[cut...]; path = path[..<cut] }
        guard path.hasSuffix("index.html") else { return nil }
        let url = String(path.dropLast("index.html".count))
        guard let i = byURL[url] else { return nil }
        let original = site.pages[i]
        if let t = original.translations[page.lang] { return site.pages[t].url + "index.html" + suffix }
        let here = PageURL(url).inLanguage(page.lang).path
        guard let j = byURL[here], site.pages[j].kind == original.kind else { return nil }
        return here + "index.html" + suffix
    }
}
