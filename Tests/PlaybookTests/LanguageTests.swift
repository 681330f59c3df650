import Foundation
import Testing
@testable import PlaybookCore

@Suite struct LanguageTests {
    static let files: [String: String] = [
        "playbook.yml": """
        title: T
        base_url: https://example.org/
        languages:
          - {code: en, name: English}
          - {code: nl, name: Nederlands}
          - {code: es, name: Español}
          - {code: es-MX, name: Español (México), locale: es-MX, fallback: [es, en]}
        """,
        "content/en/_index.md": "# Home\n",
        "content/en/guide/a.md": "---\ntitle: Page A\ndate: 2015-10-07\ntags: [alpha]\nseverity: sev1\nweight: 3\n---\nEnglish A.\n",
        "content/en/guide/b.md": "---\ntitle: Page B\n---\nEnglish B.\n",
        "content/en/guide/c.md": "---\ntitle: Page C\n---\nEnglish C.\n",
        "content/nl/guide/a.md": "---\ntitle: Pagina A\n---\nNederlandse A.\n",
        "content/nl/guide/orphan.md": "---\ntitle: Wees\n---\nAlleen in het Nederlands.\n",
        "content/es/guide/a.md": "---\ntitle: Página A\n---\nA en español.\n",
        "content/es/guide/b.md": "---\ntitle: Página B\n---\nB en español.\n",
        "content/es-MX/guide/a.md": "---\ntitle: Página A (México)\n---\nA para México.\n",
        "templates/i18n/es-MX.yml": "footer_note: Manual para México.\n",
    ]

    @Test func inheritanceFillsNonProseFields() throws {
        let f = try Fixture(Self.files)
        defer { f.remove() }
        _ = try f.build()
        let nl = try #require(f.read("public/nl/guide/a/index.html"))
        #expect(nl.contains("<time datetime=\"2015-10-07\">7 okt 2015</time>"))
        #expect(nl.contains("<h1>Pagina A</h1>"))
        #expect(f.read("public/nl/tags/alpha/index.html")?.contains("Pagina A") == true)
    }

    @Test func regionalVariantFallsBackToItsParentLanguageFirst() throws {
        let f = try Fixture(Self.files)
        defer { f.remove() }
        _ = try f.build()
        let a = try #require(f.read("public/es-MX/guide/a/index.html"))
        #expect(a.contains("A para México") && !a.contains("notice-fallback"))
        let b = try #require(f.read("public/es-MX/guide/b/index.html"))
        #expect(b.contains("B en español") && b.contains("<article lang=\"es\">") && b.contains("notice-fallback"))
        let c = try #require(f.read("public/es-MX/guide/c/index.html"))
        #expect(c.contains("English C.") && c.contains("<article lang=\"en\">"))
        #expect(a.contains("Manual para México"))  // its own UI string
        #expect(a.contains("Ir al contenido"))  // the rest from es
        let status = try Translations.status(source: f.root)
        #expect(status.count("es-MX", .missing) == 2)  // c and the home page; b is covered by es
        #expect(status.count("nl", .orphaned) == 1)
    }

    @Test func staleTranslationsAreFlaggedWithALinkToTheSource() throws {
        let f = try Fixture(Self.files)
        defer { f.remove() }
        _ = try Translations.markCurrent(source: f.root, paths: ["content/nl/guide/a.md", "content/es/guide/a.md"])
        var status = try Translations.status(source: f.root)
        #expect(status.count("nl", .translated) == 1 && status.count("nl", .stale) == 0)
        #expect(status.count("es", .untracked) == 1 && status.count("es", .stale) == 0)  // b was never stamped
        _ = try f.build()
        #expect(f.read("public/nl/guide/a/index.html")?.contains("notice-stale") == false)

        try f.write("content/en/guide/a.md", "---\ntitle: Page A\ndate: 2015-10-07\nupdated: 2016-03-02\n---\nEnglish A, revised.\n")
        status = try Translations.status(source: f.root)
        #expect(status.count("nl", .stale) == 1)
        let json = Translations.json(status)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let nlStale = ((parsed["languages"] as? [String: Any])?["nl"] as? [String: Any])?["stale"] as? [String: Any]
        #expect(nlStale?["count"] as? Int == 1)
        _ = try f.build()
        let nl = try #require(f.read("public/nl/guide/a/index.html"))
        #expect(nl.contains("class=\"notice notice-stale\""))
        #expect(nl.contains("2 mrt 2016"))
        #expect(nl.contains("href=\"../../../en/guide/a/index.html\""))
        let dashboard = try #require(f.read("public/nl/translations/index.html"))
        #expect(dashboard.contains("content/nl/guide/a.md"))
    }

    @Test func newTranslationCopiesProseAndRecordsTheSource() throws {
        let f = try Fixture(Self.files)
        defer { f.remove() }
        let created = try Translations.scaffold(source: f.root, path: "content/en/guide/c.md", lang: "nl")
        #expect(created == "content/nl/guide/c.md")
        let text = try #require(f.read("content/nl/guide/c.md"))
        #expect(text.hasPrefix("---\ntitle: Page C\nsource_hash: "))
        #expect(text.hasSuffix("---\nEnglish C.\n"))
        #expect(try Translations.status(source: f.root).entry(for: "nl/guide/c.md")?.state == .translated)
        #expect(throws: BuildFailure.self) { try Translations.scaffold(source: f.root, path: "content/en/guide/c.md", lang: "nl") }
        #expect(throws: BuildFailure.self) { try Translations.scaffold(source: f.root, path: "content/en/guide/c.md", lang: "fr") }
    }

    @Test func fallbackPagesCanBeTurnedOff() throws {
        var files = Self.files
        files["playbook.yml"]! += "\nfallback_pages: false\n"
        files["content/nl/guide/links.md"] = "[to c](c.md)\n"
        let f = try Fixture(files)
        defer { f.remove() }
        _ = try f.build()
        #expect(f.read("public/nl/guide/c/index.html") == nil)
        let links = try #require(f.read("public/nl/guide/links/index.html"))
        #expect(links.contains("href=\"../../../en/guide/c/index.html\""))
        let a = try #require(f.read("public/nl/guide/a/index.html"))
        #expect(a.contains("href=\"../../../es-MX/guide/a/index.html\""))
    }
}
