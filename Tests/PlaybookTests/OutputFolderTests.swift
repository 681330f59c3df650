import Foundation
import Testing
@testable import PlaybookCore

/// The output rule: a build replaces only an absent or empty folder or a site it wrote; it
/// refuses outputs that would take the user's work with them, and leaves them byte for byte.
@Suite struct OutputFolderTests {
    /// A fixture with a folder of the user's own files at `dir` (relative to the fixture root).
    func userFiles(_ f: Fixture, in dir: String) throws -> [String: Data] {
        try f.write(dir + "/notes.txt", "my notes\n")
        try f.write(dir + "/photos/cat.txt", "not a photo\n")
        return f.snapshot(dir)
    }

    func refusal(_ f: Fixture, output: String, force: Bool = false) throws -> OutputRefused? {
        var options = BuildOptions(source: f.root, output: output)
        options.force = force
        do {
            _ = try Builder.build(options)
            return nil
        } catch let refused as OutputRefused {
            return refused
        }
    }

    @Test func absentEmptyAndOwnSiteAreReplaced() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        #expect(try OutputFolder.admit(output: f.root + "/public", source: f.root, force: false) == .absent)
        _ = try f.build()
        #expect(f.read("public/" + OutputFolder.stampName) == OutputFolder.stampText)
        #expect(try OutputFolder.admit(output: f.root + "/public", source: f.root, force: false) == .site)
        _ = try f.build()  // over its own site
        try FileManager.default.createDirectory(atPath: f.root + "/empty", withIntermediateDirectories: true)
        #expect(try OutputFolder.admit(output: f.root + "/empty", source: f.root, force: false) == .empty)
        _ = try f.build(output: "empty")
        #expect(f.snapshot("empty") == f.snapshot("public"))
    }

    @Test func aForeignFolderIsRefusedAndKept() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        let before = try userFiles(f, in: "mydocs")
        let refused = try #require(try refusal(f, output: f.root + "/mydocs"))
        #expect(refused.rule == "output/foreign")
        #expect(refused.description.contains("2 entries: notes.txt, photos/"))
        #expect(refused.description.contains("--force"))
        #expect(f.snapshot("mydocs") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.root).filter { $0.hasPrefix(".mydocs") }.isEmpty)
    }

    @Test func aStampWithOtherBytesDoesNotMakeASite() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        try f.write("mydocs/" + OutputFolder.stampName, "something else\n")
        let before = try userFiles(f, in: "mydocs")
        #expect(try refusal(f, output: f.root + "/mydocs")?.rule == "output/foreign")
        #expect(f.snapshot("mydocs") == before)
    }

    @Test func forceReplacesAForeignFolder() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        _ = try userFiles(f, in: "mydocs")
        let state = try OutputFolder.admit(output: f.root + "/mydocs", source: f.root, force: true)
        #expect(state == .foreign(count: 2, sample: ["notes.txt", "photos/"]))
        #expect(try refusal(f, output: f.root + "/mydocs", force: true) == nil)
        #expect(f.read("mydocs/notes.txt") == nil)
        #expect(f.read("mydocs/" + OutputFolder.stampName) == OutputFolder.stampText)
    }

    @Test(arguments: [
        ("", "output/source"),
        ("/.", "output/source"),
        ("/content", "output/inside-source"),
        ("/content/en/site", "output/inside-source"),
        ("/templates", "output/inside-source"),
        ("/templates/out", "output/inside-source"),
        ("/..", "output/contains-source"),
        ("/playbook.yml", "output/not-a-folder"),
    ])
    func outputsThatHoldTheSourceAreRefusedEvenWithForce(suffix: String, rule: String) throws {
        let f = try Fixture(Fixture.fourLanguages.merging(["templates/page.mustache": "{{{body}}}\n"]) { a, _ in a })
        defer { f.remove() }
        let before = f.snapshot("")
        for force in [false, true] {
            let refused = try #require(try refusal(f, output: f.root + suffix, force: force), "\(suffix) was not refused")
            #expect(refused.rule == rule)
        }
        #expect(f.snapshot("") == before)
    }

    @Test func pathsAreResolvedBeforeTheChecks() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        let root = try #require(FileSystem.canonical(f.root))
        let en = root + "/content/en"
        #expect(OutputFolder.absolute("..", from: en) == root + "/content")
        #expect(OutputFolder.absolute("../../content/./en/../x", from: en) == root + "/content/x")
        #expect(OutputFolder.absolute("../../public/a/../b", from: en) == root + "/public/b")
        #expect(OutputFolder.absolute(f.root + "//content/") == root + "/content")
        // A link in the part that exists is followed before `..` is applied.
        try FileManager.default.createSymbolicLink(atPath: f.root + "/deep", withDestinationPath: en)
        #expect(OutputFolder.absolute(f.root + "/deep/../x") == root + "/content/x")
    }

    @Test func aSymlinkIntoTheSourceIsRefused() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        try FileManager.default.createSymbolicLink(atPath: f.root + "/link", withDestinationPath: f.root + "/content")
        #expect(try refusal(f, output: f.root + "/link", force: true)?.rule == "output/symlink")
        #expect(try refusal(f, output: f.root + "/link/en/out", force: true)?.rule == "output/inside-source")
        #expect(FileManager.default.fileExists(atPath: f.root + "/content/en/_index.md"))
    }

    @Test func rootAndHomeAreRefused() throws {
        // admit only: these are never built into, even by a failing test.
        #expect(throws: OutputRefused.self) { try OutputFolder.admit(output: "/", source: "/tmp/x", force: true) }
        for home in OutputFolder.homeFolders() {
            #expect(throws: OutputRefused.self) { try OutputFolder.admit(output: home, source: "/nonexistent/src", force: true) }
            #expect(throws: OutputRefused.self) { try OutputFolder.admit(output: home + "/..", source: "/nonexistent/src", force: true) }
        }
    }

    @Test func theRuleIsCheckedAgainRightBeforeTheSwap() throws {
        // A folder of the user's that appears at the output path during the build is not replaced.
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        let writer = try OutputWriter(output: f.root + "/public", source: f.root, force: false)
        try writer.write("<p>page</p>", to: "index.html")
        let before = try userFiles(f, in: "public")
        #expect(throws: OutputRefused.self) { try writer.commit() }
        writer.abandon()
        #expect(f.snapshot("public") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.root).filter { $0.hasPrefix(".public") }.isEmpty)
    }
}
