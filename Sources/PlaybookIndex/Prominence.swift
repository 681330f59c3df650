import Foundation

/// How well known a page is within its language, independent of any query: the number of other
/// pages that refer to it. A static signal beside the query's own evidence, as in-link counts are
/// in web search (PageRank's simplest form): among pages that match a query equally — `jq` and
/// `jello` both "JSON processor", `rm` and Cisco IOS's `delete` both "eliminar archivos" — the one
/// the rest of the site points to is the one a reader usually means.
///
/// A page refers to another by linking to it, or by naming it: a code span whose whole text is the
/// other page's title (`` `jq` ``, "See also: `chown`" — how command and API references point to
/// each other without a link). A name shared by pages of several sections means the one in the
/// naming page's own section when there is one (as Hugo's `ref` and MkDocs' autorefs resolve
/// relative names first), else all of them.
package enum Prominence {
    /// The highest level: 2·log2(1 + references), rounded, so 1 reference is level 2, 3 are 4,
    /// 7 are 6, 63 or more are the maximum.
    package static let maxLevel: UInt8 = 12

    /// What one page's HTML body points to: link targets as site URLs ("en/common/jq/") and the
    /// texts of its short code spans, lowercased.
    package struct Mentions: Sendable {
        package var links: [String] = []
        package var names: [String] = []

        package init(links: [String] = [], names: [String] = []) {
            self.links = links
            self.names = names
        }
    }

    /// Scans a rendered body for `href="…"` targets (the link resolver writes pages as
    /// `../…/<url>index.html`) and `<code>…</code>` spans of up to `maxNameBytes`. On bytes: every
    /// page passes here.
    package static func mentions(html: String) -> Mentions {
        var out = Mentions()
        var html = html
        html.withUTF8 { b in
            let n = b.count
            var i = 0
            func matches(_ s: StaticString, at k: Int) -> Bool {
                let len = s.utf8CodeUnitCount
                guard k + len <= n else { return false }
                let p = s.utf8Start
                for j in 0..<len where b[k + j] != p[j] { return false }
                return true
            }
            while i < n {
                // Tags only: `href` is looked for inside `<a …>`, not at every `h` of the text.
                if b[i] != UInt8(ascii: "<") { i += 1; continue }
                if matches("<a ", at: i) {
                    var j = i + 3
                    while j < n && b[j] != UInt8(ascii: ">") && !matches("href=\"", at: j) { j += 1 }
                    guard j < n, b[j] != UInt8(ascii: ">") else { i = j; continue }
                    j += 6
                    let start = j
                    while j < n && b[j] != UInt8(ascii: "\"") { j += 1 }
                    if let url = pageURL(UnsafeBufferPointer(rebasing: b[start..<j])) { out.links.append(url) }
                    i = j
                } else if matches("<code>", at: i) {
                    var j = i + 6
                    let start = j
                    while j < n && b[j] != UInt8(ascii: "<") && j - start <= maxNameBytes { j += 1 }
                    if j < n && j > start && matches("</code>", at: j) {
                        // Trimmed on bytes; a String only for what is left.
                        var s = start, e = j
                        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 }
                        while s < e && isSpace(b[s]) { s += 1 }
                        while e > s && isSpace(b[e - 1]) { e -= 1 }
                        if s < e {
                            let name = unescape(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)).lowercased()
                            out.names.append(name)
                        }
                    }
                    i = j
                } else {
                    i += 1
                }
            }
        }
        return out
    }

    static let maxNameBytes = 64

    /// "../../en/common/jq/index.html#x" → "en/common/jq/"; nil for anything that is not a
    /// relative link to a page (external links, anchors on the same page, files).
    static func pageURL(_ href: UnsafeBufferPointer<UInt8>) -> String? {
        var s = 0, e = href.count
        for k in 0..<e where href[k] == UInt8(ascii: "#") || href[k] == UInt8(ascii: "?") { e = k; break }
        while s + 3 <= e && href[s] == UInt8(ascii: ".") && href[s + 1] == UInt8(ascii: ".") && href[s + 2] == UInt8(ascii: "/") { s += 3 }
        while s + 2 <= e && href[s] == UInt8(ascii: ".") && href[s + 1] == UInt8(ascii: "/") { s += 2 }
        let index = Array("index.html".utf8)
        guard e - s > index.count, href[s] != UInt8(ascii: "/"), href[s] != UInt8(ascii: "#"),
              href[(e - index.count)..<e].elementsEqual(index) else { return nil }
        for k in s..<e where href[k] == UInt8(ascii: ":") { return nil }  // a scheme
        return String(decoding: UnsafeBufferPointer(rebasing: href[s..<(e - index.count)]), as: UTF8.self)
    }

    static func unescape(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "&")) else { return s }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The level of each document: how many other documents refer to it (each counted once),
    /// as 2·log2(1 + count), rounded, at most `maxLevel`.
    /// - documents: url, title and section of each document of one language.
    /// - mentions: what each document's body points to, in the same order.
    package static func levels(urls: [String], titles: [String], sections: [String], mentions: [Mentions]) -> [UInt8] {
        var byURL: [String: Int] = [:]
        var byTitle: [String: [Int]] = [:]
        for (d, url) in urls.enumerated() {
            byURL[url] = d
            byTitle[titles[d].lowercased().trimmingSpaces, default: []].append(d)
        }
        var count = [Int](repeating: 0, count: urls.count)
        for (d, m) in mentions.enumerated() {
            var targets = Set<Int>()
            for url in m.links { if let t = byURL[url] { targets.insert(t) } }
            for name in m.names {
                guard let named = byTitle[name] else { continue }
                let local = named.filter { sections[$0] == sections[d] }
                targets.formUnion(local.isEmpty ? named : local)
            }
            targets.remove(d)
            for t in targets { count[t] += 1 }
        }
        return count.map(level)
    }

    package static func level(_ references: Int) -> UInt8 {
        guard references > 0 else { return 0 }
        return UInt8(min(Float(maxLevel), (2 * log2(Float(1 + references))).rounded()))
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" { s.removeLast() }
        return String(s)
    }
}
