import Foundation
import Testing
import Markdown
@testable import PlaybookCore

/// Trees written for MkDocs and Hugo (issue #16): the pieces, and serve's rebuilds staying equal to
/// full builds on them (the end-to-end behaviour is in Tests/e2e/test_existing_content.py).
@Suite struct ExistingContentTests {
    static var mkdocsTree: [String: String] {
        [
            "playbook.yml": "title: T\nlanguages:\n  - {code: en, name: English}\n  - {code: nl, name: Nederlands}\nchecks:\n  link/*: warning\n",
            "content/en/index.md": "# Runbooks\n\nWelcome.\n",
            "content/en/db/index.md": "# Databases\n",
            "content/en/db/failover.md": "# Failover\n\n!!! warning \"First\"\n    Page the DBA.\n\n[x](gone.md#nothing)\n",
            "content/en/db/failover.nl.md": "# Failover NL\n\nTekst.\n",
            "content/nl/Db/Restore.md": "# Herstel\n",
            "content/en/db/restore.md": "# Restore\n",
        ]
    }

    /// Colliding tags (`C#` and `C` meet at `tags/c/`) are reported by serve as by build, and
    /// the warning goes when the tag is renamed.
    @Test func tagCollisionsInServeEqualFullBuilds() throws {
        let f = try Fixture([
            "playbook.yml": "title: T\nlanguages:\n  - {code: en, name: English}\n",
            "content/en/index.md": "# Home\n",
            "content/en/a.md": "---\ntitle: A\ntags: [C++, C]\n---\nA.\n",
            "content/en/d.md": "---\ntitle: D\ntags: [C#]\n---\nD.\n",
        ])
        defer { f.remove() }
        let b = IncrementalBuilderTests.builder(f)
        let first = try b.build()
        try IncrementalBuilderTests.expectEquivalent(b, f, first)
        #expect(b.warnings.filter { $0.rule == "tag/collision" }.map(\.file) == ["content/en/d.md"])
        #expect(b.outputs["en/tags/c++/index.html"] != nil && b.outputs["en/tags/c/index.html"] != nil)
        try f.write("content/en/d.md", "---\ntitle: D\ntags: [csharp]\n---\nD.\n")
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.rebuild(changed: ["content/en/d.md"]))
        #expect(!b.warnings.contains { $0.rule == "tag/collision" })
    }

    @Test func incrementalRebuildsOfAnMkDocsTreeEqualFullBuilds() throws {
        let f = try Fixture(Self.mkdocsTree)
        defer { f.remove() }
        let b = IncrementalBuilderTests.builder(f)
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.build())
        #expect(b.outputs["nl/db/failover/index.html"].map { String(decoding: $0, as: UTF8.self).contains("Failover NL") } == true)
        // A translation named by file changes, goes and comes back; a case-different translation changes.
        try f.write("content/en/db/failover.nl.md", "# Failover NL 2\n\nTekst.\n")
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.rebuild(changed: ["content/en/db/failover.nl.md"]))
        try FileManager.default.removeItem(atPath: f.root + "/content/en/db/failover.nl.md")
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.rebuild(changed: ["content/en/db/failover.nl.md"]))
        try f.write("content/en/db/failover.nl.md", "# Failover NL 3\n")
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.rebuild(changed: ["content/en/db"]))
        // The folder holding a translation named by file goes: its pages go too.
        try FileManager.default.moveItem(atPath: f.root + "/content/en/db", toPath: f.root + "/db-away")
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.rebuild(changed: ["content/en/db"]))
        try FileManager.default.moveItem(atPath: f.root + "/db-away", toPath: f.root + "/content/en/db")
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.rebuild(changed: ["content/en/db"]))
        try f.write("content/nl/Db/Restore.md", "# Herstel 2\n\n!!! tip\n    Tip.\n")
        let changes = try b.rebuild(changed: ["content/nl/Db/Restore.md"])
        try IncrementalBuilderTests.expectEquivalent(b, f, changes)
        // The policy made the broken link a warning in serve as in build.
        #expect(changes.diagnostics.warnings.contains { $0.rule == "link/broken" })
    }

    @Test func policyPicksTheMostSpecificEntry() {
        let policy = CheckPolicy(entries: ["link/*": .off, "link/anchor": .error, "*": .warning])
        #expect(policy.level(of: "link/anchor") == .error)
        #expect(policy.level(of: "link/broken") == .off)
        #expect(policy.level(of: "translation/missing") == .warning)
        #expect(policy.level(of: "yaml/syntax") == nil)  // not adjustable, whatever `*` says
        let d = Diagnostic(file: "content/en/a.md", line: 3, "x", severity: .warning, rule: "translation/missing")
        #expect(policy.apply(d)?.severity == .warning)
        #expect(CheckPolicy(entries: ["translation/missing": .error]).apply(d)?.severity == .error)
    }

    @Test func admonitionsKeepEveryLineWhereItWas() {
        let body = "Intro\n\n!!! note \"T\"\n    one\n\n    two\n\nafter {: .x}\n"
        let r = MkDocsMarkdown.convert(body, file: "content/en/a.md", firstLine: 5)
        #expect(r.text.split(separator: "\n", omittingEmptySubsequences: false).count == body.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(r.text.contains("> [!NOTE]\n> one\n>\n> two"))
        #expect(r.callouts[3] == CalloutStyle(title: "T", collapsible: false, open: false))
        #expect(r.warnings.map(\.line) == [12] && r.warnings.first?.rule == "markdown/attribute-list")
    }

    /// The pre-check that lets most pages skip the MkDocs conversion, at every offset (it reads
    /// eight bytes at a time): each extension is seen wherever it starts, plain text never.
    @Test func extensionPreCheckAtEveryOffset() {
        for marker in ["!!!", "???", "===", "{: .x}", "{ #id}", "](a){width=4}"] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + marker + String(repeating: "b", count: 20 - offset)
                #expect(MkDocsMarkdown.mayHaveExtensions(text), "\(marker) at \(offset)")
            }
        }
        for plain in ["a!!b?c==d{x} e", "!!", "{x: 1}", "f(a) {b}", String(repeating: "plain words, ", count: 40)] {
            #expect(!MkDocsMarkdown.mayHaveExtensions(plain), "\(plain)")
        }
    }

    @Test func translationsByFileName() {
        let langs: Set<String> = ["en", "nl", "pt-BR"]
        #expect(ContentPaths.fromDisk("en/guide/about.nl.md", languages: langs) == ("nl/guide/about.md", "nl"))
        #expect(ContentPaths.fromDisk("en/about.pt-BR.md", languages: langs) == ("pt-BR/about.md", "pt-BR"))
        #expect(ContentPaths.fromDisk("en/about.en.md", languages: langs) == ("en/about.md", "en"))
        #expect(ContentPaths.fromDisk("en/v1.2.md", languages: langs) == ("en/v1.2.md", "en"))
        #expect(ContentPaths.translationKey("Guides/Set_Up.md") == ContentPaths.translationKey("guides/set_up.md"))
    }

    @Test func didYouMean() {
        #expect(KnownKeys.suggestion(for: "Title", in: KnownKeys.frontMatter) == "title")
        #expect(KnownKeys.suggestion(for: "tittle", in: KnownKeys.frontMatter) == "title")
        #expect(KnownKeys.suggestion(for: "reply-to", in: KnownKeys.frontMatter) == "reply_to")
        #expect(KnownKeys.suggestion(for: "author", in: KnownKeys.frontMatter) == nil)
    }
}
