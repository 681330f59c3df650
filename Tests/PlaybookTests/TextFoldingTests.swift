import Escaping
import Foundation
import Testing
import TextFolding

@Suite struct TextFoldingTests {
    @Test func slugFoldsDiacriticsAndCase() {
        #expect(TextFold.slug("Oceń szkody") == "ocen-szkody")
        #expect(TextFold.slug("Łódź: Żółć i GĘŚLĄ jaźń") == "lodz-zolc-i-gesla-jazn")
        #expect(TextFold.slug("¿Qué hacemos? Señal") == "que-hacemos-senal")
        #expect(TextFold.slug("Straße & Œuvre") == "strasse-oeuvre")
        #expect(TextFold.slug("  --Step 1: Own the problem!-- ") == "step-1-own-the-problem")
        #expect(TextFold.slug("Don't panic") == "dont-panic")
        #expect(TextFold.slug("!!!") == "")
    }

    @Test func nfdAndNfcFoldAlike() {
        let nfc = "Caf\u{e9} O\u{144}"
        let nfd = "Cafe\u{301} On\u{301}"
        #expect(nfc != nfd || nfc.utf8.count != nfd.utf8.count)
        #expect(TextFold.slug(nfc) == TextFold.slug(nfd))
        #expect(TextFold.slug(nfd) == "cafe-on")
    }

    @Test func letterMarksJoinOnlyWhenAsked() {
        let text = "E[x]tract a [f]ile, colo[u]r; arr[abc] [x] [b]"
        func scan(_ marks: Bool) -> [String] {
            var out: [String] = []
            var t = text
            t.withUTF8 { buf in
                var s = FoldedWordScanner(buf, letterMarks: marks)
                while s.next() { out.append(s.withWord { String(decoding: $0, as: UTF8.self) }) }
            }
            return out
        }
        #expect(scan(true) == ["extract", "a", "file", "colour", "arr", "abc", "x", "b"])
        #expect(scan(false) == TextFold.words(text))
        #expect(TextFold.slug("E[x]tract files") == "e-x-tract-files")
    }

    @Test func wordsKeepNonLatinLetters() {
        #expect(TextFold.words("Привет, мир 42") == ["привет", "мир", "42"])
    }

    @Test func htmlEscapeCoversTextAndAttributes() {
        #expect(HTMLEscape.escape("<a href=\"x\" title='y'>&</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTMLEscape.escape("plain żółw") == "plain żółw")
        // Each special character at every offset of a longer string, with and without quotes escaped.
        for (special, entity) in [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;")] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "ż", count: 10)
                let tail = String(repeating: "ż", count: 10)
                #expect(HTMLEscape.escape(text) == String(repeating: "a", count: offset) + entity + tail)
                var out: [UInt8] = []
                HTMLEscape.append(text, to: &out, quotes: false)
                let kept = special == "\"" || special == "'"
                #expect(String(decoding: out, as: UTF8.self) == String(repeating: "a", count: offset) + (kept ? special : entity) + tail)
            }
        }
    }

    /// The trims must give what Foundation's `trimmingCharacters(in:)` gives, scalar for scalar,
    /// over every scalar of the BMP and characters whose first scalar is a space.
    @Test func trimmingMatchesFoundation() {
        var samples = ["", " ", "\t\n", "plain", "  two words  ", "\u{301}x\u{301}", " \u{301}a \u{301}",
                       "\r\n title \r\n", "żółw\u{3000}", "\u{85}x\u{85}", "\u{200B}zero width\u{200B}", "\u{FEFF}bom"]
        for v in 0...0xFFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            samples.append("\(u)a\(u)b\(u)")
        }
        for s in samples {
            #expect(s.trimmingWhitespaceAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.unicodeScalars.map { $0.value })")
            #expect(s.trimmingSpaces() == s.trimmingCharacters(in: .whitespaces), "\(s.unicodeScalars.map { $0.value })")
        }
    }
}
