import CStemmer
import TextFolding

/// Reduces a word to the key it shares with its inflected forms. One instance per thread:
/// libstemmer's stemmers keep state between calls.
package protocol WordStemmer: AnyObject {
    /// `lowercased` is the word as written, lower-cased (diacritics kept: Snowball's rules are
    /// written with them); `folded` its folded form. Returns the folded stem.
    func stem(lowercased: String, folded: String) -> String
}

/// The only place that talks to libstemmer (Snowball, C).
package final class SnowballStemmer: WordStemmer {
    private let handle: OpaquePointer

    /// `algorithm` as libstemmer names it: "english", "dutch", "spanish"… nil if unknown.
    package init?(algorithm: String) {
        guard let h = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        handle = h
    }

    deinit { sb_stemmer_delete(handle) }

    package func stem(lowercased word: String, folded: String) -> String {
        var utf8 = Array(word.utf8)
        let out = utf8.withUnsafeMutableBufferPointer { buf -> String? in
            buf.withMemoryRebound(to: sb_symbol.self) { symbols in
                guard let p = sb_stemmer_stem(handle, symbols.baseAddress, Int32(symbols.count)) else { return nil }
                let n = Int(sb_stemmer_length(handle))
                return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            }
        }
        guard let out else { return folded }
        let key = FoldedWords.foldJoined(out)
        return key.isEmpty ? folded : key
    }
}

/// Keeps words as they are (languages without a stemmer).
package final class IdentityStemmer: WordStemmer {
    package func stem(lowercased: String, folded: String) -> String { folded }
}

package enum Stemmers {
    /// libstemmer's algorithm name for a language code ("nl-BE" → "dutch").
    package static func snowballName(for lang: String) -> String? {
        let base = lang.split(separator: "-").first.map { $0.lowercased() } ?? lang
        switch base {
        case "en": return "english"
        case "nl": return "dutch"
        case "es": return "spanish"
        case "de": return "german"
        case "fr": return "french"
        case "it": return "italian"
        case "pt": return "portuguese"
        case "sv": return "swedish"
        case "da": return "danish"
        case "no", "nb", "nn": return "norwegian"
        case "fi": return "finnish"
        case "ru": return "russian"
        default: return nil
        }
    }

    /// A new stemmer for `lang` (Polish: ours; others: Snowball; unknown: identity).
    package static func make(for lang: String) -> WordStemmer {
        let base = lang.split(separator: "-").first.map { $0.lowercased() } ?? lang
        if base == "pl" { return PolishStemmer() }
        if let name = snowballName(for: lang), let s = SnowballStemmer(algorithm: name) { return s }
        return IdentityStemmer()
    }
}
