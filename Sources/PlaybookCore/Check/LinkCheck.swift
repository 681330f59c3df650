import Foundation
import TextFolding

/// Links written in pages: targets that are no page or file (`link/broken`, found while the
/// Markdown was rendered) and `#anchors` that name no id on the target page (`link/anchor`).
enum LinkCheck {
    /// Ids every page of the default theme has besides its body's.
    static let templateIds: Set<String> = ["pb-main", "pb-toc-title", "pb-facts", "pb-timeline", "pb-action-items", "pb-email", "pb-summary-table", "pb-postmortem-index"]

    static func run(_ site: Site, lines: SourceLines) -> [Diagnostic] {
        let byURL = urlIndex(site)
        let pages = site.pages.filter(isChecked)
        let names = fileNames(site)
        return parallelMap(pages) { check($0, in: site, byURL: byURL, lines: lines, names: names).errors }.flatMap { $0 }
    }

    /// Content paths of the pages by lower-cased file name without ".md" ("about" → ["en/x/about.md"]):
    /// where a broken link's target may have gone.
    static func fileNames(_ site: Site) -> [String: [String]] {
        var names: [String: [String]] = [:]
        for page in site.pages where isChecked(page) {
            let path = page.source!.path
            let name = path.split(separator: "/").last.map { $0.hasSuffix(".md") ? $0.dropLast(3) : $0 } ?? ""
            names[name.lowercased(), default: []].append(path)
        }
        return names
    }

    /// What to do about a link from content path `from` to `link` that leads nowhere: a page of
    /// the same language with the link's file name, written relative to `from`, when there is one.
    static func hint(for link: String, from: String, names: [String: [String]]) -> String {
        let target = link.split(separator: "#").first.map(String.init) ?? link
        var name = target.split(separator: "/").last.map(String.init) ?? target
        if name.hasSuffix(".md") { name.removeLast(3) }
        let lang = from.prefix { $0 != "/" }
        if let candidate = names[name.lowercased()]?.first(where: { $0.hasPrefix(lang + "/") }) {
            return "fix the path: did you mean `\(relative(candidate, from: from))`?"
        }
        return "fix the path (links are relative to this file's folder, content/\(from.split(separator: "/").dropLast().joined(separator: "/"))/) or remove the link"
    }

    /// Content path `path` written relative to the folder of content path `from`.
    static func relative(_ path: String, from: String) -> String {
        let a = from.split(separator: "/").dropLast(), b = path.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count - 1, a[a.startIndex + common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...].map(String.init)).joined(separator: "/")
    }

    /// The pages whose links are checked: every page with a file, once (not its fallback copies).
    static func isChecked(_ page: SitePage) -> Bool { !page.isFallback && page.source != nil }

    static func urlIndex(_ site: Site) -> [String: Int] {
        var byURL: [String: Int] = [:]
        byURL.reserveCapacity(site.pages.count)
        for (i, p) in site.pages.enumerated() { byURL[p.url] = i }
        return byURL
    }

    /// The link diagnostics of one page, and the URLs of the other pages whose ids its anchors were
    /// looked up on (found or not): its result changes only when it or one of those does.
    static func check(_ page: SitePage, in site: Site, byURL: [String: Int], lines: SourceLines, names: [String: [String]] = [:]) -> (errors: [Diagnostic], targets: [String]) {
        /// Whether `page` has an element with `id`: its headings first (cheap), else any id in its body.
        func has(_ id: String, on page: SitePage) -> Bool {
            if templateIds.contains(id) { return true }
            guard let body = page.source?.body else { return false }
            return body.headings.contains { $0.id == id } || idsIn(body.html).contains(id)
        }
        let source = page.source!
        var errors: [Diagnostic] = []
        var targets: [String] = []
        let file = "content/" + source.path
        for link in source.body.unresolvedLinks {
            errors.append(Diagnostic(file: file, line: lines.line(in: source.path, containing: "(" + link) ?? lines.line(in: source.path, containing: link),
                                     "link to `\(link)` leads to no page or file; " + hint(for: link, from: source.path, names: names),
                                     rule: "link/broken"))
        }
        let root = ContentPaths.rootPrefix(of: page.url)
        for href in hrefs(in: source.body.html) {
            guard let hash = href.firstIndex(of: "#") else { continue }
            let path = String(href[..<hash])
            let raw = String(href[href.index(after: hash)...])
            let fragment = ContentPaths.percentDecoded(raw) ?? raw
            if fragment.isEmpty { continue }
            let target: SitePage
            if path.isEmpty {
                target = page
            } else {
                guard path.hasPrefix(root), path.hasSuffix("index.html"), !path.contains("://") else { continue }
                let url = String(path.dropFirst(root.count).dropLast("index.html".count))
                targets.append(url)
                guard let t = byURL[url] else { continue }
                target = site.pages[t]
            }
            if !has(fragment, on: target) {
                let shown = target.source.map { "content/" + $0.path } ?? "/" + target.url
                errors.append(Diagnostic(file: file, line: lines.line(in: source.path, containing: "#" + fragment),
                                         "link to `#\(fragment)` on \(shown): that page has no heading or element with this id; link to one of its headings",
                                         rule: "link/anchor"))
            }
        }
        return (errors, targets)
    }

    /// Values of `href="…"` in rendered HTML, with `&amp;` undone.
    static func hrefs(in html: String) -> [String] { attributeValues("href", in: html) }

    static func idsIn(_ html: String) -> Set<String> { Set(attributeValues("id", in: html)) }

    /// Finds each `="` (rare in text, found with memchr) and checks the name before it: a byte
    /// loop over every page's HTML, twice, was 2% of a big build.
    private static func attributeValues(_ name: String, in html: String) -> [String] {
        let needle = Array(" \(name)=\"".utf8)
        var html = html
        return html.withUTF8 { bytes -> [String] in
            var out: [String] = []
            let n = needle.count
            var from = n - 2
            while let eq = ByteSearch.firstIndex(of: 0x3D, in: bytes, from: from) {
                from = eq + 1
                guard eq + 1 < bytes.count, bytes[eq + 1] == 0x22, eq >= n - 2 else { continue }
                let i = eq - (n - 2)
                var match = true
                for k in 0..<(n - 2) where bytes[i + k] != needle[k] { match = false; break }
                guard match else { continue }
                let start = eq + 2
                let end = ByteSearch.firstIndex(of: 0x22, in: bytes, from: start) ?? bytes.count
                let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                out.append(ByteSearch.contains(value, "&amp;") ? value.replacingOccurrences(of: "&amp;", with: "&") : value)
                from = end
            }
            return out
        }
    }
}
