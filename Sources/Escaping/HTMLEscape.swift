/// The one HTML and XML escaper of the package, on UTF-8 bytes: templates' `{{…}}`, Markdown's
/// rewritten raw-HTML links and heading labels, pages, feeds, sitemaps and XLIFF files all
/// escape through it. Byte-level because it runs on every string that reaches a page; runs
/// without special characters are copied in bulk.
public enum HTMLEscape {
    /// Appends `s` to `out` with `&` `<` `>` escaped, and `"` `'` too when `quotes` (text and
    /// quoted attribute values of HTML; XML character data may leave them as they are).
    @inlinable public static func append(_ s: String, to out: inout [UInt8], quotes: Bool = true) {
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let entity: StaticString
                switch bytes[i] {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22 where quotes: entity = "&quot;"
                case 0x27 where quotes: entity = "&#39;"
                default: continue
                }
                if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                run = i + 1
            }
            if run < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
        }
    }

    /// `text` with `& < > " '` escaped: safe as HTML text and as a quoted attribute value.
    /// Returns `text` itself when it has none of them (most strings).
    public static func escape(_ text: String, quotes: Bool = true) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || (quotes && ($0 == 0x22 || $0 == 0x27)) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out, quotes: quotes)
        return String(decoding: out, as: UTF8.self)
    }

    /// An attribute value to stand between `quote`s (`"` or `'`), or unquoted (`quote` 0): then
    /// a space would end the value, so it becomes `%20` (the value is a URL).
    public static func attribute(_ value: String, quote: UInt8) -> String {
        let escaped = escape(value)
        guard quote == 0, escaped.utf8.contains(0x20) else { return escaped }
        return String(decoding: escaped.utf8.flatMap { $0 == 0x20 ? [0x25, 0x32, 0x30] : [$0] }, as: UTF8.self)
    }

    /// Whether XML 1.0 allows the character at all (escaped or not): tab, line feed, carriage
    /// return, and the rest from U+0020 up but for surrogates, U+FFFE and U+FFFF.
    public static func isXMLChar(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
    }

    /// XML text and attribute values: `escape(_:)`, with the characters XML 1.0 forbids dropped.
    public static func xml(_ s: String) -> String {
        let clean = s.unicodeScalars.allSatisfy(isXMLChar) ? s : String(String.UnicodeScalarView(s.unicodeScalars.filter(isXMLChar)))
        return escape(clean)
    }
}
