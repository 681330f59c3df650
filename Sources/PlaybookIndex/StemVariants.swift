/// Word forms that the stemmers leave apart but a reader means as one: the index lets such a word
/// stand for the stems of its variants too (a word may have several stems), when the index has
/// them. Postings stay under one stem each; only the word list grows.
///
/// - Polish (the light stemmer removes inflection only): verbal nouns and the verbs they come
///   from — usuwanie / usuwa / usuwać, kopiowanie / kopiowania / kopiuje, włączenie / włączyć —
///   and imperatives — wykrywaj / wykrywanie, kopiuj, pobierz / pobieranie (the -anie, -enie,
///   -owanie families of Polish word formation; imperatives in -aj, -uj and -rz).
/// - Dutch: separable verbs written as one word — samenvoegen / voeg … samen, aanbieden / bied
///   … aan — stand for the verb without its particle (the particle list is the Algemene
///   Nederlandse Spraakkunst's common separable particles); plurals in -ies (definities /
///   definitie), which Snowball's Dutch rules leave with their -s, and plurals in -en with a
///   doubled (mappen / map) or voiced consonant (archieven / archief, huizen / huis).
/// - Spanish: stem-changing verbs, whose infinitive and conjugated forms Snowball stems apart —
///   pedir / pide (e → i), sentir / siente (e → ie), poder / puede, dormir / duerme (o → ue): the
///   infinitive (-er, -ir) stands for the changed stem when the index has it.
package enum StemVariants {
    package struct Variant: Equatable {
        package var form: String
        /// `form` is a stem already (Polish roots: stemming "kopi" again would cut it).
        package var isStem: Bool
        /// Linked both ways: the words of the variant's stem stand for this word's stem too.
        package var symmetric: Bool
    }

    /// Forms of `word` (folded) whose stems the word should also match.
    package static func of(_ word: String, lang: String) -> [Variant] {
        switch lang.split(separator: "-").first.map({ $0.lowercased() }) ?? lang {
        case "pl": return polish(Array(word.utf8)).map { Variant(form: $0, isStem: true, symmetric: true) }
        case "nl": return dutch(word)
        case "es": return spanish(word)
        default: return []
        }
    }

    package static let polishNounEndings: [[UInt8]] = [
        "owaniami", "owaniach", "owaniem", "owanie", "owania", "owaniu", "owan",
        "aniami", "aniach", "aniem", "anie", "ania", "aniu",
        "eniami", "eniach", "eniem", "enie", "enia", "eniu",
    ].map { Array($0.utf8) }

    /// The verb root of a Polish verbal noun or imperative (folded), if the word is one.
    package static func polish(_ w: [UInt8]) -> [String] {
        func root(_ n: Int) -> [String] { w.count - n >= 3 ? [String(decoding: w.dropLast(n), as: UTF8.self)] : [] }
        for e in polishNounEndings where w.count > e.count && w.suffix(e.count).elementsEqual(e) { return root(e.count) }
        if w.count > 4 {
            let a = w[w.count - 2], b = w[w.count - 1]
            if (a == UInt8(ascii: "a") || a == UInt8(ascii: "u")) && b == UInt8(ascii: "j") { return root(2) }
            if a == UInt8(ascii: "r") && b == UInt8(ascii: "z") { return root(1) }
        }
        return []
    }

    package static let dutchParticles = ["aan", "achter", "af", "bij", "door", "in", "los", "mee", "na", "neer", "om", "onder",
                                 "op", "over", "samen", "terug", "toe", "uit", "vast", "voor", "weer", "weg"]

    package static func dutch(_ word: String) -> [Variant] {
        var out: [Variant] = []
        if word.hasSuffix("ies") && word.utf8.count > 5 { out.append(Variant(form: String(word.dropLast()), isStem: false, symmetric: true)) }
        // Plurals in -en that double the consonant (mappen / map, bussen / bus) or voice it
        // (archieven / archief, huizen / huis): Snowball undoubles only -kk, -dd, -tt.
        let w = Array(word.utf8)
        if w.count >= 6 && w[w.count - 2] == UInt8(ascii: "e") && w[w.count - 1] == UInt8(ascii: "n") {
            let c = w[w.count - 3], before = w[w.count - 4]
            let vowels = Array("aeiou".utf8)
            if c == before && !vowels.contains(c) {
                out.append(Variant(form: String(decoding: w.dropLast(3), as: UTF8.self), isStem: false, symmetric: true))
            } else if (c == UInt8(ascii: "v") || c == UInt8(ascii: "z")) && vowels.contains(before) {
                let stem = w.dropLast(3) + [c == UInt8(ascii: "v") ? UInt8(ascii: "f") : UInt8(ascii: "s")]
                out.append(Variant(form: String(decoding: stem, as: UTF8.self), isStem: false, symmetric: true))
            }
        }
        for p in dutchParticles where word.hasPrefix(p) && word.utf8.count - p.utf8.count >= 4 {
            out.append(Variant(form: String(word.dropFirst(p.count)), isStem: false, symmetric: false))
        }
        return out
    }

    /// Stems of the conjugated forms of a Spanish stem-changing infinitive ("pedir" → "pid",
    /// "piden" → "pid"; forms are stemmed by the caller): the last e or o of the stem changed.
    package static func spanish(_ word: String) -> [Variant] {
        let isIr = word.hasSuffix("ir"), isEr = word.hasSuffix("er")
        guard (isIr || isEr) && word.utf8.count >= 5 else { return [] }
        let root = Array(word.dropLast(2))
        guard let last = root.lastIndex(where: { "aeiou".contains($0) }) else { return [] }
        var forms: [String] = []
        func with(_ r: String) -> String { var c = root; c.replaceSubrange(last...last, with: r); return String(c) + "e" }
        if root[last] == "e" {
            if isIr { forms.append(with("i")) }
            forms.append(with("ie"))
        } else if root[last] == "o" {
            forms.append(with("ue"))
        }
        return forms.map { Variant(form: $0, isStem: false, symmetric: true) }
    }
}
