import CCmarkGFM
import Escaping

/// `href` and `src` attributes in raw HTML (allowed with `MarkdownOptions.allowRawHTML`) go
/// through the same link rewriter as Markdown links, so `<img src="chart.png">` is checked and
/// points where the file is copied, like `![chart](chart.png)`.
enum RawHTMLLinks {
    /// Rewrites the attributes of one HTML block or inline HTML node in place.
    static func rewrite(_ node: OpaquePointer, _ rewriteLink: (LinkSite) -> LinkResolution) {
        guard let literal = cmark_node_get_literal(node) else { return }
        let html = Array(String(cString: literal).utf8)
        let firstLine = Int(cmark_node_get_start_line(node))
        var out: [UInt8] = []
        var copied = 0
        for attribute in attributes(in: html) {
            let line = firstLine + html[..<attribute.value.lowerBound].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            // A `javascript:`-like target is no link to check: it is emptied afterwards (URLSafety).
            if URLSafety.isDangerous(URLSafety.decodeReferences(html[attribute.value])) { continue }
            let written = String(decoding: html[attribute.value], as: UTF8.self)
            let url = written.contains("&") ? decodeEntities(written) : written
            let site = LinkSite(url: url, line: line, isImage: attribute.isSource, inRawHTML: true)
            guard case .replace(let newURL) = rewriteLink(site) else { continue }
            out += html[copied..<attribute.value.lowerBound]
            out += Array(HTMLEscape.attribute(newURL, quote: attribute.quote).utf8)
            copied = attribute.value.upperBound
        }
        guard copied > 0 else { return }
        out += html[copied...]
        cmark_node_set_literal(node, String(decoding: out, as: UTF8.self))
    }

    struct Attribute {
        /// Byte range of the value (inside the quotes, if any).
        let value: Range<Int>
        /// `src` (an embedded file) rather than `href`.
        let isSource: Bool
        /// The quote byte around the value, or 0 when unquoted.
        let quote: UInt8
    }

    /// The `href=` and `src=` values inside tags, skipping comments.
    static func attributes(in html: [UInt8]) -> [Attribute] {
        var found: [Attribute] = []
        var i = 0
        let n = html.count
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        while i < n {
            guard html[i] == 0x3C else { i += 1; continue }  // <
            if i + 3 < n, html[i + 1] == 0x21, html[i + 2] == 0x2D, html[i + 3] == 0x2D {  // <!--
                var j = i + 4
                while j + 2 < n, !(html[j] == 0x2D && html[j + 1] == 0x2D && html[j + 2] == 0x3E) { j += 1 }
                i = j + 3
                continue
            }
            // A start tag: its name, then attributes until `>` outside quotes.
            var j = i + 1
            guard j < n, (lower(html[j]) >= 0x61 && lower(html[j]) <= 0x7A) else { i += 1; continue }
            while j < n, !isSpace(html[j]), html[j] != 0x3E, html[j] != 0x2F { j += 1 }
            while j < n, html[j] != 0x3E {
                if isSpace(html[j]) || html[j] == 0x2F { j += 1; continue }
                let nameStart = j
                while j < n, !isSpace(html[j]), html[j] != 0x3D, html[j] != 0x3E, html[j] != 0x2F { j += 1 }
                let name = html[nameStart..<j].map(lower)
                var k = j
                while k < n, isSpace(html[k]) { k += 1 }
                guard k < n, html[k] == 0x3D else { continue }  // an attribute without a value
                k += 1
                while k < n, isSpace(html[k]) { k += 1 }
                guard k < n else { j = k; break }
                let quote: UInt8 = html[k] == 0x22 || html[k] == 0x27 ? html[k] : 0
                let start = quote == 0 ? k : k + 1
                var end = start
                if quote != 0 {
                    while end < n, html[end] != quote { end += 1 }
                } else {
                    while end < n, !isSpace(html[end]), html[end] != 0x3E { end += 1 }
                }
                if name == Array("href".utf8) || name == Array("src".utf8) {
                    found.append(Attribute(value: start..<end, isSource: name == Array("src".utf8), quote: quote))
                }
                j = quote == 0 ? end : min(n, end + 1)
            }
            i = j + 1
        }
        return found
    }

    /// The character references a URL attribute usually holds (`&amp;`, numeric ones).
    static func decodeEntities(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else { out += "&"; rest = rest.dropFirst(); continue }
            let name = rest[rest.index(after: amp)..<semi]
            var replacement: String?
            switch name {
            case "amp": replacement = "&"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { replacement = String(u) }
                else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) { replacement = String(u) }
            }
            if let replacement {
                out += replacement
                rest = rest[rest.index(after: semi)...]
            } else {
                out += "&"
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }
}
