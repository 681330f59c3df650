/// Byte-level word scanning with the same folding as `TextFold.words`, for hot paths (the search
/// index tokenizes every page): no `String` per word, the folded word is written to a reusable
/// buffer and handed out as bytes.
public enum FoldedWords {
    /// The fold table as UTF-8 bytes, indexed by scalar value - 0xC0.
    static let latinBytes: [[UInt8]] = latinFoldTable.map { Array($0.utf8) }

    /// The fold table (U+00C0 … U+017F → replacement), for clients that must fold the same way
    /// (the search script folds queries with it).
    public static var latinTable: [String] { latinFoldTable }

    /// Calls `body(word, rawRange)` for every word of `text` (UTF-8): `word` is the folded form
    /// (valid only during the call), `rawRange` the byte range of the word as written. Words are
    /// split exactly like `TextFold.words` (apostrophes join, combining marks are dropped).
    @inline(__always)
    public static func scan(
        _ text: UnsafeBufferPointer<UInt8>, buffer: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        buffer.removeAll(keepingCapacity: true)
        var start = -1
        var i = 0
        let n = text.count
        @inline(__always) func flush(_ end: Int) {
            if !buffer.isEmpty {
                buffer.withUnsafeBufferPointer { body($0, start..<end) }
                buffer.removeAll(keepingCapacity: true)
            }
            start = -1
        }
        while i < n {
            let b = text[i]
            if b < 0x80 {
                switch b {
                case 0x30...0x39, 0x61...0x7A:
                    if start < 0 { start = i }
                    buffer.append(b)
                case 0x41...0x5A:
                    if start < 0 { start = i }
                    buffer.append(b + 32)
                case 0x27:  // ' joins
                    break
                default:
                    flush(i)
                }
                i += 1
                continue
            }
            // Decode one scalar.
            var v: UInt32
            var len: Int
            if b & 0xE0 == 0xC0, i + 1 < n {
                v = UInt32(b & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F); len = 2
            } else if b & 0xF0 == 0xE0, i + 2 < n {
                v = UInt32(b & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F); len = 3
            } else if b & 0xF8 == 0xF0, i + 3 < n {
                v = UInt32(b & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F); len = 4
            } else {
                flush(i); i += 1; continue  // invalid byte: a separator
            }
            if v >= 0xC0 && v < 0x180 {
                let r = latinBytes[Int(v - 0xC0)]
                if r.isEmpty { flush(i) } else {
                    if start < 0 { start = i }
                    buffer.append(contentsOf: r)
                }
            } else if v == 0x2019 {
                // ’ joins
            } else if TextFold.isCombiningMark(v) {
                // part of the previous letter
            } else if let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if start < 0 { start = i }
                buffer.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                flush(i)
            }
            i += len
        }
        flush(n)
    }

    /// Folds `text` into one word-joined string (for terms that are not split further, such as a
    /// stem): the folded words concatenated.
    public static func foldJoined(_ text: String) -> String {
        TextFold.words(text).joined()
    }
}
