import TextFolding

/// The text a reader sees in a rendered document, split at its headings: what search indexes
/// and shows as excerpts.
///
/// Read from the HTML rather than kept from the parse: a site keeps every page's HTML until the
/// page is written anyway, and a second copy of all its text was 230 MB of a 40,000-page build.
/// Hand-written because it reads only the HTML our renderer writes (cmark's output, our heading
/// anchors and callouts): tags are dropped, entities decoded, block boundaries and line breaks
/// become one space; UI labels (callout titles, the internal-passage label, heading anchors,
/// footnote markers) are not text of the page.
enum VisibleText {
    static func sections(html: String, headings: [Heading]) -> [TextSection] {
        var html = html
        return html.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes, headings: headings)
            return scanner.run()
        }
    }

    /// The sections' text joined by single spaces, read only until about `maxBytes` bytes of
    /// text are collected: what an automatic summary needs from a page of any length.
    /// Returns the text and whether the reading stopped early (the text is then a prefix of
    /// the whole page's, possibly cut inside its last character).
    static func leadingText(html: String, headings: [Heading], maxBytes: Int) -> (text: String, cut: Bool) {
        var html = html
        return html.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes, headings: headings)
            scanner.budget = maxBytes
            let sections = scanner.run()
            return (sections.map(\.text).joined(separator: " "), scanner.i < bytes.count)
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let headings: [Heading]
        var sections: [TextSection] = []
        var heading: Heading?
        var text: [UInt8] = []
        var pendingSpace = false
        var nextHeading = 0
        var i = 0
        /// Stop once this many bytes of text are collected (over all sections).
        var budget = Int.max
        var collected = 0

        init(bytes: UnsafeBufferPointer<UInt8>, headings: [Heading]) {
            self.bytes = bytes
            self.headings = headings
        }

        mutating func run() -> [TextSection] {
            let n = bytes.count
            text.reserveCapacity(min(n, 1 << 16))
            while i < n, collected + text.count < budget {
                let b = bytes[i]
                if b == UInt8(ascii: "<") {
                    tag()
                } else if b == UInt8(ascii: "&") {
                    entity()
                } else if isSpace(b) {
                    pendingSpace = true
                    i += 1
                } else {
                    textRun()
                }
            }
            finishSection()
            return sections
        }

        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

        /// Text up to the next tag or entity, copied in one piece when its spacing needs no
        /// change (single spaces between words), which is nearly always.
        mutating func textRun() {
            let n = bytes.count
            var end = i
            var plain = true
            var previousSpace = false
            while end < n {
                let b = bytes[end]
                if b == UInt8(ascii: "<") || b == UInt8(ascii: "&") { break }
                if isSpace(b) {
                    if b != 0x20 || previousSpace { plain = false }
                    previousSpace = true
                } else {
                    previousSpace = false
                }
                end += 1
            }
            if plain && !previousSpace {
                if pendingSpace && !text.isEmpty { text.append(0x20) }
                pendingSpace = false
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
                return
            }
            while i < end {
                if isSpace(bytes[i]) { pendingSpace = true } else { append(bytes[i]) }
                i += 1
            }
        }

        mutating func append(_ b: UInt8) {
            if pendingSpace && !text.isEmpty { text.append(0x20) }
            pendingSpace = false
            text.append(b)
        }

        mutating func finishSection() {
            sections.append(TextSection(headingId: heading?.id, heading: heading?.text, text: String(decoding: text, as: UTF8.self)))
            collected += text.count + 1
            text.removeAll(keepingCapacity: true)
            pendingSpace = false
        }

        /// A tag name packed into an integer (lower-cased, at most 8 bytes; longer names are no
        /// name we look for): compared without making a String for every tag.
        static func packed(_ name: String) -> UInt64 {
            var v: UInt64 = 0
            for (k, b) in name.utf8.prefix(8).enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
            return v
        }

        /// Tags that do not separate words (everything else is a block boundary: a space),
        /// sorted for a binary search (a Set would hash every tag's name).
        static let inline: [UInt64] = ["a", "em", "strong", "code", "del", "s", "sup", "sub", "span", "kbd", "mark",
                                       "abbr", "i", "b", "u", "small", "q", "cite", "time", "input", "img"].map(packed).sorted()

        static func isInline(_ name: UInt64) -> Bool {
            var lo = 0, hi = inline.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if inline[mid] == name { return true }
                if inline[mid] < name { lo = mid + 1 } else { hi = mid }
            }
            return false
        }
        static let (p, a, sup, img, br, script, style) = (packed("p"), packed("a"), packed("sup"), packed("img"), packed("br"),
                                                          packed("script"), packed("style"))

        mutating func tag() {
            let n = bytes.count
            if match("<!--") {
                i = find(Self.commentEnd, from: i + 4).map { $0 + 3 } ?? n
                return
            }
            let start = i
            guard let end = ByteSearch.firstIndex(of: UInt8(ascii: ">"), in: bytes, from: i) else { i = n; return }
            i = end + 1
            var p = start + 1
            let closing = p < end && bytes[p] == UInt8(ascii: "/")
            if closing { p += 1 }
            let nameStart = p
            var name: UInt64 = 0
            while p < end, isNameByte(bytes[p]) {
                if p - nameStart < 8 { name |= UInt64(bytes[p] | 0x20) << (8 * UInt64(p - nameStart)) }
                p += 1
            }
            let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<p])
            let attributes = UnsafeBufferPointer(rebasing: bytes[p..<end])
            if closing {
                if !Self.isInline(name) { pendingSpace = true }
                return
            }
            if nameBytes.count == 2, nameBytes[0] | 0x20 == UInt8(ascii: "h"), (0x31...0x36).contains(nameBytes[1]),
               nextHeading < headings.count, attribute(Self.idAttribute, in: attributes) == headings[nextHeading].id {
                finishSection()
                heading = headings[nextHeading]
                nextHeading += 1
                skip(to: [UInt8(ascii: "<"), UInt8(ascii: "/"), UInt8(ascii: "h"), nameBytes[1], UInt8(ascii: ">")])
                return
            }
            let skipped: [UInt8]? = switch name {
            case Self.p: ["callout-title", "internal-label"].contains(attribute(Self.classAttribute, in: attributes) ?? "") ? Self.closeP : nil
            case Self.sup: (attribute(Self.classAttribute, in: attributes) ?? "").contains("footnote-ref") ? Self.closeSup : nil
            case Self.a: (attribute(Self.classAttribute, in: attributes) ?? "").contains("footnote-backref") ? Self.closeA : nil
            case Self.script: Self.closeScript
            case Self.style: Self.closeStyle
            default: nil
            }
            if let skipped {
                skip(to: skipped)
                pendingSpace = true
                return
            }
            if name == Self.img, let alt = attribute(Self.altAttribute, in: attributes) {
                for b in alt.utf8 { append(b) }
            }
            if name == Self.br || !Self.isInline(name) { pendingSpace = true }
        }

        /// `&amp;` and the other entities cmark writes; anything else stays as written.
        mutating func entity() {
            let n = bytes.count
            var end = i + 1
            while end < n, end - i <= 10, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard end < n, bytes[end] == UInt8(ascii: ";") else { append(bytes[i]); i += 1; return }
            let body = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<end]), as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch body {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            case "nbsp": scalar = "\u{A0}"
            default:
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    scalar = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if body.hasPrefix("#") {
                    scalar = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init)
                }
            }
            guard let scalar else { append(bytes[i]); i += 1; return }
            for b in String(scalar).utf8 { append(b) }
            i = end + 1
        }

        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
        }

        func match(_ s: StaticString) -> Bool {
            let count = s.utf8CodeUnitCount
            guard i + count <= bytes.count else { return false }
            return s.withUTF8Buffer { s in (0..<count).allSatisfy { bytes[i + $0] == s[$0] } }
        }

        static let commentEnd = Array("-->".utf8)
        static let (closeP, closeSup, closeA, closeScript, closeStyle) = (Array("</p>".utf8), Array("</sup>".utf8), Array("</a>".utf8),
                                                                          Array("</script>".utf8), Array("</style>".utf8))
        static let (idAttribute, classAttribute, altAttribute) = (Array(" id=\"".utf8), Array(" class=\"".utf8), Array(" alt=\"".utf8))

        func find(_ needle: [UInt8], from: Int) -> Int? {
            needle.withUnsafeBufferPointer { ByteSearch.firstIndex(of: $0, in: bytes, from: from) }
        }

        mutating func skip(to closing: [UInt8]) {
            i = find(closing, from: i).map { $0 + closing.count } ?? bytes.count
        }

        /// The value of `name="…"` (`needle` is ` name="`) among a tag's attributes, entities decoded.
        func attribute(_ needle: [UInt8], in attributes: UnsafeBufferPointer<UInt8>) -> String? {
            guard attributes.count >= needle.count else { return nil }
            var from = 0
            // Each attribute starts after a space: try only those.
            while let at = ByteSearch.firstIndex(of: 0x20, in: attributes, from: from), at + needle.count <= attributes.count {
                from = at + 1
                if (1..<needle.count).allSatisfy({ attributes[at + $0] == needle[$0] }) {
                    let start = at + needle.count
                    var end = start
                    while end < attributes.count && attributes[end] != UInt8(ascii: "\"") { end += 1 }
                    let raw = String(decoding: UnsafeBufferPointer(rebasing: attributes[start..<end]), as: UTF8.self)
                    return raw.utf8.contains(UInt8(ascii: "&")) ? VisibleText.decodeEntities(raw) : raw
                }
            }
            return nil
        }
    }

    /// Entities in an attribute value (alt text, ids), decoded as in text.
    static func decodeEntities(_ s: String) -> String {
        var s = s
        let parts = s.withUTF8 { buf -> [TextSection] in
            // A paragraph of its own is the simplest way to reuse the text rules here.
            var scanner = Scanner(bytes: buf, headings: [])
            return scanner.run()
        }
        return parts.first?.text ?? ""
    }
}
