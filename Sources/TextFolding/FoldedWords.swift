/// Byte-level word scanning with the same folding as `TextFold.words`, for hot paths (the search
/// index tokenizes every page): no `String` per word, the folded word is written to a reusable
/// buffer and handed out as bytes.
public enum FoldedWords {
    /// The fold table as UTF-8 bytes, indexed by scalar value - 0xC0.
    @usableFromInline static let latinBytes: [[UInt8]] = latinFoldTable.map { Array($0.utf8) }

    /// The fold table (U+00C0 … U+017F → replacement), for clients that must fold the same way
    /// (the search script folds queries with it).
    public static var latinTable: [String] { latinFoldTable }

    /// Calls `body(word, rawRange)` for every word of `text` (UTF-8): `word` is the folded form
    /// (valid only during the call), `rawRange` the byte range of the word as written. Words are
    /// split exactly like `TextFold.words` (apostrophes join, combining marks are dropped).
    public static func scan(
        _ text: UnsafeBufferPointer<UInt8>, buffer: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        var scanner = FoldedWordScanner(text)
        while scanner.next() {
            scanner.withWord { body($0, scanner.raw) }
        }
    }

    /// Folds `text` into one word-joined string (for terms that are not split further, such as a
    /// stem): the folded words concatenated.
    public static func foldJoined(_ text: String) -> String {
        TextFold.words(text).joined()
    }
}

/// The words of a UTF-8 buffer, folded, one `next()` at a time: no closure per word, so a caller's
/// hot loop stays free of captured state. `withWord` gives the folded bytes, `raw` where the word is.
public struct FoldedWordScanner {
    @usableFromInline let text: UnsafeBufferPointer<UInt8>
    @usableFromInline var i = 0
    /// The folded word when it differs from the text (or might); see `withWord`.
    @usableFromInline var folded: [UInt8] = []
    /// True when the word is `text[raw]` itself (lowercase ASCII letters and digits, the common
    /// case): it is handed out without a copy.
    @usableFromInline var direct = false
    public var raw: Range<Int> = 0..<0
    /// Reads letter marks as part of the word (`letterMark`); slugs keep the brackets as
    /// separators, so heading ids and URLs do not depend on it.
    @usableFromInline let letterMarks: Bool

    public init(_ text: UnsafeBufferPointer<UInt8>, letterMarks: Bool = false) {
        self.text = text
        self.letterMarks = letterMarks
        folded.reserveCapacity(64)
    }

    /// The folded word's bytes (valid until `next()`).
    @inlinable
    public func withWord<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        direct ? body(UnsafeBufferPointer(rebasing: text[raw])) : folded.withUnsafeBufferPointer(body)
    }

    /// Length of the folded word in bytes.
    @inlinable
    public var wordCount: Int { direct ? raw.count : folded.count }

    /// Letters, digits and the apostrophe: bytes that continue an ASCII word.
    @inlinable
    static func continuesWord(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x61...0x7A, 0x41...0x5A, 0x27: return true
        default: return false
        }
    }

    /// A letter marked inside a word, `[x]` — tldr-pages' mnemonics (`E[x]tract`, `[f]ile`), an
    /// optional letter (`colo[u]r`): one or two ASCII letters in brackets, touching a word on
    /// either side. Returns the bytes the mark spans (0: not a mark). Without it the word falls
    /// apart ("e", "x", "tract") and a page does not contain the word it is about.
    @inlinable
    func letterMark(at j: Int, inWord: Bool) -> Int {
        let n = text.count
        guard letterMarks, text[j] == 0x5B else { return 0 }
        var k = j + 1
        while k < n && k - j <= 2, Self.isLetter(text[k]) { k += 1 }
        guard k > j + 1, k < n, text[k] == 0x5D else { return 0 }
        if inWord { return k + 1 - j }
        guard k + 1 < n else { return 0 }
        let after = text[k + 1]
        return Self.isLetter(after) || after >= 0xC0 ? k + 1 - j : 0
    }

    @inlinable
    static func isLetter(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b) }

    /// Advances to the next word; false at the end of the text.
    @inlinable
    public mutating func next() -> Bool {
        folded.removeAll(keepingCapacity: true)
        direct = false
        var start = -1
        let n = text.count
        while i < n {
            let b = text[i]
            if b < 0x80 {
                switch b {
                case 0x30...0x39, 0x61...0x7A:
                    if start < 0 {
                        // A run of lowercase letters and digits ended by ASCII punctuation or
                        // space (or the end) is already folded: hand it out as it stands.
                        var j = i + 1
                        while j < n {
                            let c = text[j]
                            guard (0x30...0x39).contains(c) || (0x61...0x7A).contains(c) else { break }
                            j += 1
                        }
                        if j == n || (text[j] < 0x80 && !Self.continuesWord(text[j]) && letterMark(at: j, inWord: true) == 0) {
                            raw = i..<j
                            direct = true
                            i = j == n ? n : j + 1
                            return true
                        }
                        start = i
                        folded.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<j]))
                        i = j
                        continue
                    }
                    folded.append(b)
                case 0x41...0x5A:
                    if start < 0 { start = i }
                    folded.append(b + 32)
                case 0x27:  // ' joins
                    break
                case 0x5B:
                    let mark = letterMark(at: i, inWord: !folded.isEmpty)
                    if mark > 0 {
                        if start < 0 { start = i }
                        for k in i + 1..<i + mark - 1 { folded.append(text[k] | 0x20) }
                        i += mark
                        continue
                    }
                    if !folded.isEmpty { raw = start..<i; i += 1; return true }
                    start = -1
                default:
                    if !folded.isEmpty { raw = start..<i; i += 1; return true }
                    start = -1
                }
                i += 1
                continue
            }
            let (v, len) = decode(i)
            if len == 0 {  // invalid byte: a separator
                if !folded.isEmpty { raw = start..<i; i += 1; return true }
                start = -1; i += 1; continue
            }
            if v >= 0xC0 && v < 0x180 {
                let r = FoldedWords.latinBytes[Int(v - 0xC0)]
                if r.isEmpty {
                    if !folded.isEmpty { raw = start..<i; i += len; return true }
                    start = -1
                } else {
                    if start < 0 { start = i }
                    folded.append(contentsOf: r)
                }
            } else if v == 0x2019 || TextFold.combining(v) {
                // ’ joins; a combining mark belongs to the previous letter
            } else if let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if start < 0 { start = i }
                folded.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                if !folded.isEmpty { raw = start..<i; i += len; return true }
                start = -1
            }
            i += len
        }
        if !folded.isEmpty { raw = start..<n; return true }
        return false
    }

    @inlinable
    func decode(_ i: Int) -> (UInt32, Int) {
        let b = text[i], n = text.count
        if b & 0xE0 == 0xC0, i + 1 < n { return (UInt32(b & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F), 2) }
        if b & 0xF0 == 0xE0, i + 2 < n { return (UInt32(b & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F), 3) }
        if b & 0xF8 == 0xF0, i + 3 < n {
            return (UInt32(b & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F), 4)
        }
        return (0, 0)
    }
}

extension TextFold {
    /// Combining marks (dropped by folding), for inlinable callers.
    @inlinable
    public static func combining(_ v: UInt32) -> Bool {
        (0x300...0x36F).contains(v) || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v)
    }
}
