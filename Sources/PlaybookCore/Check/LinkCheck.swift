import Foundation

/// Links written in pages: targets that are no page or file (`link/broken`, found while the
/// Markdown was rendered) and `#anchors` that name no id on the target page (`link/anchor`).
enum LinkCheck {
    /// Ids every page of the default theme has besides its body's.
    static let templateIds: Set<String> = ["pb-main", "pb-toc-title", "pb-facts", "pb-timeline", "pb-action-items", "pb-email", "pb-summary-table", "pb-postmortem-index"]

    static func run(_ site: Site, lines: SourceLines) -> [BuildError] {
        var errors: [BuildError] = []
        var byURL: [String: Int] = [:]
        for (i, p) in site.pages.enumerated() { byURL[p.url] = i }
        var idCache: [String: Set<String>] = [:]
        func ids(of page: SitePage) -> Set<String> {
            guard let source = page.source else { return templateIds }
            if let cached = idCache[source.path] { return cached }
            let found = templateIds.union(idsIn(source.body.html))
            idCache[source.path] = found
            return found
        }
        for page in site.pages where !page.isFallback {
            guard let source = page.source else { continue }
            let file = "content/" + source.path
            for link in source.body.unresolvedLinks {
                errors.append(BuildError(file: file, line: lines.line(in: source.path, containing: "(" + link) ?? lines.line(in: source.path, containing: link),
                                         "link to `\(link)` leads to no page or file; fix the path (relative to this file, for example ../playbook/01-own-the-problem.md)",
                                         rule: "link/broken"))
            }
            let root = ContentPaths.rootPrefix(of: page.url)
            for href in hrefs(in: source.body.html) where href.contains("#") {
                let hash = href.firstIndex(of: "#")!
                let path = String(href[..<hash])
                let fragment = String(href[href.index(after: hash)...]).removingPercentEncoding ?? String(href[href.index(after: hash)...])
                if fragment.isEmpty { continue }
                let target: SitePage
                if path.isEmpty {
                    target = page
                } else {
                    guard path.hasPrefix(root), path.hasSuffix("index.html"), !path.contains("://") else { continue }
                    let url = String(path.dropFirst(root.count).dropLast("index.html".count))
                    guard let t = byURL[url] else { continue }
                    target = site.pages[t]
                }
                if !ids(of: target).contains(fragment) {
                    let shown = target.source.map { "content/" + $0.path } ?? "/" + target.url
                    errors.append(BuildError(file: file, line: lines.line(in: source.path, containing: "#" + fragment),
                                             "link to `#\(fragment)` on \(shown): that page has no heading or element with this id; link to one of its headings",
                                             rule: "link/anchor"))
                }
            }
        }
        return errors
    }

    /// Values of `href="…"` in rendered HTML, with `&amp;` undone.
    static func hrefs(in html: String) -> [String] { attributeValues("href", in: html) }

    static func idsIn(_ html: String) -> Set<String> { Set(attributeValues("id", in: html)) }

    private static func attributeValues(_ name: String, in html: String) -> [String] {
        var out: [String] = []
        let needle = Array(" \(name)=\"".utf8)
        let bytes = Array(html.utf8)
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                let start = i + needle.count
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\"") { end += 1 }
                out.append(String(decoding: bytes[start..<end], as: UTF8.self).replacingOccurrences(of: "&amp;", with: "&"))
                i = end
            } else {
                i += 1
            }
        }
        return out
    }
}
