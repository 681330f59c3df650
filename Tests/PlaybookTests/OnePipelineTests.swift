import Foundation
import Testing
@testable import PlaybookCore

/// `build`, `check` and `serve` run one pipeline: the same files give the same diagnostics, and
/// serve's loads of changed files admit and refuse exactly what a full build does.
@Suite struct OnePipelineTests {
    typealias T = IncrementalBuilderTests

    /// Serve's builder, fresh from a full load of `f`.
    static func serve(_ f: Fixture) throws -> IncrementalBuilder {
        let b = T.builder(f)
        try b.build()
        return b
    }

    @Test func aSilencedBrokenLinkIsSilentEverywhere() throws {
        // serve once added its own `[broken-link]` warning that build and check never reported
        // and that `lint_ignore` could not silence.
        var files = Fixture.fourLanguages
        files["content/en/playbook/old.md"] = "---\ntitle: Old\nlint_ignore: [{rule: link/broken, reason: \"archived page\"}]\n---\nSee [gone](gone.md).\n"
        let f = try Fixture(files)
        defer { f.remove() }
        let b = try Self.serve(f)
        #expect(!b.warnings.contains { $0.description.contains("gone.md") })
        try T.expectEquivalent(b, f, IncrementalBuilder.Changes())
        // …and after the page is edited (the incremental check stage).
        try f.write("content/en/playbook/old.md", "---\ntitle: Old\nlint_ignore: [{rule: link/broken, reason: \"archived page\"}]\n---\nSee [gone](gone.md) and [away](away.md).\n")
        let changes = try b.rebuild(changed: ["content/en/playbook/old.md"])
        #expect(!b.warnings.contains { $0.description.contains("away.md") })
        try T.expectEquivalent(b, f, changes)
    }

    @Test func missingUIStringsAreWarnedByBuildCheckAndServe() throws {
        var files = Fixture.fourLanguages
        files["templates/i18n/nl.yml"] = "search: Zoeken\n"
        let f = try Fixture(files)
        defer { f.remove() }
        let b = try Self.serve(f)
        let missing = b.warnings.filter { $0.rule == "i18n/missing-string" && $0.file == "templates/i18n/nl.yml" }
        #expect(missing.count > 5)
        try T.expectEquivalent(b, f, IncrementalBuilder.Changes())  // the same from build and check
    }

    /// A file added while serving is refused as a full build refuses it, with the same error.
    static func expectRefusedLikeABuild(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation, _ make: (Fixture) throws -> Void) throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        let b = try serve(f)
        let before = b.outputs
        try make(f)
        do {
            _ = try b.rebuild(changed: [relative])
            Issue.record("serve admitted \(relative)", sourceLocation: sourceLocation)
        } catch let failure as BuildFailure {
            #expect(failure.errors.map(\.file) == [relative], sourceLocation: sourceLocation)
            T.expectSameFailure(failure, f, sourceLocation: sourceLocation)
        }
        #expect(b.outputs == before, "the last good site is kept", sourceLocation: sourceLocation)
        // A fresh serve of the same files fails the same way.
        #expect(throws: BuildFailure.self, sourceLocation: sourceLocation) { try serve(f) }
        // Taken away, the site builds again.
        try FileManager.default.removeItem(atPath: f.root + "/" + relative)
        let changes = try b.rebuild(changed: [relative])
        try T.expectEquivalent(b, f, changes, sourceLocation: sourceLocation)
    }

    @Test func aPageOverTheSizeLimitIsRefusedInServe() throws {
        try Self.expectRefusedLikeABuild("content/en/playbook/huge.md") { f in
            try f.write("content/en/playbook/huge.md", "# Huge\n\n" + String(repeating: "word ", count: 3_400_000))
        }
    }

    @Test func aLinkOutOfTheSourceTreeIsRefusedInServe() throws {
        try Self.expectRefusedLikeABuild("content/en/playbook/passwd.md") { f in
            try FileManager.default.createSymbolicLink(atPath: f.root + "/content/en/playbook/passwd.md", withDestinationPath: "/etc/passwd")
        }
    }

    @Test func aFIFOPageIsRefusedInServe() throws {
        try Self.expectRefusedLikeABuild("content/en/playbook/pipe.md") { f in
            #expect(mkfifo(f.root + "/content/en/playbook/pipe.md", 0o644) == 0)
        }
    }

    @Test func anUnreadableAssetFailsServeAsItFailsABuild() throws {
        // A FIFO, and a link to nothing: never an empty file in the site.
        try Self.expectRefusedLikeABuild("content/en/playbook/diagram.png") { f in
            #expect(mkfifo(f.root + "/content/en/playbook/diagram.png", 0o644) == 0)
        }
        try Self.expectRefusedLikeABuild("content/en/playbook/chart.png") { f in
            try FileManager.default.createSymbolicLink(atPath: f.root + "/content/en/playbook/chart.png", withDestinationPath: f.root + "/content/en/nowhere.png")
        }
    }
}
