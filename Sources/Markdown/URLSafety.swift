/// The link targets a page never makes live, in both Markdown modes: the rule libcmark-gfm applies
/// in its safe mode (`_scan_dangerous_url`: `javascript:`, `vbscript:`, `file:` and `data:` other
/// than PNG, GIF, JPEG and WebP images), applied by us too so that `markdown.unsafe_html: true`
/// changes which tags pass, never which URLs do. For raw HTML (unsafe mode only) it also removes
/// event-handler attributes (`on…`); the GFM tag filter still neutralises `script`, `iframe` & co.
enum URLSafety {
    /// Whether `url` (as a browser reads it: ASCII tabs and newlines removed, leading spaces and
    /// control characters ignored, scheme case-insensitive) has a dangerous scheme.
    static func isDangerous(_ url: String) -> Bool {
        var scheme: [UInt8] = []
        var started = false
        for b in url.utf8 {
            if b == 0x09 || b == 0x0A || b == 0x0D { continue }
            if !started && b <= 0x20 { continue }
            started = true
            scheme.append(b | (b >= 0x41 && b <= 0x5A ? 0x20 : 0))
            if scheme.count >= 16 { break }
        }
        func starts(_ prefix: String) -> Bool { scheme.starts(with: prefix.utf8) }
        if starts("javascript:") || starts("vbscript:") || starts("file:") { return true }
        guard starts("data:") else { return false }
        return !(starts("data:image/png") || starts("data:image/gif") || starts("data:image/jpeg") || starts("data:image/webp"))
    }

    /// Attributes whose value a browser follows or loads as a URL.
    private static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
        "srcset", "ping", "longdesc", "lowsrc", "dynsrc", "codebase", "manifest", "icon", "usemap",
    ]

    /// `html` (raw HTML from a Markdown document) with event-handler attributes removed and
    /// dangerous URL values emptied (`href=""`); nil when nothing had to change.
    static func sanitizeRawHTML(_ html: String) -> String? {
        let bytes = Array(html.utf8)
        var edits: [(range: Range<Int>, replacement: String)] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < bytes.count else { i += 1; continue }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                i = skipMarkup(bytes, from: i)
                continue
            }
            guard isLetter(next) else { i += 1; continue }
            i = scanTag(bytes, from: i + 1, edits: &edits)
        }
        guard !edits.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var from = 0
        for edit in edits {
            out.append(contentsOf: bytes[from..<edit.range.lowerBound])
            out.append(contentsOf: edit.replacement.utf8)
            from = edit.range.upperBound
        }
        out.append(contentsOf: bytes[from...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Past a comment, doctype, CDATA section or processing instruction.
    private static func skipMarkup(_ bytes: [UInt8], from start: Int) -> Int {
        if bytes[start...].starts(with: "<!--".utf8) {
            var j = start + 4
            while j + 2 < bytes.count && !(bytes[j] == 0x2D && bytes[j + 1] == 0x2D && bytes[j + 2] == 0x3E) { j += 1 }
            return min(j + 3, bytes.count)
        }
        var j = start
        while j < bytes.count && bytes[j] != UInt8(ascii: ">") { j += 1 }
        return j + 1
    }

    /// Reads a start tag's name and attributes (the HTML tokenizer's rules, simplified where the
    /// result is the same); records edits; returns the index after the tag.
    private static func scanTag(_ bytes: [UInt8], from start: Int, edits: inout [(range: Range<Int>, replacement: String)]) -> Int {
        var j = start
        while j < bytes.count && !isSpace(bytes[j]) && bytes[j] != 0x2F && bytes[j] != 0x3E { j += 1 }
        while j < bytes.count {
            while j < bytes.count && (isSpace(bytes[j]) || bytes[j] == 0x2F) { j += 1 }
            guard j < bytes.count, bytes[j] != 0x3E else { return j + 1 }
            let attributeStart = j
            let nameStart = j
            j += 1
            while j < bytes.count && !isSpace(bytes[j]) && bytes[j] != 0x2F && bytes[j] != 0x3E && bytes[j] != 0x3D { j += 1 }
            let name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
            var k = j
            while k < bytes.count && isSpace(bytes[k]) { k += 1 }
            var valueRange: Range<Int>? = nil
            if k < bytes.count && bytes[k] == 0x3D {
                k += 1
                while k < bytes.count && isSpace(bytes[k]) { k += 1 }
                if k < bytes.count && (bytes[k] == 0x22 || bytes[k] == 0x27) {
                    let quote = bytes[k]
                    var e = k + 1
                    while e < bytes.count && bytes[e] != quote { e += 1 }
                    valueRange = (k + 1)..<e
                    j = min(e + 1, bytes.count)
                } else {
                    var e = k
                    while e < bytes.count && !isSpace(bytes[e]) && bytes[e] != 0x3E { e += 1 }
                    valueRange = k..<e
                    j = e
                }
            }
            if name.hasPrefix("on") {
                edits.append((attributeStart..<j, ""))
            } else if urlAttributes.contains(name), let valueRange,
                      isDangerous(decodeReferences(bytes[valueRange])) || name == "srcset" && decodeReferences(bytes[valueRange]).split(separator: ",").contains(where: { isDangerous(String($0)) }) {
                edits.append((attributeStart..<j, "\(name)=\"\""))
            }
        }
        return j
    }

    /// Character references in an attribute value, decoded as far as a scheme check needs:
    /// numeric ones (with or without `;`) and the named ones that spell a scheme's characters.
    /// An unknown named reference becomes U+FFFD, which no safe scheme contains either way.
    static func decodeReferences(_ value: ArraySlice<UInt8>) -> String {
        guard value.contains(UInt8(ascii: "&")) else { return String(decoding: value, as: UTF8.self) }
        let named: [String: String] = ["colon": ":", "tab": "\t", "newline": "\n", "amp": "&", "sol": "/", "period": ".", "lpar": "(", "rpar": ")", "quot": "\"", "apos": "'", "lt": "<", "gt": ">", "nbsp": "\u{A0}"]
        var out = ""
        var i = value.startIndex
        while i < value.endIndex {
            guard value[i] == UInt8(ascii: "&") else {
                var e = i
                while e < value.endIndex && value[e] != UInt8(ascii: "&") { e += 1 }
                out += String(decoding: value[i..<e], as: UTF8.self)
                i = e
                continue
            }
            var j = i + 1
            if j < value.endIndex && value[j] == UInt8(ascii: "#") {
                j += 1
                let hex = j < value.endIndex && (value[j] | 0x20) == UInt8(ascii: "x")
                if hex { j += 1 }
                let digitsStart = j
                while j < value.endIndex && (hex ? isHexDigit(value[j]) : isDigit(value[j])) { j += 1 }
                let digits = String(decoding: value[digitsStart..<j], as: UTF8.self)
                if let code = UInt32(digits.prefix(8), radix: hex ? 16 : 10), let scalar = Unicode.Scalar(code) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\u{FFFD}"
                }
                if j < value.endIndex && value[j] == UInt8(ascii: ";") { j += 1 }
            } else {
                while j < value.endIndex && isLetter(value[j]) { j += 1 }
                let entity = String(decoding: value[(i + 1)..<j], as: UTF8.self).lowercased()
                out += entity.isEmpty ? "&" : named[entity] ?? "\u{FFFD}"
                if j < value.endIndex && value[j] == UInt8(ascii: ";") && !entity.isEmpty { j += 1 }
            }
            i = j
        }
        return out
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
}
