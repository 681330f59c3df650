import Foundation
import Testing
@testable import PlaybookCore

/// The incremental builder must end every rebuild with exactly the bytes a full build writes,
/// while rendering and rewriting only what a change affects.
@Suite struct IncrementalBuilderTests {
    static func builder(_ f: Fixture) -> IncrementalBuilder {
        let b = IncrementalBuilder(options: BuildOptions(source: f.root, output: f.root + "/unused"))
        b.verify = true
        return b
    }

    /// A full build of the fixture's current state: path → bytes (without the stamp), and its warnings.
    static func fullBuild(_ f: Fixture) throws -> (files: [String: [UInt8]], warnings: [String]) {
        let out = "full-" + UUID().uuidString
        let report = try f.build(output: out)
        defer { try? FileManager.default.removeItem(atPath: f.root + "/" + out) }
        var files = f.snapshot(out).mapValues { [UInt8]($0) }
        files.removeValue(forKey: OutputFolder.stampName)  // a written site's mark; serve writes no folder
        return (files, report.warnings.map(\.description))
    }

    static func full(_ f: Fixture) throws -> [String: [UInt8]] { try fullBuild(f).files }

    /// The builder holds what a full build writes, and reports the diagnostics that a full
    /// build and `playbook check` report for the same files.
    static func expectEquivalent(_ b: IncrementalBuilder, _ f: Fixture, _ changes: IncrementalBuilder.Changes, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(changes.missed.isEmpty, "pages the dependency rules missed: \(changes.missed)", sourceLocation: sourceLocation)
        let expected = try fullBuild(f)
        let diff = Set(expected.files.keys).union(b.outputs.keys).filter { expected.files[$0] != b.outputs[$0] }.sorted()
        #expect(diff.isEmpty, "differs from a full build: \(diff.prefix(10))", sourceLocation: sourceLocation)
        let warnings = b.warnings.map(\.description)
        #expect(warnings == expected.warnings, "diagnostics differ from a full build's", sourceLocation: sourceLocation)
        let checked = Checker.check(CheckOptions(source: f.root)).diagnostics.map(\.description)
        #expect(warnings == checked, "diagnostics differ from playbook check's", sourceLocation: sourceLocation)
    }

    /// A rebuild failed with `failure`: a full build of the same files fails with the same
    /// errors, and `playbook check` reports them (among those of later stages).
    static func expectSameFailure(_ failure: BuildFailure, _ f: Fixture, sourceLocation: SourceLocation = #_sourceLocation) {
        let errors = failure.errors.map(\.description)
        do {
            _ = try fullBuild(f)
            Issue.record("a full build succeeds where the rebuild failed with \(errors)", sourceLocation: sourceLocation)
        } catch let full as BuildFailure {
            #expect(errors == full.errors.map(\.description), sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
        let checked = Set(Checker.check(CheckOptions(source: f.root)).errors.map(\.description))
        #expect(Set(errors).isSubset(of: checked), "check misses \(Set(errors).subtracting(checked))", sourceLocation: sourceLocation)
    }

    /// A section longer than the sidebar window, so that windows and counts are exercised.
    static var bigFixture: [String: String] {
        var files = Fixture.fourLanguages
        for i in 0..<45 {
            let n = String(format: "%02d", i)
            files["content/en/postmortems/pm-\(n).md"] = "---\ntitle: Postmortem \(n)\ndate: 2024-01-\(String(format: "%02d", i % 28 + 1))\ntags: [t\(i % 3)]\n---\n## Body \(n)\n\nText \(n). See [plan](../playbook/plan.md).\n"
            if i % 4 == 0 { files["content/nl/postmortems/pm-\(n).md"] = "---\ntitle: Nabespreking \(n)\n---\nTekst.\n" }
        }
        return files
    }

    @Test func firstBuildEqualsFullBuild() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        let changes = try b.build()
        #expect(changes.full)
        #expect(changes.written.count == b.outputs.count)
        try Self.expectEquivalent(b, f, changes)
        let again = try b.rebuild(changed: [])
        #expect(again.isEmpty)
        #expect(again.rendered == 0 && again.parsed == 0)
    }

    @Test func bodyEditRewritesOnlyThatPageAndItsCopies() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        try b.build()
        try f.write("content/en/postmortems/pm-20.md", "---\ntitle: Postmortem 20\nsummary: Fixed summary.\ndate: 2024-01-21\ntags: [t2]\n---\n## Body 20\n\nText 20. See [plan](../playbook/plan.md).\n")
        try b.rebuild(changed: ["content/en/postmortems/pm-20.md"])
        // Now only the body changes: the summary shown in lists stays.
        try f.write("content/en/postmortems/pm-20.md", "---\ntitle: Postmortem 20\nsummary: Fixed summary.\ndate: 2024-01-21\ntags: [t2]\n---\n## Body 20\n\nNEWTEXT.\n")
        let changes = try b.rebuild(changed: ["content/en/postmortems/pm-20.md"])
        #expect(changes.parsed <= 4)
        #expect(changes.rendered <= 8, "rendered \(changes.rendered)")
        // The English page and its fallback copies in the languages without a translation.
        #expect(changes.written.filter { !$0.hasPrefix("search/") } == ["en/postmortems/pm-20/index.html", "es/postmortems/pm-20/index.html", "pl/postmortems/pm-20/index.html"])
        // …and the search shards whose words changed (the new word, in the languages showing the page).
        let shards = changes.written.filter { $0.hasPrefix("search/") }
        #expect(!shards.isEmpty && shards.allSatisfy { $0.hasPrefix("search/en/") || $0.hasPrefix("search/es/") || $0.hasPrefix("search/pl/") })
        #expect(String(decoding: b.outputs["en/postmortems/pm-20/index.html"]!, as: UTF8.self).contains("NEWTEXT"))
        try Self.expectEquivalent(b, f, changes)
    }

    @Test func titleEditUpdatesListsSidebarsAndTags() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        try b.build()
        try f.write("content/en/postmortems/pm-07.md", "---\ntitle: Renamed seven\ndate: 2024-01-08\ntags: [t1, fresh]\n---\nShort.\n")
        let changes = try b.rebuild(changed: ["content/en/postmortems/pm-07.md"])
        #expect(changes.written.contains("en/postmortems/index.html"))
        #expect(changes.written.contains("en/tags/fresh/index.html"))
        #expect(changes.written.contains("en/postmortems/pm-07/index.html"))
        try Self.expectEquivalent(b, f, changes)
    }

    @Test func deleteRenameAndAddRemoveOldOutputs() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        try b.build()
        try FileManager.default.removeItem(atPath: f.root + "/content/en/postmortems/pm-03.md")
        var changes = try b.rebuild(changed: ["content/en/postmortems/pm-03.md"])
        #expect(changes.removed.contains("en/postmortems/pm-03/index.html"))
        #expect(b.outputs["en/postmortems/pm-03/index.html"] == nil)
        try Self.expectEquivalent(b, f, changes)

        try FileManager.default.moveItem(atPath: f.root + "/content/en/postmortems/pm-04.md", toPath: f.root + "/content/en/postmortems/moved.md")
        changes = try b.rebuild(changed: ["content/en/postmortems/pm-04.md", "content/en/postmortems/moved.md"])
        #expect(changes.removed.contains("en/postmortems/pm-04/index.html"))
        #expect(changes.written.contains("en/postmortems/moved/index.html"))
        try Self.expectEquivalent(b, f, changes)

        // Deleting a link target breaks the links to it: an error (as in a full build), the last
        // good site stays; removing the link too makes the site whole again.
        let plan = f.read("content/en/playbook/plan.md")!
        let before = b.outputs
        try FileManager.default.removeItem(atPath: f.root + "/content/en/playbook/plan.md")
        #expect(throws: BuildFailure.self) { try b.rebuild(changed: ["content/en/playbook/plan.md"]) }
        #expect(b.outputs == before)
        try f.write("content/en/playbook/plan.md", plan)
        changes = try b.rebuild(changed: ["content/en/playbook/plan.md"])
        try Self.expectEquivalent(b, f, changes)

        // A whole folder goes, then comes back.
        try FileManager.default.moveItem(atPath: f.root + "/content/nl/postmortems", toPath: f.root + "/nl-postmortems")
        changes = try b.rebuild(changed: ["content/nl/postmortems"])
        // Its pages become fallback copies of the English ones.
        #expect(changes.written.contains("nl/postmortems/pm-00/index.html"))
        #expect(String(decoding: b.outputs["nl/postmortems/pm-00/index.html"]!, as: UTF8.self).contains("notice-fallback"))
        try Self.expectEquivalent(b, f, changes)
        try FileManager.default.moveItem(atPath: f.root + "/nl-postmortems", toPath: f.root + "/content/nl/postmortems")
        changes = try b.rebuild(changed: ["content/nl/postmortems"])
        try Self.expectEquivalent(b, f, changes)

        try f.write("content/es/postmortems/pm-10.md", "---\ntitle: Posmortem diez\n---\nTexto.\n")
        changes = try b.rebuild(changed: ["content/es/postmortems/pm-10.md"])
        try Self.expectEquivalent(b, f, changes)
    }

    @Test func templateChangeRerendersThePagesThatUseIt() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        try b.build()
        let tag = String(decoding: DefaultTheme.files["tag.mustache"]!, as: UTF8.self)
        try f.write("templates/tag.mustache", tag.replacingOccurrences(of: "<h1>", with: "<h1 class=\"tagged\">"))
        var changes = try b.rebuild(changed: ["templates/tag.mustache"])
        #expect(!changes.written.isEmpty)
        #expect(changes.written.allSatisfy { $0.contains("/tags/") }, "\(changes.written.prefix(5))")
        let total = b.outputs.keys.filter { $0.hasSuffix(".html") }.count
        #expect(changes.rendered < total / 2)
        try Self.expectEquivalent(b, f, changes)

        try f.write("templates/partials/footer.mustache", "<footer>NEW FOOTER</footer>\n")
        changes = try b.rebuild(changed: ["templates/partials/footer.mustache"])
        #expect(changes.written.contains("en/postmortems/pm-01/index.html"))
        try Self.expectEquivalent(b, f, changes)

        try f.write("templates/assets/extra.css", "body{}\n")
        changes = try b.rebuild(changed: ["templates/assets/extra.css"])
        #expect(changes.written == ["assets/extra.css"])
        try Self.expectEquivalent(b, f, changes)
    }

    @Test func brokenFrontMatterKeepsTheLastGoodSiteAndRecovers() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        try b.build()
        let before = b.outputs
        try f.write("content/en/postmortems/pm-05.md", "---\ntitle: [unclosed\n---\nText.\n")
        do {
            _ = try b.rebuild(changed: ["content/en/postmortems/pm-05.md"])
            Issue.record("expected a failure")
        } catch let failure as BuildFailure {
            #expect(failure.errors.first?.file == "content/en/postmortems/pm-05.md")
            #expect(failure.errors.first?.line != nil)
            Self.expectSameFailure(failure, f)
        }
        #expect(b.outputs == before)
        // Another edit while broken still fails, and nothing is lost.
        try f.write("content/en/postmortems/pm-06.md", "---\ntitle: Six changed\n---\nText.\n")
        #expect(throws: BuildFailure.self) { try b.rebuild(changed: ["content/en/postmortems/pm-06.md"]) }
        try f.write("content/en/postmortems/pm-05.md", "---\ntitle: Five fixed\n---\nText.\n")
        let changes = try b.rebuild(changed: ["content/en/postmortems/pm-05.md"])
        #expect(changes.written.contains("en/postmortems/pm-06/index.html"))
        try Self.expectEquivalent(b, f, changes)
    }

    @Test func configAndStringsChangesRebuildEverythingNeeded() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        try b.build()
        try f.write("playbook.yml", "title: Renamed site\nbase_url: https://example.org/kb\n")
        var changes = try b.rebuild(changed: ["playbook.yml"])
        #expect(changes.full)
        try Self.expectEquivalent(b, f, changes)
        let nl = String(decoding: DefaultTheme.files["i18n/nl.yml"]!, as: UTF8.self)
        try f.write("templates/i18n/nl.yml", nl + "\n# comment only\n")
        changes = try b.rebuild(changed: ["templates/i18n/nl.yml"])
        #expect(changes.isEmpty)
        try Self.expectEquivalent(b, f, changes)
    }

    /// Random edits: titles, weights, dates, tags, bodies, translation keys, drafts, deletes,
    /// additions. After each, the output must equal a full build's.
    @Test func randomEditsStayEquivalentToFullBuilds() throws {
        let f = try Fixture(Self.bigFixture)
        defer { f.remove() }
        let b = Self.builder(f)
        try b.build()
        var rng = SplitMix(seed: 42)
        let langs = ["en", "nl", "pl", "es"]
        for step in 0..<24 {
            let lang = langs[Int(rng.next() % 4)]
            let n = String(format: "%02d", Int(rng.next() % 50))
            let path = "content/\(lang)/postmortems/pm-\(n).md"
            let choice = rng.next() % 9
            switch choice {
            case 0:
                try? FileManager.default.removeItem(atPath: f.root + "/" + path)
            case 1:
                try f.write(path, "---\ntitle: T\(step)\nweight: \(rng.next() % 50)\n---\nBody \(step).\n")
            case 2:
                try f.write(path, "---\ntitle: Postmortem \(n)\ndate: 2023-0\(rng.next() % 9 + 1)-10\ntags: [t\(rng.next() % 4)]\n---\nBody \(step).\n")
            case 3:
                try f.write(path, "---\ntitle: Draft \(step)\ndraft: true\n---\nBody.\n")
            case 4:
                try f.write(path, "# Heading title \(step)\n\nNo front matter. [plan](../playbook/plan.md) [gone](pm-0\(rng.next() % 9).md)\n")
            case 5:
                try f.write(path, "---\ntitle: Keyed \(step)\ntranslation_key: shared-\(rng.next() % 3)\n---\nKeyed.\n")
            case 7:
                // Body-only edits after the first: the fast path (no re-assembly).
                try f.write(path, "---\ntitle: Fixed \(n)\nsummary: Fixed.\n---\n## Body\n\nStep \(step).\n")
            case 6:
                try f.write(path, "---\ntitle: Postmortem \(n)\nsummary: Summary \(step)\n---\nSame title, new summary.\n")
            default:
                try f.write(path, "---\ntitle: Postmortem \(n)\n---\n## Only body \(step)\n")
            }
            do {
                let changes = try b.rebuild(changed: [path])
                try Self.expectEquivalent(b, f, changes)
            } catch let failure as BuildFailure {
                Self.expectSameFailure(failure, f)
                // Duplicate translation keys are a real error; undo it.
                try? FileManager.default.removeItem(atPath: f.root + "/" + path)
                let changes = try b.rebuild(changed: [path])
                #expect(!failure.errors.isEmpty)
                try Self.expectEquivalent(b, f, changes)
            }
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
