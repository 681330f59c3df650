import Markdown
import TextFolding

/// One page as the search index sees it.
package struct SearchDocument: Sendable {
    package var url: String
    package var title: String
    package var summary: String
    package var tags: [String]
    /// The page's text split at headings (the first one may have no heading).
    package var sections: [TextSection]
    /// The section folder: playbook, postmortems, apologies… ("" for a language's home).
    package var type: String
    package var severity: String?
    /// The language of the text (differs from the index's language on a fallback copy).
    package var contentLang: String
    package var isFallback: Bool
    /// How many other pages refer to this one, as a level 0…`Prominence.maxLevel`.
    package var prominence: UInt8 = 0

    package init(url: String, title: String, summary: String, tags: [String], sections: [TextSection], type: String, severity: String? = nil, contentLang: String, isFallback: Bool) {
        self.url = url
        self.title = title
        self.summary = summary
        self.tags = tags
        self.sections = sections
        self.type = type
        self.severity = severity
        self.contentLang = contentLang
        self.isFallback = isFallback
    }
}

/// The fields a word can be found in, each with its own weight.
package enum SearchField: Int, CaseIterable {
    case title, headings, summary, tags, body
    /// The summary's first clause ("Terminal multiplexer", "Disk usage"), which says what the page
    /// is; not weighed by BM25F (it is in the summary already), only its share is read.
    case lead
}

/// BM25F parameters: per-field weights and length normalisation, one saturation constant.
package struct RankingParameters: Sendable {
    package var weights: [Float] = [10, 5, 3, 4, 1, 0]   // title, headings, summary, tags, body, lead
    package var b: [Float] = [0.3, 0.5, 0.5, 0.3, 0.75, 0]
    package var k1: Float = 2.0
    /// Impacts are stored as 1…maxImpact (five bits: a posting is two characters).
    package static let maxImpact: Float = 31
    /// Impacts come in tiers, so that where a stem stands decides before how often it stands
    /// there (the search script reads the tiers too): 19…31 the stem is in the title, 10…18 in a
    /// heading, the summary or the tags — 14…18 when the summary's first clause has it (the lead:
    /// what the page is, "Terminal multiplexer") — 1…9 in the body only. BM25F alone saturates:
    /// a page repeating a word in its body reached the impact of a page titled with it, and pages
    /// that mention a word in passing outranked the page it defines.
    package static let titleTier: UInt8 = 19, leadTier: UInt8 = 14, headingTier: UInt8 = 10

    /// The quantized impact of a stem in a page.
    /// - titleShare: the share of the title's words that are this stem (1: the title is the
    ///   word), nil when the title does not have it; it ranks "ssh" above "ssh-keygen" for `ssh`.
    /// - leadShare: the same share of the lead (√ of it weighs in: a two-word lead against a
    ///   ten-word one), nil when the lead does not have it.
    /// - inHeadings: a heading, the summary or the tags have it.
    /// - rest: BM25F (0…1) over the fields other than the title.
    package static func impact(titleShare: Float?, leadShare: Float?, inHeadings: Bool, rest: Float) -> UInt8 {
        func tier(_ low: UInt8, _ high: UInt8, _ x: Float) -> UInt8 {
            low + UInt8(max(0, min(Float(high - low), (x * Float(high - low)).rounded())))
        }
        if let share = titleShare { return tier(titleTier, 31, 0.5 * share + 0.5 * rest) }
        if let share = leadShare { return tier(leadTier, titleTier - 1, 0.6 * share.squareRoot() + 0.4 * rest) }
        if inHeadings { return tier(headingTier, titleTier - 1, rest) }
        return tier(1, headingTier - 1, rest)
    }
}

/// A document that contains a stem: its BM25F impact (quantized) and the section where the stem
/// weighs most (TextSection index + 1; 0 when only the title, summary or tags have it).
package struct Posting: Equatable, Sendable {
    package var doc: Int32
    package var impact: UInt8
    package var section: Int32

    package init(doc: Int32, impact: UInt8, section: Int32) {
        self.doc = doc
        self.impact = impact
        self.section = section
    }
}

/// The index of one language, in memory, ready for the shard writer.
package struct LanguageIndex: Sendable {
    package let lang: String
    package let documents: [SearchDocument]
    /// Every indexed word (folded), sorted, with the keys of its stems (usually one).
    package var words: [(word: String, stems: [String])]
    /// Stems sorted by key, each with its postings in document order (slices of one array: one
    /// array per stem would copy every posting once more).
    package var stems: [(key: String, postings: ArraySlice<Posting>)]
}

/// Builds one language's index: tokenize every field of every page, stem each distinct word
/// once, accumulate per-field term frequencies, then turn them into BM25F impacts.
package struct LanguageIndexBuilder {
    package static let maxWordBytes = 40

    package let lang: String
    package let parameters: RankingParameters
    private var documents: [SearchDocument] = []

    // Words, per language of the text (each with its own stemmer), and their stem ids.
    private var tables: [String: WordTable] = [:]
    private var stemOfWord: [String: [Int32]] = [:]
    private var stemmers: [String: WordStemmer] = [:]
    private var stemKeys: [String] = []
    private var stemIds: [String: Int32] = [:]

    // Per-document accumulation (filled by `tokenize`, in Tokenizer.swift).
    package struct Accumulator {
        package var stem: Int32
        package var tf: SIMD8<Float> = .zero
        package var current: Int32 = -1, currentScore: Int32 = 0
        package var best: Int32 = 0, bestScore: Int32 = 0
    }
    package var slot: [Int32] = []
    package var acc: [Accumulator] = []

    // Everything accumulated, before impacts: (stem, doc, tf per field, section).
    private var rawStem: [Int32] = []
    private var rawDoc: [Int32] = []
    /// Term frequencies as counts, saturating at 255 (BM25F's k1 makes counts that high rank
    /// alike): a quarter of the bytes of floats, and this is the index's biggest array (one
    /// entry per page and distinct stem).
    private var rawTF: [SIMD8<UInt8>] = []
    private var rawSection: [Int32] = []
    private var lengths: [SIMD8<Float>] = []

    package init(lang: String, parameters: RankingParameters = RankingParameters()) {
        self.lang = lang
        self.parameters = parameters
    }

    package mutating func add(_ doc: SearchDocument) {
        let docId = Int32(documents.count)
        documents.append(doc)
        let cl = doc.contentLang
        if stemmers[cl] == nil {
            stemmers[cl] = Stemmers.make(for: cl)
            tables[cl] = WordTable()
            stemOfWord[cl] = []
        }
        var words = Words(table: tables.removeValue(forKey: cl)!, stemOf: stemOfWord.removeValue(forKey: cl)!, stemmer: stemmers[cl]!)
        var length = SIMD8<Float>.zero

        tokenize(doc.title, .title, section: -1, weight: 0, &words, &length)
        tokenize(doc.summary, .summary, section: -1, weight: 0, &words, &length)
        tokenize(String(Self.lead(of: doc.summary)), .lead, section: -1, weight: 0, &words, &length)
        for tag in doc.tags { tokenize(tag, .tags, section: -1, weight: 0, &words, &length) }
        for (i, section) in doc.sections.enumerated() {
            if let heading = section.heading { tokenize(heading, .headings, section: Int32(i + 1), weight: 3, &words, &length) }
            tokenize(section.text, .body, section: Int32(i + 1), weight: 1, &words, &length)
        }

        for a in acc {
            var best = a.best
            if a.currentScore > a.bestScore { best = a.current }
            rawStem.append(a.stem)
            rawDoc.append(docId)
            rawTF.append(Self.counts(a.tf))
            rawSection.append(max(best, 0))
            slot[Int(a.stem)] = -1
        }
        acc.removeAll(keepingCapacity: true)
        lengths.append(length)
        tables[cl] = words.table
        stemOfWord[cl] = words.stemOf
    }

    /// The summary's first clause: up to the first `.`, `:`, `;`, `!` or `?` that ends a word
    /// ("Disk usage: estimate and summarize…" → "Disk usage").
    static func lead(of summary: String) -> Substring {
        let u = summary.utf8
        var i = u.startIndex
        while i != u.endIndex {
            let b = u[i]
            if b == 0x2E || b == 0x3A || b == 0x3B || b == 0x21 || b == 0x3F {
                let next = u.index(after: i)
                if next == u.endIndex || u[next] == 0x20 || u[next] == 0x0A { return summary[..<i] }
            }
            i = u.index(after: i)
        }
        return summary[...]
    }

    /// Term frequencies (whole, non-negative) as saturating byte counts. Lane by lane: the
    /// standard library's generic SIMD conversions are not specialized and cost more than the
    /// rest of a document's accumulation.
    @inline(__always)
    static func counts(_ tf: SIMD8<Float>) -> SIMD8<UInt8> {
        var out = SIMD8<UInt8>()
        for f in 0..<8 { out[f] = UInt8(min(tf[f], 255)) }
        return out
    }

    @inline(__always)
    static func frequencies(_ counts: SIMD8<UInt8>) -> SIMD8<Float> {
        var out = SIMD8<Float>()
        for f in 0..<8 { out[f] = Float(counts[f]) }
        return out
    }

    package mutating func stemId(_ key: String) -> Int32 {
        if let id = stemIds[key] { return id }
        let id = Int32(stemKeys.count)
        stemKeys.append(key)
        stemIds[key] = id
        slot.append(-1)
        return id
    }

    /// The finished index: impacts computed, words and stems sorted.
    /// Consumes the accumulated data: the raw arrays are released as soon as the postings exist
    /// (both at once were the largest moment of a language's indexing).
    package mutating func finish() -> LanguageIndex {
        // Average field lengths over all documents.
        var total = SIMD8<Float>.zero
        for l in lengths { total += l }
        let n = Float(max(lengths.count, 1))
        var avg = total / n
        for f in 0..<8 where avg[f] <= 0 { avg[f] = 1 }
        var weights = SIMD8<Float>.zero, b = SIMD8<Float>.zero
        for f in SearchField.allCases {
            weights[f.rawValue] = parameters.weights[f.rawValue]
            b[f.rawValue] = parameters.b[f.rawValue]
        }
        let one = SIMD8<Float>(repeating: 1)

        // Postings grouped by stem, in document order (counting sort keeps the order).
        var counts = [Int](repeating: 0, count: stemKeys.count + 1)
        for s in rawStem { counts[Int(s) + 1] += 1 }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var postings = [Posting](repeating: Posting(doc: 0, impact: 0, section: 0), count: rawStem.count)
        var next = counts
        var restWeights = weights
        restWeights[SearchField.title.rawValue] = 0
        for i in rawStem.indices {
            let d = Int(rawDoc[i])
            let norm = one - b + b * lengths[d] / avg
            let tf = Self.frequencies(rawTF[i])
            let wtf = (restWeights * tf / norm).sum()
            let rest = wtf / (parameters.k1 + wtf)
            let lead = SearchField.lead.rawValue
            let q = RankingParameters.impact(titleShare: tf[0] > 0 ? min(1, tf[0] / max(lengths[d][0], 1)) : nil,
                                             leadShare: tf[lead] > 0 ? min(1, tf[lead] / max(lengths[d][lead], 1)) : nil,
                                             inHeadings: tf[1] + tf[2] + tf[3] > 0, rest: rest)
            let s = Int(rawStem[i])
            postings[next[s]] = Posting(doc: rawDoc[i], impact: q, section: rawSection[i])
            next[s] += 1
        }
        rawStem = []; rawDoc = []; rawTF = []; rawSection = []
        let stemOrder = stemKeys.indices.sorted { stemKeys[$0].utf8.lexicographicallyPrecedes(stemKeys[$1].utf8) }
        let stems = stemOrder.map { s in (stemKeys[s], postings[counts[s]..<counts[s + 1]]) }

        var wordStems: [String: Set<String>] = [:]
        // Variant stem → the stems of the words that are forms of it (StemVariants): linked
        // both ways, also when no word has the variant itself as its stem ("pobieraj",
        // "pobieranie" and "pobierz" all come from "pobier").
        var groups: [String: Set<String>] = [:]
        for cl in tables.keys.sorted() {
            let table = tables[cl]!, stemOf = stemOfWord[cl]!, stemmer = stemmers[cl]!
            for w in 0..<table.count {
                let word = table.word(w), own = stemKeys[Int(stemOf[w])]
                wordStems[word, default: []].insert(own)
                for v in StemVariants.of(word, lang: cl) {
                    let key = v.isStem ? v.form : stemmer.stem(lowercased: v.form, folded: v.form)
                    guard key != own else { continue }
                    if v.symmetric { groups[key, default: []].insert(own) }
                    else if stemIds[key] != nil { wordStems[word]!.insert(key) }
                }
            }
        }
        var linked: [String: Set<String>] = [:]  // stem → the stems its words also stand for
        for (key, owns) in groups {
            var all = owns
            if stemIds[key] != nil { all.insert(key) }
            guard all.count > 1 else { continue }
            for s in all { linked[s, default: []].formUnion(all) }
        }
        if !linked.isEmpty {
            for (word, stems) in wordStems {
                let extra = stems.reduce(into: Set<String>()) { $0.formUnion(linked[$1] ?? []) }
                if !extra.isSubset(of: stems) { wordStems[word] = stems.union(extra) }
            }
        }
        let words = wordStems.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { w in
            (w, wordStems[w]!.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
        return LanguageIndex(lang: lang, documents: documents, words: words, stems: stems)
    }
}
