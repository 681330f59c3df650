import Markdown
import PlaybookModel
import TextFolding

/// What the search script needs besides the index: labels and UI strings in the index's language.
package struct SearchLabels: Sendable {
    /// Languages of the site: code, name, locale.
    package var languages: [(code: String, name: String, locale: String)] = []
    /// Section folder → its name ("postmortems" → "Postmortems").
    package var types: [String: String] = [:]
    /// Plain UI strings by key, and plural forms (`results` → one/few/many/other).
    package var strings: [String: String] = [:]
    package var plurals: [String: [String: String]] = [:]

    package init(languages: [(code: String, name: String, locale: String)] = [], types: [String: String] = [:], strings: [String: String] = [:], plurals: [String: [String: String]] = [:]) {
        self.languages = languages
        self.types = types
        self.strings = strings
        self.plurals = plurals
    }
}

/// Turns a `LanguageIndex` into the files the browser loads with script tags, under
/// `search/<lang>/`:
///
/// - `index.js`   the manifest: document count, dictionary shard boundaries, filter values,
///                UI strings, the fold table (so queries fold exactly like the index)
/// - `w<n>.js`    dictionary shards: words (sorted) with their stems, and the stems whose keys
///                fall in the shard's range with document frequency and postings pack
/// - `p<n>.js`    postings packs: stem → documents with impact and best section
/// - `d/<n>.js`   what results show (title, URL, sections with excerpts), `documentsPerFile`
///                documents a file: one file per page, like Pagefind's fragments, would double
///                the files a build creates, and creating files is most of a big build's time
/// - `a.js`       filter data: type, severity and language of each document, documents per tag
///
/// Every file registers itself with `PlaybookSearch.add(lang, kind, number, data)`.
package struct ShardWriter {
    package var dictionaryBudget = 16_000
    package var postingsBudget = 16_000
    /// Result text: the start of each section (what snippets are cut from), within a page budget.
    /// This is most of the index's bytes: Pagefind ships whole pages, we ship excerpts.
    package var excerptBytes = 160
    package var excerptBudget = 1_000
    /// Documents per `d/` file: a first query fetches up to this many times more result text,
    /// a 40,000-page build creates 35,000 fewer files.
    package var documentsPerFile = 8

    package init() {}

    package func files(for index: LanguageIndex, labels: SearchLabels) -> [(path: String, bytes: [UInt8])] {
        let lang = index.lang
        let base = "search/\(lang)/"
        var files: [(String, [UInt8])] = []

        // Postings packs, in stem order.
        var packOf: [Int] = []
        var packs: [[(String, String)]] = [[]]
        var packSize = 0
        for (key, postings) in index.stems {
            let encoded = Base64Numbers.postings(postings)
            if packSize > 0 && packSize + encoded.utf8.count > postingsBudget {
                packs.append([]); packSize = 0
            }
            packs[packs.count - 1].append((key, encoded))
            packSize += encoded.utf8.count + key.utf8.count + 6
            packOf.append(packs.count - 1)
        }
        for (n, pack) in packs.enumerated() where !pack.isEmpty {
            files.append((base + "p\(n).js", JSData.registration(lang: lang, kind: "p", number: n) { js in
                js.raw("{")
                for (i, (key, encoded)) in pack.enumerated() {
                    if i > 0 { js.raw(",") }
                    js.string(key); js.raw(":"); js.string(encoded)
                }
                js.raw("}")
            }))
        }

        // Dictionary shards: cut the sorted words by size; stems go where their key falls.
        var boundaries: [String] = [""]
        var size = 0
        for (word, stems) in index.words {
            let entry = word.utf8.count + stems.reduce(0) { $0 + $1.utf8.count } + 8
            if size > 0 && size + entry > dictionaryBudget {
                boundaries.append(word); size = 0
            }
            size += entry
        }
        func shard(of key: String) -> Int {
            var lo = 0, hi = boundaries.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if boundaries[mid].utf8.lexicographicallyPrecedes(key.utf8) || boundaries[mid] == key { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
        var shardWords = [[(String, [String])]](repeating: [], count: boundaries.count)
        for entry in index.words { shardWords[shard(of: entry.word)].append(entry) }
        var shardStems = [[(String, Int, Int)]](repeating: [], count: boundaries.count)
        for (i, (key, postings)) in index.stems.enumerated() { shardStems[shard(of: key)].append((key, postings.count, packOf[i])) }
        for n in boundaries.indices {
            files.append((base + "w\(n).js", JSData.registration(lang: lang, kind: "w", number: n) { js in
                // w: [word, stem…] (a word that is its own only stem stands alone); s: [stem, df, pack]
                js.raw("{w:[")
                for (i, (word, stems)) in shardWords[n].enumerated() {
                    if i > 0 { js.raw(",") }
                    if stems == [word] { js.string(word) } else { js.strings([word] + stems) }
                }
                js.raw("],s:[")
                for (i, (key, df, pack)) in shardStems[n].enumerated() {
                    if i > 0 { js.raw(",") }
                    js.raw("["); js.string(key); js.raw(","); js.int(df); js.raw(","); js.int(pack); js.raw("]")
                }
                js.raw("]}")
            }))
        }

        // Filter values and data.
        let docs = index.documents
        let typeNames = Array(Set(docs.map(\.type))).sorted()
        let severities = Array(Set(docs.compactMap(\.severity))).sorted()
        let langCodes = labels.languages.map(\.code)
        var tagDocs: [String: [Int32]] = [:]
        for (i, d) in docs.enumerated() {
            for tag in Set(d.tags) { tagDocs[tag, default: []].append(Int32(i)) }
        }
        let tags = tagDocs.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        files.append((base + "a.js", JSData.registration(lang: lang, kind: "a", number: 0) { js in
            // One fixed-width base-64 number per document and attribute (width 1 up to 64 values).
            func column(_ values: [Int], count: Int) -> (String, Int) {
                var width = 1
                while count > 1 << (6 * width) { width += 1 }
                var out: [UInt8] = []
                out.reserveCapacity(values.count * width)
                for v in values {
                    for k in stride(from: width - 1, through: 0, by: -1) { Base64Numbers.digit(v >> (6 * k), into: &out) }
                }
                return (String(decoding: out, as: UTF8.self), width)
            }
            let y = column(docs.map { typeNames.firstIndex(of: $0.type) ?? 0 }, count: typeNames.count)
            let v = column(docs.map { d in d.severity.flatMap { severities.firstIndex(of: $0) }.map { $0 + 1 } ?? 0 }, count: severities.count + 1)
            let l = column(docs.map { langCodes.firstIndex(of: $0.contentLang) ?? 0 }, count: langCodes.count)
            js.raw("{y:"); js.string(y.0); js.raw(",yw:"); js.int(y.1)
            js.raw(",v:"); js.string(v.0); js.raw(",vw:"); js.int(v.1)
            js.raw(",l:"); js.string(l.0); js.raw(",lw:"); js.int(l.1)
            js.raw(",g:[")  // [tag, documents]: pairs, not an object (a tag may be "__proto__")
            for (i, tag) in tags.enumerated() {
                if i > 0 { js.raw(",") }
                js.strings([tag, Base64Numbers.documents(tagDocs[tag]!)])
            }
            js.raw("]}")
        }))

        // The manifest.
        files.append((base + "index.js", JSData.registration(lang: lang, kind: "m", number: 0) { js in
            js.raw("{n:"); js.int(docs.count)
            js.raw(",nf:"); js.int(docs.firstIndex(where: \.isFallback) ?? docs.count)
            // Prominence in runs, [level, count, level, count…]: documents come sorted by it, so
            // a few numbers say it for every document.
            if docs.contains(where: { $0.prominence > 0 }) {
                js.raw(",pr:[")
                var k = 0
                while k < docs.count {
                    var e = k
                    while e < docs.count && docs[e].prominence == docs[k].prominence { e += 1 }
                    if k > 0 { js.raw(",") }
                    js.int(Int(docs[k].prominence)); js.raw(","); js.int(e - k)
                    k = e
                }
                js.raw("]")
            }
            js.raw(",shards:"); js.strings(boundaries)
            js.raw(",types:[")
            for (i, t) in typeNames.enumerated() {
                if i > 0 { js.raw(",") }
                js.strings([t, labels.types[t] ?? t])
            }
            js.raw("],sev:"); js.strings(severities)
            js.raw(",tags:"); js.strings(tags)
            js.raw(",langs:[")
            for (i, l) in labels.languages.enumerated() {
                if i > 0 { js.raw(",") }
                js.strings([l.code, l.name, l.locale])
            }
            js.raw("],ui:{")
            var first = true
            for key in labels.strings.keys.sorted() {
                if !first { js.raw(",") }; first = false
                js.string(key); js.raw(":"); js.string(labels.strings[key]!)
            }
            for key in labels.plurals.keys.sorted() {
                if !first { js.raw(",") }; first = false
                js.string(key); js.raw(":{")
                let forms = labels.plurals[key]!
                for (i, c) in forms.keys.sorted().enumerated() {
                    if i > 0 { js.raw(",") }
                    js.string(c); js.raw(":"); js.string(forms[c]!)
                }
                js.raw("}")
            }
            js.raw("},dg:"); js.int(documentsPerFile)
            js.raw(",fold:"); js.strings(FoldedWords.latinTable)
            js.raw("}")
        }))

        // Result data, `documentsPerFile` documents a file.
        for first in stride(from: 0, to: docs.count, by: documentsPerFile) {
            let n = first / documentsPerFile
            files.append((base + "d/\(n).js", JSData.registration(lang: lang, kind: "d", number: n) { js in
                js.raw("[")
                for (k, d) in docs[first..<min(first + documentsPerFile, docs.count)].enumerated() {
                    if k > 0 { js.raw(",") }
                    document(d, into: &js)
                }
                js.raw("]")
            }))
        }
        return files
    }

    private func document(_ d: SearchDocument, into js: inout JSData) {
        js.raw("{t:"); js.string(d.title)
        js.raw(",u:"); js.string(d.url)
        js.raw(",y:"); js.string(d.type)
        if let sev = d.severity { js.raw(",v:"); js.string(sev) }
        if d.isFallback { js.raw(",l:"); js.string(d.contentLang) }
        if !d.tags.isEmpty { js.raw(",g:"); js.strings(d.tags) }
        js.raw(",m:"); js.string(excerpt(d.summary, excerptBytes))
        js.raw(",s:[")
        var budget = excerptBudget
        for (k, section) in d.sections.enumerated() {
            if k > 0 { js.raw(",") }
            let text = budget > 0 ? excerpt(section.text, min(excerptBytes, budget)) : ""
            budget -= text.utf8.count
            js.strings([section.headingId ?? "", section.heading ?? "", text])
        }
        js.raw("]}")
    }

    /// The start of `text`, at most `limit` bytes, cut at a space when it is longer. On bytes:
    /// every section of every page passes here, and walking Unicode scalars was 2% of a build.
    package func excerpt(_ text: String, _ limit: Int) -> String {
        if text.utf8.count <= limit { return text }
        var text = text
        return text.withUTF8 { bytes in
            // The last scalar boundary within the limit (continuation bytes are 10xxxxxx).
            var end = limit
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            var cut = end
            var i = end - 1
            while i > 0 {
                if bytes[i] == 0x20 || bytes[i] == 0x0A { cut = i; break }
                i -= 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<cut]), as: UTF8.self) + "…"
        }
    }
}
