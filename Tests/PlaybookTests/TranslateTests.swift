import Foundation
import Testing
@testable import PlaybookCore

/// Segment status, the exchange formats' pieces, and adopting untracked translations.
@Suite struct TranslateTests {
    @Test func segmentDiffPairsEditsAndKeepsAdditionsAndRemovals() {
        // a b c d → a B c e d: b edited, e added; then x removed.
        let d = SegmentDiff(old: ["a", "b", "c", "d", "x"], new: ["a", "B", "c", "e", "d"],
                            oldKinds: ["h", "p", "p", "p", "p"], newKinds: ["h", "p", "p", "p", "p"])
        #expect(d.changes == [.same(old: 0, new: 0), .changed(old: 1, new: 1), .same(old: 2, new: 2), .added(new: 3), .same(old: 3, new: 4), .removed(old: 4)])
        #expect((d.changedCount, d.addedCount, d.removedCount) == (1, 1, 1))
        // A heading is never paired with a paragraph.
        let k = SegmentDiff(old: ["h"], new: ["p"], oldKinds: ["heading"], newKinds: ["paragraph"])
        #expect(k.changes == [.removed(old: 0), .added(new: 0)])
    }

    @Test func wordDiffMarksOnlyTheChangedWords() {
        #expect(WordDiff.diff("Tell the lead.", "Tell the on-call lead.") == [.same("Tell the "), .added("on-call "), .same("lead.")])
    }

    @Test func placeholdersRoundTripAndAreEnforced() throws {
        let md = "See [step *1*](01.md#x \"t\") and run `a {1} b`, ![logo](l.png), <https://x.org>, {{first_name}} and a literal {2}. \\[not a link]"
        let pieces = InlineCodes.tokenize(md)
        let po = InlineCodes.poText(pieces)
        #expect(po == "See {1}step *1*{/1} and run {2}, {3}, {4}, {5} and a literal {6}. \\[not a link]")
        #expect(try InlineCodes.markdown(InlineCodes.parsePO(po), source: pieces) == md)
        // Reordered (pairs may move) is fine; a missing, doubled or crossed one is not.
        #expect(try InlineCodes.markdown(InlineCodes.parsePO("{6} {5} {4} {3} {2} {1}krok{/1}."), source: pieces)
                == "{2} {{first_name}} <https://x.org> ![logo](l.png) `a {1} b` [krok](01.md#x \"t\").")
        for broken in ["{1}krok{/1} {2} {3} {4} {5}", "{1}krok{/1} {2} {2} {3} {4} {5} {6}", "{1}krok {2}{/2}{/1} {3} {4} {5} {6}", "{7} {1}{/1} {2} {3} {4} {5} {6}"] {
            #expect(throws: InlineCodes.PlaceholderProblem.self) { try InlineCodes.markdown(InlineCodes.parsePO(broken), source: pieces) }
        }
    }

    @Test func poWriterOutputReadsBack() throws {
        let source = InlineCodes.tokenize("Line one with \"quotes\" and `code`\nline two\\")
        let doc = ExchangeDocument(sourceLanguage: "en", targetLanguage: "pl", pages: [
            .init(translationPath: "content/pl/x.md", sourcePath: "content/en/x.md", sourceHash: "0123456789abcdef", units: [
                .init(id: "s1", note: "paragraph, line 3", source: source, target: [.text("Linia \"jeden\" "), .start(1), .text("\nlinia dwa\\")],
                      review: false, previous: nil, done: false, line: 3),
            ]),
        ])
        let text = POFile.write(doc)
        #expect(text.contains("msgid \"\"\n\"Line one with \\\"quotes\\\" and {1}\\n\"\n\"line two\\\\\"\n"))
        let read = try POFile.read(text)
        #expect(read.targetLanguage == "pl" && read.sourceLanguage == "en")
        let unit = try #require(read.pages.first?.units.first)
        #expect(read.pages.first?.sourceHash == "0123456789abcdef" && unit.id == "s1" && unit.done)
        #expect(try InlineCodes.markdown(#require(unit.target), source: source) == "Linia \"jeden\" `code`\nlinia dwa\\")
        #expect(throws: ExchangeFileProblem.self) { try POFile.read("msgid \"x\"\nmsgstr \"y\"\n") }
    }

    @Test func untrackedTranslationsGetNoBannerAndAreAdoptedAllOrNothing() throws {
        let f = try Fixture(LanguageTests.files)
        defer { f.remove() }
        var status = try Translations.status(source: f.root)
        #expect(status.count("nl", .untracked) == 1 && status.count("nl", .stale) == 0)
        #expect(status.count("es", .untracked) == 2)
        _ = try f.build()
        #expect(f.read("public/es/guide/a/index.html")?.contains("notice-stale") == false)
        #expect(f.read("public/es/translations/index.html")?.contains("state-untracked") == true)

        // One wrong path: nothing is written.
        let before = f.read("content/es/guide/a.md")
        #expect(throws: BuildFailure.self) { try Translations.markCurrent(source: f.root, paths: ["content/es/", "content/es/guide/nope.md"]) }
        #expect(f.read("content/es/guide/a.md") == before)
        // A folder adopts every translation in it (the orphan has no source and is left alone).
        let done = try Translations.markCurrent(source: f.root, paths: ["content/"])
        #expect(done.sorted() == ["content/es-MX/guide/a.md", "content/es/guide/a.md", "content/es/guide/b.md", "content/nl/guide/a.md"])
        status = try Translations.status(source: f.root)
        #expect(status.count("es", .translated) == 2 && status.count("es", .untracked) == 0 && status.count("nl", .orphaned) == 1)
        #expect(f.read("content/es/guide/a.md")?.hasPrefix("---\ntitle: Página A\nsource_hash: \"") == true)
        #expect(f.read("content/es/guide/a.md")?.contains("\nsource_segments: \"title:") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.root + "/content/es/guide").allSatisfy { !$0.hasPrefix(".playbook-") })
    }
}
