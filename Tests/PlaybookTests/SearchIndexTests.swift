import Foundation
@testable import Markdown
import Testing
import TextFolding
@testable import PlaybookCore

@Suite struct SearchTokenizerTests {
    func scanned(_ text: String) -> [String] {
        var out: [String] = []
        var buffer: [UInt8] = []
        var text = text
        text.withUTF8 { buf in
            FoldedWords.scan(buf, buffer: &buffer) { word, _ in out.append(String(decoding: word, as: UTF8.self)) }
        }
        return out
    }

    @Test func byteScannerFoldsLikeTextFold() {
        let samples = [
            "Oceń szkody!", "Łódź: Żółć i GĘŚLĄ jaźń", "¿Qué hacemos? Señal", "Straße & Œuvre", "Don't panic — l’équipe",
            "Cafe\u{301} On\u{301}", "Привет, мир 42", "tĳdlĳn TIJDLIJN", "a\u{2028}b</script>", "x\u{FFFD}y 🙂 z", "ΑΒΓ δ",
            "e-mail 120000 sev1", "'quoted' ’curly’", "\u{301}start",
        ]
        for s in samples { #expect(scanned(s) == TextFold.words(s), "\(s)") }
    }

    /// Lowercase ASCII words are handed out without a copy; every way such a word can end (or
    /// turn out not to be plain) must still fold like TextFold.
    @Test func plainAsciiWordsFoldLikeTextFoldWhereverTheyEnd() {
        let samples = ["abc def", "abcDef x", "abc'def", "abc’def", "abcé", "a1 b2.c3", "end", "x,y", "word\u{A0}next",
                       "tail9", "ab\u{301}c", "9lives", "mid-word", "fin\u{FFFD}", "ab\u{2028}cd"]
        for s in samples { #expect(scanned(s) == TextFold.words(s), "\(s)") }
        var rng = SystemRandomNumberGenerator()
        let pieces = ["a", "z", "q9", "0", "B", "'", "’", " ", ".", "-", "é", "Ł", "\u{301}", "ß", "\n", "ĳ", "🙂"]
        for _ in 0..<2_000 {
            let s = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(scanned(s) == TextFold.words(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func rawRangesPointAtTheWordAsWritten() {
        var ranges: [String] = []
        var buffer: [UInt8] = []
        var text = "Oceń  SZKODY."
        text.withUTF8 { buf in
            FoldedWords.scan(buf, buffer: &buffer) { _, r in ranges.append(String(decoding: UnsafeBufferPointer(rebasing: buf[r]), as: UTF8.self)) }
        }
        #expect(ranges == ["Oceń", "SZKODY"])
    }

    @Test func dutchIjStaysSearchable() {
        #expect(scanned("Tĳdlĳn") == ["tijdlijn"])
        #expect(scanned("IJsselmeer") == ["ijsselmeer"])
    }
}

@Suite struct StemmerTests {
    func stem(_ lang: String, _ word: String) -> String {
        Stemmers.make(for: lang).stem(lowercased: word.lowercased(), folded: TextFold.words(word).joined())
    }

    @Test func englishSnowball() {
        #expect(stem("en", "apologizing") == stem("en", "apology"))
        #expect(stem("en", "apologies") == stem("en", "apologize"))
        #expect(stem("en", "deliverability") == "deliver")
        #expect(stem("en", "campaigns") == "campaign")
    }

    @Test func dutchSnowball() {
        #expect(stem("nl", "klanten") == stem("nl", "klant"))
        #expect(stem("nl", "meldingen") == stem("nl", "melding"))
        #expect(stem("nl", "verzendingen") == stem("nl", "verzending"))
        #expect(stem("nl", "tijdlijnen") == stem("nl", "tijdlijn"))
    }

    @Test func spanishSnowball() {
        #expect(stem("es", "disculpas") == stem("es", "disculpa"))
        #expect(stem("es", "notificaciones") == stem("es", "notificación"))
        #expect(stem("es", "campañas") == "campan")  // folded after stemming
    }

    @Test func polishLightStemmer() {
        let group = ["przeprosiny", "przeprosin", "przeprosinami", "przeprosinach", "przeprosinom"].map { stem("pl", $0) }
        #expect(Set(group) == ["przeprosin"])
        #expect(Set(["ocena", "oceny", "ocenić", "oceń", "ocenę"].map { stem("pl", $0) }) == ["ocen"])
        #expect(Set(["szkoda", "szkody", "szkód", "szkodami", "szkodach"].map { stem("pl", $0) }) == ["szkod"])
        #expect(Set(["klient", "klienta", "klientów", "klientom", "klientami"].map { stem("pl", $0) }) == ["klient"])
        #expect(Set(["kampania", "kampanii", "kampanię", "kampaniach"].map { stem("pl", $0) }) == ["kampan"])
        #expect(Set(["wysyłanie", "wysyłania", "wysyłaniu"].map { stem("pl", $0) }) == ["wysylan"])
        // Short words keep three letters; past-tense -ł is left alone.
        #expect(stem("pl", "tak") == "tak")
        #expect(stem("pl", "kanał") == "kanal")
    }

    @Test func unknownLanguageKeepsWords() {
        #expect(stem("xx", "Wörter") == "worter")
    }
}

@Suite struct SearchIndexTests {
    func doc(_ title: String, body: String, heading: String = "Details", summary: String = "", tags: [String] = [], lang: String = "en", type: String = "playbook") -> SearchDocument {
        SearchDocument(url: "\(lang)/\(type)/\(TextFold.slug(title))/", title: title, summary: summary, tags: tags,
                       sections: [TextSection(headingId: nil, heading: nil, text: "Intro text."),
                                  TextSection(headingId: TextFold.slug(heading), heading: heading, text: body)],
                       type: type, severity: nil, contentLang: lang, isFallback: false)
    }

    func build(_ docs: [SearchDocument], lang: String = "en") -> LanguageIndex {
        var b = LanguageIndexBuilder(lang: lang)
        for d in docs { b.add(d) }
        return b.finish()
    }

    func postings(_ index: LanguageIndex, _ stem: String) -> [Posting] {
        Array(index.stems.first { $0.key == stem }?.postings ?? [])
    }

    @Test func prominenceCountsLinksAndNamesOncePerPage() {
        let html = ##"<p>See <a href="../../../en/ops/backup/index.html#when">backup</a>, <a href="https://x.example/en/a/index.html">out</a>, "## +
            ##"<a href="#here">here</a>, <a href="../../../assets/x.pdf">file</a>; pipe to <code>jq</code> or <code>JQ </code>, "## +
            ##"not <code>jq -r .</code>; <code>a &amp; b</code>.</p>"##
        let m = Prominence.mentions(html: html)
        #expect(m.links == ["en/ops/backup/"])
        #expect(m.names == ["jq", "jq", "jq -r .", "a & b"])
        // jq is named by pages 2 and 3 (page 3 twice: one reference); "mkdir" is the page of the
        // naming page's own section when it has one, else every page of that title; a page does
        // not refer to itself.
        let urls = ["en/tools/jq/", "en/ops/backup/", "en/pipes/a/", "en/pipes/b/", "en/tools/mkdir/", "en/win/mkdir/"]
        let titles = ["jq", "Backup", "A", "B", "mkdir", "mkdir"]
        let sections = ["tools", "ops", "pipes", "pipes", "tools", "win"]
        var mentions = [Prominence.Mentions](repeating: .init(), count: 6)
        mentions[0].names = ["jq"]
        mentions[2].names = ["jq"]
        mentions[3].names = ["jq", "jq", "mkdir"]
        mentions[3].links = ["en/ops/backup/"]
        mentions[5].names = ["mkdir"]
        mentions[0].names.append("mkdir")
        #expect(Prominence.levels(urls: urls, titles: titles, sections: sections, mentions: mentions) == [3, 2, 0, 0, 3, 2])
        #expect([0, 1, 3, 7, 1000].map(Prominence.level) == [0, 2, 4, 6, 12])
    }

    @Test func titleOutweighsHeadingOutweighsBody() {
        let index = build([
            doc("Budget", body: "The refund goes out today.", heading: "Numbers"),
            doc("Refund policy", body: "Nothing else here.", heading: "Rules"),
            doc("Costs", body: "Nothing here either.", heading: "Refund steps"),
        ])
        let p = postings(index, "refund")
        #expect(p.map(\.doc) == [0, 1, 2])
        let byDoc = Dictionary(uniqueKeysWithValues: p.map { ($0.doc, $0.impact) })
        #expect(byDoc[1]! > byDoc[2]!)
        #expect(byDoc[2]! > byDoc[0]!)
    }

    /// Tiers: any title match outranks any heading match, which outranks any body match,
    /// however often the body repeats the word; the title that is the word ranks first.
    @Test func impactTiersAndTitleShare() {
        let index = build([
            doc("ssh", body: "Log in.", heading: "Connect"),
            doc("ssh keygen", body: "Keys.", heading: "Keys"),
            doc("Agents", body: String(repeating: "ssh ", count: 40), heading: "ssh agents"),
            doc("Notes", body: String(repeating: "ssh ", count: 40), heading: "More"),
        ])
        let byDoc = Dictionary(uniqueKeysWithValues: postings(index, "ssh").map { ($0.doc, $0.impact) })
        #expect(byDoc[0]! > byDoc[1]!)
        #expect(byDoc[1]! >= RankingParameters.titleTier)
        #expect((RankingParameters.headingTier..<RankingParameters.titleTier).contains(byDoc[2]!))
        #expect(byDoc[3]! < RankingParameters.headingTier)
    }

    /// The summary's first clause lifts a stem to the top of the heading tier, higher the more of
    /// the lead the stem is; letter marks ("E[x]tract") do not split words.
    @Test func leadTierAndLetterMarks() {
        let index = build([
            doc("tmux", body: "Sessions.", summary: "Terminal multiplexer. With windows."),
            doc("byobu", body: "Sessions.", summary: "Window manager and terminal multiplexer."),
            doc("kitty", body: "A multiplexer.", heading: "Multiplexer", summary: "Runs commands. A multiplexer too."),
            doc("unpack", body: "E[x]tract an archive to a [f]ile."),
        ])
        let byDoc = Dictionary(uniqueKeysWithValues: postings(index, "multiplex").map { ($0.doc, $0.impact) })
        #expect(byDoc[0]! > byDoc[1]!)
        #expect((RankingParameters.leadTier..<RankingParameters.titleTier).contains(byDoc[1]!))
        #expect((RankingParameters.headingTier..<RankingParameters.titleTier).contains(byDoc[2]!))
        #expect(postings(index, "extract").map(\.doc) == [3])
        #expect(postings(index, "file").map(\.doc) == [3])
        #expect(RankingParameters.impact(titleShare: nil, leadShare: 0.1, inHeadings: true, rest: 0) >= RankingParameters.leadTier)
    }

    /// Word forms the stemmers leave apart stand for each other's stems (StemVariants).
    @Test func stemVariantsJoinPolishAndDutchForms() {
        let pl = build([doc("rm", body: "Usuwa pliki. Kopiuje katalogi. Wykrywaj boty. Pobieraj wideo.", lang: "pl"),
                        doc("Inne", body: "Usuwanie, kopiowania, wykrywanie, pobieranie i pobierz.", lang: "pl")], lang: "pl")
        func stems(_ index: LanguageIndex, _ word: String) -> [String] { index.words.first { $0.word == word }?.stems ?? [] }
        #expect(stems(pl, "usuwanie").contains("usuw"))
        #expect(stems(pl, "usuwa").contains(stems(pl, "usuwanie").first { $0 != "usuw" } ?? "?"))
        #expect(stems(pl, "kopiowania").contains("kopi"))
        #expect(Set(stems(pl, "wykrywaj")).intersection(stems(pl, "wykrywanie")).count > 0)
        #expect(Set(stems(pl, "pobierz")).intersection(stems(pl, "pobieranie")).count > 0)
        let nl = build([doc("git merge", body: "Voeg branches samen.", lang: "nl"),
                        doc("bat", body: "Bestanden tonen en samenvoegen. Virus definities, een definitie.", lang: "nl")], lang: "nl")
        #expect(stems(nl, "samenvoegen").contains(stems(nl, "voeg").first!))
        #expect(Set(stems(nl, "definitie")).intersection(stems(nl, "definities")).count > 0)
        let nl2 = build([doc("mkdir", body: "Maak mappen aan. Zip-archieven, huizen.", lang: "nl"),
                         doc("Overig", body: "Een map, een archief, een huis.", lang: "nl")], lang: "nl")
        for (plural, singular) in [("mappen", "map"), ("archieven", "archief"), ("huizen", "huis")] {
            #expect(Set(stems(nl2, plural)).intersection(stems(nl2, singular)).count > 0, "\(plural)")
        }
        let es = build([doc("Informa", body: "Pide disculpas.", lang: "es"), doc("Plan", body: "Decide si pedir disculpas.", lang: "es")], lang: "es")
        #expect(Set(stems(es, "pedir")).intersection(stems(es, "pide")).count > 0)
        // Only stems the index has: no variant invents one.
        for index in [pl, nl, nl2, es] {
            let keys = Set(index.stems.map(\.key))
            for entry in index.words { #expect(entry.stems.allSatisfy(keys.contains), "\(entry.word)") }
        }
    }

    @Test func bestSectionIsWhereTheStemWeighsMost() {
        var d = doc("Plan", body: "suppression suppression list")
        d.sections.append(TextSection(headingId: "later", heading: "Suppression list", text: "The suppression list again."))
        let index = build([d])
        #expect(postings(index, "suppress").first?.section == 3)  // the heading counts triple
        #expect(postings(index, "plan").first?.section == 0)      // title only: top of the page
    }

    @Test func wordsShareStemGroups() {
        let index = build([doc("Apology", body: "We apologize. Apologies are hard. apologizing")])
        let words = Dictionary(uniqueKeysWithValues: index.words.map { ($0.word, $0.stems) })
        #expect(words["apology"] == ["apolog"])
        #expect(words["apologies"] == ["apolog"])
        #expect(words["apologize"] == ["apolog"])
        #expect(index.words.map(\.word) == index.words.map(\.word).sorted())
        #expect(index.stems.map(\.key) == index.stems.map(\.key).sorted())
    }

    @Test func fallbackPagesAreStemmedInTheirOwnLanguage() {
        var english = doc("Apologies", body: "Sending apologies.", lang: "en")
        english.isFallback = true
        let index = build([doc("Excuses", body: "Excuses aanbieden.", lang: "nl"), english], lang: "nl")
        let words = Dictionary(uniqueKeysWithValues: index.words.map { ($0.word, $0.stems) })
        #expect(words["apologies"] == ["apolog"])   // English Snowball, not Dutch
        #expect(words["aanbieden"] == ["aanbied"])
    }

    func files(_ index: LanguageIndex, dictionaryBudget: Int = 16_000) -> [String: String] {
        var writer = ShardWriter()
        writer.dictionaryBudget = dictionaryBudget
        var out: [String: String] = [:]
        for f in writer.files(for: index, labels: SearchLabels()) { out[f.path] = String(decoding: f.bytes, as: UTF8.self) }
        return out
    }

    @Test func dictionaryShardsSupportPrefixLookup() {
        var docs: [SearchDocument] = []
        for i in 0..<60 { docs.append(doc("Page \(i)", body: "deliverability delivery word\(i)x alpha\(i) zulu\(i)")) }
        let out = files(build(docs), dictionaryBudget: 200)
        let manifest = out["search/en/index.js"]!
        #expect(manifest.hasPrefix("PlaybookSearch.add(\"en\",\"m\",0,{n:60,nf:60,shards:[\"\","))
        // Every word lives in the shard whose boundary is the greatest one not after it, so a
        // prefix ("deliverab") is found by looking at the shards from its own onwards.
        let shardFiles = out.keys.filter { $0.hasPrefix("search/en/w") }.sorted()
        #expect(shardFiles.count > 3)
        let withDeliver = shardFiles.filter { out[$0]!.contains("\"deliverability\"") }
        #expect(withDeliver.count == 1)
    }

    @Test func filterColumnsWidenPast64Values() {
        let few = files(build((0..<3).map { doc("P\($0)", body: "x", type: "t\($0)") }))["search/en/a.js"]!
        #expect(few.contains("{y:\"ABC\",yw:1,"))
        let many = files(build((0..<70).map { doc("P\($0)", body: "x", type: "t\(String(format: "%02d", $0))") }))["search/en/a.js"]!
        #expect(many.contains(",yw:2,"))
        #expect(many.contains("{y:\"AAABAC"))   // 0, 1, 2 in two digits each
        #expect(many.contains("BF\",yw:2"))     // the 70th type: 69 = 1×64 + 5
    }

    @Test func indexFilesAreSafeToEmbed() {
        let evil = doc("</script><script>alert(1)</script> \u{2028}\u{2029} \"quote\" \\", body: "<!-- x --> & </SCRIPT>")
        let out = files(build([evil]))
        for (path, text) in out {
            #expect(!text.lowercased().contains("</script"), "\(path)")
            #expect(!text.contains("<!--"), "\(path)")
            #expect(!text.contains("\u{2028}") && !text.contains("\u{2029}"), "\(path)")
        }
        #expect(out["search/en/d/0.js"]!.contains("\\u003c/script\\u003e"))
        #expect(out["search/en/d/0.js"]!.contains("\\\"quote\\\""))
    }

    /// Excerpts are cut on bytes: never inside a character, at the last space or newline before
    /// the limit (unless that is the first byte), as the scalar-walking version did.
    @Test func excerptsCutAtASpaceWithinTheLimit() {
        func reference(_ text: String, _ limit: Int) -> String {
            if text.utf8.count <= limit { return text }
            var end = text.startIndex, lastSpace: String.Index? = nil
            var used = 0
            for i in text.unicodeScalars.indices {
                let s = text.unicodeScalars[i]
                used += UTF8.width(s)
                if used > limit { break }
                if s == " " || s == "\n" { lastSpace = i }
                end = text.unicodeScalars.index(after: i)
            }
            let cut = lastSpace.map { $0 > text.startIndex ? $0 : end } ?? end
            return String(text.unicodeScalars[..<cut]) + "…"
        }
        let writer = ShardWriter()
        #expect(writer.excerpt("Zażółć gęślą jaźń", 9) == "Zażół…")
        #expect(writer.excerpt("Zażółć gęślą jaźń", 16) == "Zażółć…")
        #expect(writer.excerpt("short", 160) == "short")
        var rng = SystemRandomNumberGenerator()
        let pieces = ["a", "bc", " ", "\n", "ż", "ó", "€", "🙂", "word", "  "]
        for _ in 0..<3_000 {
            let s = (0..<Int.random(in: 0...20, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let limit = Int.random(in: 1...24, using: &rng)
            #expect(writer.excerpt(s, limit) == reference(s, limit), "\(s.debugDescription) \(limit)")
        }
    }

    @Test func postingsEncodingRoundTrips() {
        let list = [Posting(doc: 0, impact: 5, section: 0), Posting(doc: 1, impact: 31, section: 40),
                    Posting(doc: 1000, impact: 1, section: 2), Posting(doc: 1001, impact: 7, section: 1)]
        let s = Base64Numbers.postings(list[...])
        #expect(s.utf8.count == 2 + 3 + 4 + 2)  // consecutive documents cost two characters
        // Decode the way search.js does.
        let alphabet = Array(Base64Numbers.alphabet)
        let digits = s.utf8.map { alphabet.firstIndex(of: $0)! }
        var i = 0, prev = -1, decoded: [Posting] = []
        func varint() -> Int { var v = 0, shift = 0, d = 0; repeat { d = digits[i]; i += 1; v += (d & 31) << shift; shift += 5 } while d & 32 != 0; return v }
        while i < digits.count {
            let c = digits[i]; i += 1
            prev += c & 32 != 0 ? 1 : 2 + varint()
            decoded.append(Posting(doc: Int32(prev), impact: UInt8(c & 31), section: Int32(varint())))
        }
        #expect(decoded == list)
    }

    @Test func siteBuildWritesIndexAndSearchPages() throws {
        var files = Fixture.fourLanguages
        files["content/en/postmortems/outage.md"] = "---\ntitle: Wrong segment outage\nseverity: sev1\ntags: [segmentation]\n---\n## Timeline\n\nThe apology went to the wrong segment.\n"
        let fixture = try Fixture(files)
        defer { fixture.remove() }
        _ = try fixture.build()
        let manifest = try #require(fixture.read("public/search/nl/index.js"))
        #expect(manifest.contains("sev:[\"sev1\"]"))
        #expect(manifest.contains("\"results\":{"))
        #expect(fixture.read("public/nl/search/index.html")?.contains("data-search=\"page\"") == true)
        // The results page includes the search script; other pages load it on first use (site.js).
        #expect(fixture.read("public/nl/search/index.html")?.contains("assets/search.js\"></script>") == true)
        #expect(fixture.read("public/en/index.html")?.contains("assets/search.js") == false)
        #expect(fixture.read("public/en/index.html")?.contains("assets/site.js") == true)
        // The English postmortem is a fallback copy in Dutch: indexed there, marked with its language.
        let fragments = fixture.snapshot("public").filter { $0.key.hasPrefix("search/nl/d/") }
        let fallback = fragments.values.map { String(decoding: $0, as: UTF8.self) }.filter { $0.contains("Wrong segment outage") }
        #expect(fallback.count == 1)
        #expect(fallback.first?.contains("{t:\"Wrong segment outage\",u:\"nl/postmortems/outage/\",y:\"postmortems\",v:\"sev1\",l:\"en\"") == true)
        // Documents come eight to a file: one file per page would double the files a build writes.
        #expect(fragments.count == 1)
        #expect(manifest.contains(",dg:8,"))
    }
}
