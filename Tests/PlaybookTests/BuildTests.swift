import Foundation
import Testing
@testable import PlaybookCore

@Suite struct BuildTests {
    @Test func buildsFourLanguagesWithPrettyURLsAndFallbacks() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        let report = try f.build()
        #expect(report.languages.map(\.code) == ["en", "nl", "pl", "es"])
        for path in ["index.html", "en/index.html", "en/playbook/index.html", "en/playbook/plan/index.html",
                     "en/tags/index.html", "en/tags/crisis-team/index.html", "pl/playbook/plan/index.html",
                     "es/playbook/damage/index.html", "en/notes/index.html", "assets/style.css", "sitemap.xml"] {
            #expect(f.read("public/" + path) != nil, "missing \(path)")
        }
        let plan = try #require(f.read("public/en/playbook/plan/index.html"))
        #expect(plan.contains("<h2 id=\"who-owns-it\">"))
        #expect(plan.contains("href=\"../../../en/playbook/damage/index.html#ocen-szkody\""))
        #expect(plan.contains("<table>"))
        #expect(!plan.contains("<script>alert"))
        #expect(plan.contains("<time datetime=\"2015-10-07\">7 Oct 2015</time>"))
        let notes = try #require(f.read("public/en/notes/index.html"))
        #expect(notes.contains("<h1>Notes</h1>"))
        // Polish has no plan: a fallback copy in English, announced in Polish, with lang="en".
        let plFallback = try #require(f.read("public/pl/playbook/plan/index.html"))
        #expect(plFallback.contains("<article lang=\"en\">"))
        // The build hands each body out once per page: the English page and its copies all have it.
        #expect(plan.contains("The lead.") && plFallback.contains("The lead."))
        #expect(try #require(f.read("public/es/playbook/plan/index.html")).contains("The lead."))
        #expect(plFallback.contains("class=\"notice notice-fallback\""))
        #expect(!plFallback.contains("hreflang=\"pl\" href=\"https://"))
        // A Polish page links to the Polish URL of the plan, which the fallback fills.
        let plDamage = try #require(f.read("public/pl/playbook/damage/index.html"))
        #expect(plDamage.contains("href=\"../../../pl/playbook/plan/index.html\""))
        #expect(plDamage.contains("<title>Oceń szkody"))
    }

    @Test func pageBodiesAreHandedOutOnceToEachReader() {
        let bodies = PageBodies(html: ["<p>a</p>", nil, "<p>a</p>"])
        #expect(bodies.takeHTML(0) == "<p>a</p>")
        #expect(bodies.takeHTML(0) == nil)
        #expect(bodies.takeHTML(1) == nil)
        #expect(bodies.takeHTML(2) == "<p>a</p>")
        #expect(bodies.takeHTMLForIndex(0) == "<p>a</p>")
        #expect(bodies.takeHTMLForIndex(0) == nil)
    }

    @Test func everyRelativeLinkLeadsToAFile() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        _ = try f.build()
        let files = f.snapshot()
        let hrefPattern = try NSRegularExpression(pattern: "(?:href|src)=\"([^\"#]+)(?:#[^\"]*)?\"")
        var broken: [String] = []
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            let dir = (path as NSString).deletingLastPathComponent
            for m in hrefPattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let href = String(html[Range(m.range(at: 1), in: html)!])
                if href.contains("://") || href.hasPrefix("data:") { continue }
                var parts: [Substring] = []
                for piece in (dir.isEmpty ? href : dir + "/" + href).split(separator: "/") {
                    if piece == ".." { if parts.popLast() == nil { broken.append("\(path) → \(href) (above the root)") } } else if piece != "." { parts.append(piece) }
                }
                let target = parts.joined(separator: "/")
                if files[target] == nil { broken.append("\(path) → \(href)") }
            }
        }
        #expect(broken.isEmpty, "\(broken.prefix(10))")
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        _ = try f.build(output: "a")
        _ = try f.build(output: "b")
        let a = f.snapshot("a"), b = f.snapshot("b")
        #expect(a.count > 20)
        #expect(a == b)
    }

    @Test func rebuildKeepsUnchangedFilesAndReplacesChangedOnes() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        _ = try f.build()
        func inode(_ path: String) throws -> UInt64 {
            try #require(FileManager.default.attributesOfItem(atPath: f.root + "/public/" + path)[.systemFileNumber] as? UInt64)
        }
        let unchanged = "nl/playbook/plan/index.html", changed = "en/notes/index.html"
        let (keptBefore, changedBefore) = (try inode(unchanged), try inode(changed))
        try f.write("content/en/notes.md", "Rewritten notes.\n")
        _ = try f.build()
        // Same bytes: the very same file (hard-linked from the old site, so its mtime stays).
        #expect(try inode(unchanged) == keptBefore)
        #expect(try inode(changed) != changedBefore)
        #expect(f.read("public/" + changed)?.contains("Rewritten notes.") == true)
        // The old site is gone and nothing still shares a file with it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.root).filter { $0.hasPrefix(".public") }.isEmpty)
        let links = try #require(FileManager.default.attributesOfItem(atPath: f.root + "/public/" + unchanged)[.referenceCount] as? Int)
        #expect(links == 1)
        // And the result is exactly what a build into an empty folder gives.
        _ = try f.build(output: "fresh")
        #expect(f.snapshot("public") == f.snapshot("fresh"))
    }

    @Test func buildErrorsKeepLinesAfterTheSourcesAreDropped() throws {
        // The build drops sources after the parse and reads a reported file's lines from disk
        // again; a file whose name on disk is not NFC keeps its bytes instead.
        var files = Fixture.fourLanguages
        files["content/en/playbook/broken.md"] = "---\ntitle: Broken\n---\nFirst line.\n\nSee [nothing](missing.md).\n"
        files["content/en/playbook/cafe\u{301}.md"] = "---\ntitle: Café\n---\nText.\n\n\nSee [gone](gone.md).\n"
        let f = try Fixture(files)
        defer { f.remove() }
        do {
            _ = try f.build()
            Issue.record("the build should fail")
        } catch let failure as BuildFailure {
            let lines = Dictionary(failure.errors.map { ($0.file, $0.line) }, uniquingKeysWith: { a, _ in a })
            #expect(lines["content/en/playbook/broken.md"] == 6)
            #expect(lines["content/en/playbook/caf\u{e9}.md"] == 7)
        }
    }

    @Test func failedBuildLeavesPreviousSiteAndNoLitter() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        _ = try f.build()
        let before = f.snapshot()
        try f.write("content/en/playbook/broken.md", "---\ntitle: Broken\ndate: yesterday\n---\nx\n")
        #expect(throws: BuildFailure.self) { try f.build() }
        #expect(f.snapshot() == before)
        let litter = try FileManager.default.contentsOfDirectory(atPath: f.root).filter { $0.hasPrefix(".public") }
        #expect(litter.isEmpty)
    }

    @Test func clearErrorsForBadTrees() throws {
        let f = try Fixture(Fixture.fourLanguages.merging([
            "content/fr/_index.md": "Bonjour\n",
            "content/en/playbook/Plan.md": "# Same URL as plan.md\n",
            "content/en/playbook/open.md": "---\ntitle: Open\n\nno closing fence\n",
        ]) { $1 })
        defer { f.remove() }
        do {
            _ = try f.build()
            Issue.record("expected a failure")
        } catch let failure as BuildFailure {
            let text = failure.description
            #expect(text.contains("content/fr/: error: [content/unknown-language] folder `fr` is not a language of this site"))
        }
        try FileManager.default.removeItem(atPath: f.root + "/content/fr")
        do {
            _ = try f.build()
            Issue.record("expected a failure")
        } catch let failure as BuildFailure {
            let text = failure.description
            #expect(text.contains("content/en/playbook/open.md:1: error: [front-matter/unclosed] front matter opened with `---` is never closed"))
        }
        try FileManager.default.removeItem(atPath: f.root + "/content/en/playbook/open.md")
        do {
            _ = try f.build()
            Issue.record("expected a failure")
        } catch let failure as BuildFailure {
            #expect(failure.description.contains("gives the same URL /en/playbook/plan/"))
        }
    }

    @Test func fieldEditionLeavesOutInternalPagesAndPassages() throws {
        let f = try Fixture(Fixture.fourLanguages.merging([
            "content/en/playbook/secret.md": "---\ntitle: Secret page SECRETPAGE1\npublic: false\n---\nSECRETBODY1\n",
            "content/en/playbook/open.md": "---\ntitle: Open page\npublic: true\n---\nPublic text. [secret](secret.md)\n\n<!-- internal -->\nSECRETBLOCK1\n<!-- /internal -->\n",
        ]) { $1 })
        defer { f.remove() }
        _ = try f.build(edition: .field)
        let all = f.snapshot().values.map { String(decoding: $0, as: UTF8.self) }.joined()
        for marker in ["SECRETPAGE1", "SECRETBODY1", "SECRETBLOCK1", "secret/index.html"] {
            #expect(!all.contains(marker), "\(marker) leaked")
        }
        #expect(f.read("public/en/playbook/open/index.html")?.contains("Public text. secret") == true)
        _ = try f.build(output: "staff")
        #expect(f.read("staff/en/playbook/open/index.html")?.contains("<div class=\"internal-block\">") == true)
    }
}
