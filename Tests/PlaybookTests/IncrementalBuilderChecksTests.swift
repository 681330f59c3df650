import Foundation
import Testing
@testable import PlaybookCore

/// The incremental check stage, type outputs and the deferred search index: each rebuild must
/// find what a full build finds and end with its bytes, while checking only what can differ.
@Suite struct IncrementalBuilderChecksTests {
    typealias T = IncrementalBuilderTests
    static let step2 = "content/en/playbook/02-step.md"
    static let postmortem = "content/en/postmortems/coupon-twice.md"

    static func text(_ b: IncrementalBuilder, _ path: String) -> String { String(decoding: b.outputs[path] ?? [], as: UTF8.self) }

    /// A fixture of `files` and a builder (with `verify`) that built it; the caller removes the fixture.
    static func built(_ files: [String: String] = Fixture.typed, deferSearch: Bool = false) throws -> (Fixture, IncrementalBuilder, IncrementalBuilder.Changes) {
        let f = try Fixture(files)
        let b = T.builder(f)
        b.deferSearch = deferSearch
        return (f, b, try b.build())
    }

    /// The postmortem links to `02-step.md#do-this`: removing that heading from the step page (a
    /// body edit, so no re-assembly and no re-parse of the postmortem) breaks the link elsewhere.
    @Test func removingAnAnchorBreaksTheLinksToItFromOtherPages() throws {
        let (f, b, _) = try Self.built()
        defer { f.remove() }
        let before = b.outputs
        try f.write(Self.step2, Fixture.step(2).replacingOccurrences(of: "## Do this", with: "## Do that"))
        do {
            _ = try b.rebuild(changed: [Self.step2])
            Issue.record("expected the broken anchor to fail the rebuild")
        } catch let failure as BuildFailure {
            #expect(failure.errors.map(\.file) == [Self.postmortem])
            #expect(failure.errors.first?.rule == "link/anchor")
            #expect(failure.errors.first?.message.contains("#do-this") == true)
        }
        // A full check finds the same error; the last good site stays.
        #expect(Checker.check(CheckOptions(source: f.root)).errors.map(\.file) == [Self.postmortem])
        let kept = b.outputs == before
        #expect(kept, "the failed rebuild changed the site")

        // Still broken after an unrelated edit; whole again once the heading is back.
        try f.write("content/en/playbook/03-step.md", Fixture.step(3) + "\nMore text.\n")
        #expect(throws: BuildFailure.self) { try b.rebuild(changed: ["content/en/playbook/03-step.md"]) }
        try f.write(Self.step2, Fixture.step(2) + "\nFixed.\n")
        let changes = try b.rebuild(changed: [Self.step2])
        #expect(changes.written.contains("en/playbook/02-step/index.html"))
        #expect(changes.written.contains("en/playbook/03-step/index.html"))
        // The failed rebuilds kept the last good site: this one renders what the edits affect
        // (the steps' section, through the summaries they show), not every page.
        let pages = b.outputs.keys.filter { $0.hasSuffix("index.html") }.count
        #expect(changes.rendered < pages / 2, "rendered \(changes.rendered) of \(pages)")
        try T.expectEquivalent(b, f, changes)

        // The link itself going bad is found on the page that has it.
        try f.write(Self.postmortem, Fixture.postmortem.replacingOccurrences(of: "#do-this", with: "#do-nothing"))
        #expect(throws: BuildFailure.self) { try b.rebuild(changed: [Self.postmortem]) }
        try f.write(Self.postmortem, Fixture.postmortem)
        try T.expectEquivalent(b, f, try b.rebuild(changed: [Self.postmortem]))
    }

    @Test func stepEditsUpdateTheSummaryTableItsExportsAndTheirErrors() throws {
        let (f, b, _) = try Self.built()
        defer { f.remove() }
        try f.write("content/en/playbook/04-step.md", Fixture.step(4).replacingOccurrences(of: "owner: Owner 4", with: "owner: Night shift"))
        var changes = try b.rebuild(changed: ["content/en/playbook/04-step.md"])
        for path in ["en/crisis-response.json", "en/crisis-response.csv", "en/index.html"] {
            #expect(changes.written.contains(path), "\(path) not rewritten: \(changes.written)")
            #expect(Self.text(b, path).contains("Night shift"), "\(path)")
        }
        try T.expectEquivalent(b, f, changes)

        // Two step 4s: an error, as in a full build; removing the duplicate recovers.
        try f.write("content/en/playbook/07-extra.md", Fixture.step(4, title: "Another four"))
        do {
            _ = try b.rebuild(changed: ["content/en/playbook/07-extra.md"])
            Issue.record("expected a duplicate step error")
        } catch let failure as BuildFailure {
            #expect(failure.errors.map(\.rule) == ["summary/duplicate-step"])
        }
        try FileManager.default.removeItem(atPath: f.root + "/content/en/playbook/07-extra.md")
        changes = try b.rebuild(changed: ["content/en/playbook/07-extra.md"])
        try T.expectEquivalent(b, f, changes)
    }

    /// Without fallback pages no Dutch copy of step 6 exists, yet the Dutch summary table shows
    /// the English step 6: only the typed content ties the Dutch home to the English page.
    @Test func summaryRowsFromAnotherLanguageFollowItsEdits() throws {
        var files = Fixture.typed
        files["playbook.yml"] = "title: Typed\nbase_url: https://example.org/kb/\nfallback_pages: false\n"
        let (f, b, _) = try Self.built(files)
        defer { f.remove() }
        try f.write("content/en/playbook/06-step.md", Fixture.step(6).replacingOccurrences(of: "owner: Owner 6", with: "owner: Weekend desk"))
        let changes = try b.rebuild(changed: ["content/en/playbook/06-step.md"])
        #expect(changes.written.contains("nl/index.html"))
        #expect(Self.text(b, "nl/index.html").contains("Weekend desk"))
        try T.expectEquivalent(b, f, changes)
    }

    /// Rendering a few pages makes navigation and the summary table per page, not per place
    /// (see PageContext): the home must come out as a full build renders it.
    @Test func aFewPagesRenderedAloneMatchAFullRender() throws {
        let (f, b, _) = try Self.built()
        defer { f.remove() }
        // A fixed summary first (lists show it), then a body edit that lists do not see.
        try f.write("content/en/_index.md", "---\ntitle: Home\nsummary: Start here.\n---\nWelcome.\n")
        try b.rebuild(changed: ["content/en/_index.md"])
        try f.write("content/en/_index.md", "---\ntitle: Home\nsummary: Start here.\n---\nWelcome back.\n")
        let changes = try b.rebuild(changed: ["content/en/_index.md"])
        #expect(changes.rendered * 10 < b.outputs.keys.filter { $0.hasSuffix("index.html") }.count)
        #expect(changes.written.contains("en/index.html"))
        #expect(Self.text(b, "en/index.html").contains("Owner 6"))
        try T.expectEquivalent(b, f, changes)
    }

    @Test func postmortemEditsUpdateTheIndexTheFeedAndWarnings() throws {
        let (f, b, first) = try Self.built()
        defer { f.remove() }
        let warningsBefore = first.warnings.map(\.description)
        // Severity is a typed fact shown in the index and the feed; the body stays the same.
        try f.write(Self.postmortem, Fixture.postmortem.replacingOccurrences(of: "severity: sev1", with: "severity: sev3"))
        var changes = try b.rebuild(changed: [Self.postmortem])
        #expect(changes.written.contains("en/postmortems/index.html"))
        #expect(changes.written.contains("en/postmortems/feed.xml"))
        #expect(Self.text(b, "en/postmortems/feed.xml").contains("term=\"sev3\""))
        try T.expectEquivalent(b, f, changes)

        // A schema warning appears with the edit and goes with the next, as `check` reports it.
        let items = Fixture.postmortem.range(of: "action_items:")!.lowerBound..<Fixture.postmortem.range(of: "tags: [duplicate-send]")!.lowerBound
        try f.write(Self.postmortem, Fixture.postmortem.replacingCharacters(in: items, with: ""))
        changes = try b.rebuild(changed: [Self.postmortem])
        let full = Checker.check(CheckOptions(source: f.root)).warnings.map(\.description)
        #expect(changes.warnings.map(\.description) == full)
        #expect(changes.warnings.count > warningsBefore.count)
        #expect(changes.warningCount == changes.warnings.count)
        try f.write(Self.postmortem, Fixture.postmortem)
        changes = try b.rebuild(changed: [Self.postmortem])
        #expect(changes.warnings.map(\.description) == warningsBefore)
        try T.expectEquivalent(b, f, changes)
    }

    @Test func apologyEditsRewriteTheirEmailAndLint() throws {
        let (f, b, _) = try Self.built()
        defer { f.remove() }
        let path = "content/nl/apologies/coupon-twice.md"
        try f.write(path, Fixture.apology(subject: "We stuurden u de bon twee keer", body: "Hallo,\n\nHet spijt ons zeer.\n"))
        var changes = try b.rebuild(changed: [path])
        let eml = changes.written.filter { $0.hasSuffix(".eml") }
        #expect(eml.count == 1 && eml[0].hasPrefix("nl/apologies/coupon-twice/"), "\(eml)")
        try T.expectEquivalent(b, f, changes)
        // An apology without an apology: the lint's error.
        try f.write(path, Fixture.apology(subject: "We stuurden u de bon twee keer", body: "Hallo,\n\nDat ging mis.\n"))
        do {
            _ = try b.rebuild(changed: [path])
            Issue.record("expected the apology lint to fail the rebuild")
        } catch let failure as BuildFailure {
            #expect(failure.errors.map(\.rule) == ["apology/no-apology"])
        }
        // Silenced with a reason: the build passes, as a full build does.
        try f.write(path, Fixture.apology(subject: "We stuurden u de bon twee keer", extra: "lint_ignore: [{rule: apology/no-apology, reason: \"test\"}]\n", body: "Hallo,\n\nDat ging mis.\n"))
        changes = try b.rebuild(changed: [path])
        #expect(changes.warningCount == changes.warnings.count)
        #expect(changes.warnings.map(\.description) == Checker.check(CheckOptions(source: f.root)).warnings.map(\.description))
        try T.expectEquivalent(b, f, changes)
    }

    /// `playbook serve` takes the search index out of the rebuild: the pages are complete at
    /// once, the index after `commit`, and then everything equals a full build.
    @Test func deferredSearchIndexEndsEqualToAFullBuild() throws {
        let (f, b, _) = try Self.built(T.bigFixture, deferSearch: true)
        defer { f.remove() }
        #expect(b.outputs.keys.allSatisfy { !$0.hasPrefix("search/en/") })
        var job = try #require(b.searchJob())
        #expect(Set(job.languages) == ["en", "nl", "pl", "es"])
        let result = try #require(job.run())
        _ = try #require(b.commit(result))
        #expect(b.searchJob() == nil)
        try T.expectEquivalent(b, f, IncrementalBuilder.Changes())

        // A body edit: the page at once, only its languages' indexes after.
        let path = "content/en/postmortems/pm-12.md"
        try f.write(path, "---\ntitle: Postmortem 12\ndate: 2024-01-13\ntags: [t0]\n---\n## Body 12\n\nZanzibarquux. See [plan](../playbook/plan.md).\n")
        var changes = try b.rebuild(changed: [path])
        #expect(changes.written.contains("en/postmortems/pm-12/index.html"))
        #expect(changes.written.allSatisfy { !$0.hasPrefix("search/") })
        let full = try T.full(f)
        let stale = Set(full.keys).union(b.outputs.keys).filter { full[$0] != b.outputs[$0] }
        #expect(!stale.isEmpty && stale.allSatisfy { $0.hasPrefix("search/") }, "\(stale.sorted().prefix(5))")
        job = try #require(b.searchJob())
        // nl has its own pm-12: its index does not change. en, and pl/es (fallback copies), do.
        #expect(Set(job.languages) == ["en", "pl", "es"])

        // A job made before another rebuild is out of date: refused; a cancelled one stops.
        try f.write(path, "---\ntitle: Postmortem 12\ndate: 2024-01-13\ntags: [t0]\n---\n## Body 12\n\nQuuxzanzibar.\n")
        changes = try b.rebuild(changed: [path])
        let outdated = try #require(job.run())
        #expect(b.commit(outdated) == nil)
        let cancelled = try #require(b.searchJob())
        cancelled.cancel()
        #expect(cancelled.run() == nil)
        let latest = try #require(b.searchJob()?.run())
        let more = try #require(b.commit(latest))
        #expect(more.written.contains { $0.hasPrefix("search/en/") })
        #expect(!more.written.contains { $0.hasPrefix("search/nl/") })
        try T.expectEquivalent(b, f, more)
    }
}
