import Foundation
@testable import PlaybookCore

/// A throwaway source tree in a temporary folder.
struct Fixture {
    let root: String

    init(_ files: [String: String]) throws {
        root = NSTemporaryDirectory() + "playbook-test-" + UUID().uuidString
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: root + "/" + path, encoding: .utf8) }

    func build(output: String = "public", edition: Edition = .internal, buildDate: BuildDate? = nil) throws -> BuildReport {
        var options = BuildOptions(source: root, output: root + "/" + output)
        options.edition = edition
        options.buildDate = buildDate
        return try Builder.build(options)
    }

    /// Every file below `dir`, relative path → bytes.
    func snapshot(_ dir: String = "public") -> [String: Data] {
        var out: [String: Data] = [:]
        let base = root + "/" + dir
        guard let e = FileManager.default.enumerator(atPath: base) else { return out }
        for case let p as String in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + p, isDirectory: &isDir), !isDir.boolValue {
                out[p] = FileManager.default.contents(atPath: base + "/" + p)
            }
        }
        return out
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    static let fourLanguages: [String: String] = [
        "playbook.yml": "title: Fixture\nbase_url: https://example.org/kb\n",
        "content/en/_index.md": "---\ntitle: Home EN\n---\nWelcome. See [the plan](playbook/plan.md).\n",
        "content/nl/_index.md": "---\ntitle: Home NL\n---\nWelkom.\n",
        "content/pl/_index.md": "---\ntitle: Home PL\n---\nWitamy.\n",
        "content/es/_index.md": "---\ntitle: Home ES\n---\nBienvenidos.\n",
        "content/en/playbook/_index.md": "---\ntitle: Playbook\nweight: 1\n---\nSteps.\n",
        "content/en/playbook/plan.md": "---\ntitle: Create a plan\nweight: 4\ntags: [planning, Crisis Team]\ndate: 2015-10-07\n---\n## Who owns it\n\nThe lead. See [damage](damage.md#ocen-szkody).\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n<script>alert('x')</script>\n",
        "content/en/playbook/damage.md": "# Assess the damage\n\n## Oceń szkody\n\nText.\n",
        "content/pl/playbook/damage.md": "---\ntitle: Oceń szkody\n---\n## Oceń szkody\n\nTekst. [Plan](plan.md)\n",
        "content/nl/playbook/plan.md": "---\ntitle: Maak een plan\ntags: [planning]\n---\nPlan.\n",
        "content/en/notes.md": "No front matter and no heading.\n",
    ]
}
