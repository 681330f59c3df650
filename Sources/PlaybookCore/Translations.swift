import Foundation
import Yams

/// The translation workflow outside a build: status of every language, and new translation files.
public enum Translations {
    /// Loads the source tree and reads front matter only (no Markdown, no output).
    public static func status(source: String) throws -> TranslationStatus {
        let tree = try SourceTree.load(root: source)
        let strings = try StringsLoader.load(theme: tree.theme, config: tree.config)
        let parser = PageParser(config: tree.config, edition: .internal, strings: strings)
        let (heads, errors) = parser.heads(tree.content)
        if !errors.isEmpty { throw BuildFailure(Builder.sorted(errors)) }
        return TranslationStatus.compute(heads: heads, config: tree.config, history: SourceHistory.read(root: source))
    }

    /// JSON for `playbook translations --format json`: counts and paths per language and state.
    public static func json(_ status: TranslationStatus) -> String {
        var languages: [String: Any] = [:]
        for (code, entries) in status.languages {
            var d: [String: Any] = [:]
            for state in TranslationStatus.State.allCases {
                let matching = entries.filter { $0.state == state }
                d[state.rawValue] = ["count": matching.count, "paths": matching.map { "content/" + $0.path }] as [String: Any]
            }
            languages[code] = d
        }
        let root: [String: Any] = ["source_language": status.sourceLanguage, "languages": languages]
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The table for people: counts per language, then the paths that need work.
    public static func table(_ status: TranslationStatus) -> String {
        var out = "language   translated  stale  missing  orphaned\n"
        for (code, entries) in status.languages {
            let n = { (s: TranslationStatus.State) in entries.filter { $0.state == s }.count }
            out += code.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(n(.translated)).leftPadded(11) + String(n(.stale)).leftPadded(7)
                + String(n(.missing)).leftPadded(9) + String(n(.orphaned)).leftPadded(10) + "\n"
        }
        for (code, entries) in status.languages {
            for e in entries where e.state != .translated {
                var line = "\(code)  \(e.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) content/\(e.path)"
                if let s = e.sourcePath, e.state == .stale { line += "  (source content/\(s)\(e.sourceChanged.map { " changed \($0)" } ?? " changed"))" }
                out += line + "\n"
            }
        }
        return out
    }

    /// Writes `content/<lang>/<same path>` for the source-language page `path`: its prose
    /// front matter to translate, `source_hash` filled in, and its body to translate. Keys that
    /// are not prose are left out: the translation inherits them. Returns the new file's path.
    public static func scaffold(source root: String, path: String, lang: String) throws -> String {
        let tree = try SourceTree.load(root: root)
        guard tree.config.language(lang) != nil else {
            throw BuildFailure([Diagnostic(file: "playbook.yml", "`\(lang)` is not a language of this site (\(tree.config.languages.map(\.code).joined(separator: ", ")))", rule: "command/usage")])
        }
        var relative = path.precomposedStringWithCanonicalMapping
        if let r = relative.range(of: "content/") { relative = String(relative[r.upperBound...]) }
        guard let file = tree.content.first(where: { $0.path == relative }) else {
            throw BuildFailure([Diagnostic(file: path, "no such page under content/; give a path like content/en/playbook/01-own-the-problem.md", rule: "command/usage")])
        }
        guard file.lang != lang else {
            throw BuildFailure([Diagnostic(file: path, "this page is already in `\(lang)`; name the page to translate from", rule: "command/usage")])
        }
        let target = lang + "/" + ContentPaths.languageRelative(file.path)
        let targetPath = tree.contentRoot + "/" + target
        if FileSystem.exists(targetPath) {
            throw BuildFailure([Diagnostic(file: "content/" + target, "already exists; edit it, or delete it first to start over", rule: "command/usage")])
        }
        let text = try SourceText.decode(file.bytes)
        let parts = try FrontMatterSplitter.split(text)
        var front = "---\n"
        if let yaml = parts.yaml, let node = try Yams.compose(yaml: yaml), let map = node.mapping {
            for (key, value) in map {
                guard let k = key.string, Inheritance.ownKeys.contains(k), k != "source_hash", k != "aliases" else { continue }
                let one = Node.mapping(Node.Mapping([(key, value)]))
                front += (try Yams.serialize(node: one, allowUnicode: true))
            }
        }
        front += "source_hash: \(Fingerprint.of(text))  # \(file.lang) version translated from; do not edit\n---\n"
        let dir = (targetPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileSystem.write(front + parts.body, to: targetPath)
        return "content/" + target
    }
}

extension Translations {
    /// Records that the translation at `path` matches its source-language page as it is now
    /// (after a translator brought it up to date): sets its `source_hash`.
    public static func markCurrent(source root: String, path: String) throws -> String {
        let tree = try SourceTree.load(root: root)
        var relative = path.precomposedStringWithCanonicalMapping
        if let r = relative.range(of: "content/") { relative = String(relative[r.upperBound...]) }
        guard let file = tree.content.first(where: { $0.path == relative }) else {
            throw BuildFailure([Diagnostic(file: path, "no such page under content/", rule: "command/usage")])
        }
        let strings = try StringsLoader.load(theme: tree.theme, config: tree.config)
        let (heads, errors) = PageParser(config: tree.config, edition: .internal, strings: strings).heads(tree.content)
        if !errors.isEmpty { throw BuildFailure(errors) }
        guard let head = heads.first(where: { $0.file.path == relative }),
              let original = heads.first(where: { $0.translationKey == head.translationKey && $0.file.lang == tree.config.sourceLanguage }),
              original.file.path != relative else {
            throw BuildFailure([Diagnostic(file: path, "has no \(tree.config.sourceLanguage) source page to be a translation of", rule: "command/usage")])
        }
        let hash = original.sourceHash
        let text = try SourceText.decode(file.bytes)
        var lines = text.components(separatedBy: "\n")
        let stamp = "source_hash: \(hash)"
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
           let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) {
            if let i = lines[1..<close].firstIndex(where: { $0.hasPrefix("source_hash:") }) { lines[i] = stamp } else { lines.insert(stamp, at: close) }
        } else {
            lines.insert(contentsOf: ["---", stamp, "---"], at: 0)
        }
        try FileSystem.write(lines.joined(separator: "\n"), to: tree.contentRoot + "/" + relative)
        return "content/" + relative
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
