/// A light stemmer for Polish (Snowball 2.2, the version Debian ships, has none).
///
/// It follows the light-stemming approach of J. Savoy ("Light stemming approaches for the
/// French, Portuguese, German and Hungarian languages", ACM SAC 2006): remove only inflectional
/// endings — case, number, gender, person — and no derivational ones, so precision stays high.
/// The ending classes are those of Błażej Kubiński's rule-based Polish stemmer (pl_stemmer:
/// nouns, adjectives, verbs, plurals, general endings), rewritten here for folded
/// input (the index folds before stemming: ą→a, ę→e, ó→o, ł→l, ś→s, ż/ź→z, ć→c, ń→n) and
/// applied as one longest-match step that keeps a stem of at least three letters.
/// Past-tense endings (-ł, -ła, -li …) are left alone: folded, they collide with nouns in -l
/// ("kanał", "kanały"); so are verbal nouns (-anie, -ania…), which collide with i-stem nouns
/// ("kampania", "kampanie"): their forms still share a stem among themselves ("wysyłanie",
/// "wysyłania", "wysyłaniu" → "wysylan").
///
///     przeprosiny, przeprosin, przeprosinami, przeprosinach → przeprosin
///     ocena, oceny, ocenić, oceń → ocen      szkoda, szkody, szkód, szkodami → szkod
package final class PolishStemmer: WordStemmer {
    /// Endings in folded form, grouped by length so the longest match wins.
    package static let endings: [[UInt8]] = {
        let list = [
            // adjectives in -owy and plain adjective endings
            "owymi", "owych", "owego", "owemu", "owej", "owym", "owy", "owa", "owe",
            "ymi", "imi", "ych", "ich", "ego", "emu", "ej", "ym", "im",
            // nouns: plural and oblique cases, i-stems ("kampania", "kampanii", "kampaniach")
            "iami", "iach", "ami", "ach", "iom", "iow", "owi", "om", "ow", "em", "ii", "ia", "ie", "iu", "io",
            // verbs: infinitive, present tense
            "owac", "ujecie", "ujemy", "ujesz", "uje", "uja", "ecie", "acie", "icie", "emy", "amy", "imy",
            "esz", "asz", "isz", "aja", "eja", "ac", "ic", "yc", "ec",
            // general endings
            "a", "e", "i", "o", "u", "y",
        ]
        return Set(list).sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }.map { Array($0.utf8) }
    }()

    package static let minimumStem = 3

    package func stem(lowercased: String, folded: String) -> String {
        PolishStemmer.stem(folded)
    }

    package static func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        for e in endings where bytes.count - e.count >= minimumStem {
            if bytes.suffix(e.count).elementsEqual(e) {
                return String(decoding: bytes.dropLast(e.count), as: UTF8.self)
            }
        }
        return word
    }
}
