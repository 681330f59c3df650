/// Case- and diacritic-folding on Unicode scalars.
public enum TextFold {
    /// Appends the folded form of `scalar` to `out`: ASCII letters lower-cased, Latin letters
    /// with diacritics reduced to their base letters, combining marks dropped (so NFD input
    /// folds like NFC), other letters lower-cased. Returns false when the scalar is not a
    /// letter or digit (a word separator for callers).
    @inline(__always)
    public static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String) -> Bool {
        let v = scalar.value
        if v < 0x80 {
            switch v {
            case 0x30...0x39, 0x61...0x7A: out.unicodeScalars.append(scalar); return true
            case 0x41...0x5A: out.unicodeScalars.append(Unicode.Scalar(v + 32)!); return true
            default: return false
            }
        }
        if v >= 0xC0 && v < 0x180 {
            let r = latinFoldTable[Int(v - 0xC0)]
            if r.isEmpty { return false }
            out += r
            return true
        }
        if isCombiningMark(v) { return true }  // part of the previous letter
        let props = scalar.properties
        if props.isAlphabetic || props.numericType != nil {
            out += props.lowercaseMapping
            return true
        }
        return false
    }

    @inline(__always)
    static func isCombiningMark(_ v: UInt32) -> Bool {
        (0x300...0x36F).contains(v) || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v)
    }

    /// The folded words of `text`, in order: "Oceń szkody!" → ["ocen", "szkody"].
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if appendFolded(scalar, to: &current) { continue }
            // "don't", "l’équipe": an apostrophe joins, it does not split.
            if scalar == "'" || scalar == "\u{2019}" { continue }
            if !current.isEmpty { result.append(current); current = "" }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// A readable URL/id slug: folded words joined by "-". "Oceń szkody" → "ocen-szkody".
    /// Empty when the text has no letters or digits.
    public static func slug(_ text: String) -> String {
        words(text).joined(separator: "-")
    }
}
