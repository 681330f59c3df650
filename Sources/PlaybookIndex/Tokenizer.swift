import TextFolding

/// The tokenizer: the index's hot loop. Words come folded from `FoldedWordScanner` (bytes, no
/// `String` per word), are interned once per language of text (`WordTable`), stemmed the first
/// time they are seen, and counted per field and per section of the page.
extension LanguageIndexBuilder {
    /// The words of one language of text: interned, each with its stem id.
    package struct Words {
        package var table: WordTable
        package var stemOf: [Int32]
        package let stemmer: WordStemmer
    }

    /// The hot loop: every word of `text` counted for `field` (and for `section`, with `weight`,
    /// to find where a stem weighs most). Plain loop, no per-word closure.
    package mutating func tokenize(_ text: String, _ field: SearchField, section: Int32, weight: Int32, _ words: inout Words, _ length: inout SIMD8<Float>) {
        var text = text
        let f = field.rawValue
        var count: Float = 0
        text.withUTF8 { buf in
            var scanner = FoldedWordScanner(buf, letterMarks: true)
            while scanner.next() {
                if scanner.wordCount > Self.maxWordBytes { continue }
                let (wid, isNew) = scanner.withWord { words.table.intern($0) }
                if isNew {
                    var lowered = String(decoding: UnsafeBufferPointer(rebasing: buf[scanner.raw]), as: UTF8.self).lowercased()
                    if lowered.utf8.contains(0x5B) { lowered.removeAll { $0 == "[" || $0 == "]" } }  // a letter mark, e[x]tract
                    let folded = scanner.withWord { String(decoding: $0, as: UTF8.self) }
                    var key = words.stemmer.stem(lowercased: lowered, folded: folded)
                    if key.isEmpty { key = folded }
                    words.stemOf.append(stemId(key))
                }
                let s = Int(words.stemOf[Int(wid)])
                var k = Int(slot[s])
                if k < 0 {
                    k = acc.count
                    slot[s] = Int32(k)
                    acc.append(Accumulator(stem: Int32(s)))
                }
                acc.withUnsafeMutableBufferPointer { a in
                    a[k].tf[f] += 1
                    if section >= 0 {
                        if a[k].current != section {
                            if a[k].currentScore > a[k].bestScore { a[k].best = a[k].current; a[k].bestScore = a[k].currentScore }
                            a[k].current = section
                            a[k].currentScore = 0
                        }
                        a[k].currentScore += weight
                    }
                }
                count += 1
            }
        }
        length[f] += count
    }

}
