import Foundation
import PlaybookAssemble
import PlaybookModel
import PlaybookParse
import TextFolding

/// Links written in pages: targets that are no page or file (`link/broken`, found while the
/// Markdown was rendered) and `#anchors` that name no id on the target page (`link/anchor`).
/// Every occurrence is reported on its own line (cmark's source positions, kept in `PageLinks`),
/// with the nearest name or id the target has.
package enum LinkCheck {
    /// Ids every page of the default theme has besides its body's.
    package static let templateIds: Set<String> = ["pb-main", "pb-toc-title", "pb-facts", "pb-timeline", "pb-action-items", "pb-email", "pb-summary-table", "pb-postmortem-index"]

    package static func run(_ site: Site) -> [Diagnostic] {
        let byURL = urlIndex(site)
        let pages = site.pages.filter(isChecked)
        return parallelMap(pages) { check($0, in: site, byURL: byURL).errors }.flatMap { $0 }
    }

    /// The pages whose links are checked: every page with a file, once (not its fallback copies).
    package static func isChecked(_ page: SitePage) -> Bool { !page.isFallback && page.source != nil }

    package static func urlIndex(_ site: Site) -> [String: Int] {
        var byURL: [String: Int] = [:]
        byURL.reserveCapacity(site.pages.count)
        for (i, p) in site.pages.enumerated() { byURL[p.url] = i }
        return byURL
    }

    /// The link diagnostics of one page, and the URLs of the other pages whose ids its anchors were
    /// looked up on (found or not): its result changes only when it or one of those does.
    /// Linear in the page's links: each target page's ids are gathered once.
    package static func check(_ page: SitePage, in site: Site, byURL: [String: Int]) -> (errors: [Diagnostic], targets: [String]) {
        let source = page.source!
        let file = ContentPath(source.path).shown
        var errors: [Diagnostic] = []
        var targets: [String] = []
        for link in source.links.broken {
            let advice = link.suggestion.map { "did you mean `\($0)`?" }
                ?? "fix the path (relative to this file, or /path from the language folder) or add the file"
            errors.append(Diagnostic(file: file, line: link.line, "link to `\(link.written)` leads to no page or file; \(advice)", rule: "link/broken"))
        }
        var allIds: [Int: Set<String>] = [:]
        func ids(of i: Int) -> Set<String> {
            if let known = allIds[i] { return known }
            var found = templateIds
            if let body = site.pages[i].source?.body {
                for h in body.headings { found.insert(h.id) }
                found.formUnion(idsIn(body.html))
            }
            allIds[i] = found
            return found
        }
        for anchor in source.links.anchors {
            let index: Int
            if let url = anchor.page {
                targets.append(url)
                guard let t = byURL[url] else { continue }
                index = t
            } else {
                guard let t = byURL[page.url] else { continue }
                index = t
            }
            let target = site.pages[index]
            // Headings first (cheap); every id of the body only when they do not have it.
            if templateIds.contains(anchor.id) || target.source?.body.headings.contains(where: { $0.id == anchor.id }) == true { continue }
            let known = ids(of: index)
            if known.contains(anchor.id) { continue }
            let shown = anchor.page == nil ? "this page" : target.source.map { ContentPath($0.path).shown } ?? "/" + target.url
            let near = Suggest.closest(to: anchor.id, in: known.subtracting(templateIds).sorted())
            let advice = near.map { "did you mean `#\($0)`?" } ?? "link to one of its headings"
            errors.append(Diagnostic(file: file, line: anchor.line,
                                     "link to `\(anchor.written)`: \(shown) has no heading or element with id `\(anchor.id)`; \(advice)",
                                     rule: "link/anchor"))
        }
        return (errors, targets)
    }

    /// Values of `href="…"` in rendered HTML, with `&amp;` undone.
    package static func hrefs(in html: String) -> [String] { attributeValues("href", in: html) }

    package static func idsIn(_ html: String) -> Set<String> { Set(attributeValues("id", in: html)) }

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
