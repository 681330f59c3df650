import Foundation
import PlaybookAssemble
import PlaybookLoad
import PlaybookModel
import PlaybookParse
import Yams

/// The translation workflow outside a build: status of every language, and new translation files.
public enum Translations {
    /// Loads the source tree and reads front matter only (no Markdown, no output).
    /// - Throws: `BuildFailure` with the errors of the first stage that found any.
    public static func status(source: String) throws -> TranslationStatus {
        var clock = StageClock()
        let front = try Pipeline.front(source: source, settings: BuildSettings(), until: .translationStatus, onError: .stop,
                                       retention: .keepEverything, clock: &clock)
        return front.translations
    }

    /// JSON for `playbook translations --format json`: counts and paths per language and state.
    public static func json(_ status: TranslationStatus) -> String {
        var languages: [String: Any] = [:]
        for (code, entries) in status.languages {
            var d: [String: Any] = [:]
            for state in TranslationStatus.State.allCases {
                let matching = entries.filter { $0.state == state }
                d[state.rawValue] = ["count": matching.count, "paths": matching.map { ContentPath($0.path).shown }] as [String: Any]
            }
            // Per stale page: segment counts and the headings under which the source changed.
            var segments: [String: Any] = [:]
            for e in entries where e.state == .stale {
                guard let c = e.changes, c.countsKnown else { continue }
                var s: [String: Any] = ["total": c.total, "changed": c.changed, "added": c.added, "removed": c.removed, "sections": c.sections, "fields": c.fields]
                if let why = c.unavailable { s["history"] = why }
                segments[ContentPath(e.path).shown] = s
            }
            d["stale_segments"] = segments
            languages[code] = d
        }
        let root: [String: Any] = ["source_language": status.sourceLanguage, "languages": languages]
        return JSData.text(JSData.Value(root)!, pretty: true)
    }

    /// The table for people: counts per language, then the paths that need work.
    public static func table(_ status: TranslationStatus) -> String {
        var out = "language   translated  stale  untracked  missing  orphaned\n"
        for (code, entries) in status.languages {
            let n = { (s: TranslationStatus.State) in entries.filter { $0.state == s }.count }
            out += code.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(n(.translated)).leftPadded(11) + String(n(.stale)).leftPadded(7) + String(n(.untracked)).leftPadded(11)
                + String(n(.missing)).leftPadded(9) + String(n(.orphaned)).leftPadded(10) + "\n"
        }
        for (code, entries) in status.languages {
            for e in entries where e.state != .translated {
                var line = "\(code)  \(e.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) content/\(e.path)"
                if let s = e.sourcePath, e.state == .stale {
                    line += "  (source content/\(s)\(e.sourceChanged.map { " changed \($0)" } ?? " changed")\(e.changes?.knownSummary.map { ": \($0)" } ?? ""))"
                }
                out += line + "\n"
            }
        }
        if status.languages.contains(where: { $0.entries.contains { $0.state == .untracked } }) {
            out += "untracked: translations that record no source_hash; check them, then adopt them with `playbook translations --mark-current content/<lang>/`\n"
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
        let target = ContentPath(file.path).inLanguage(lang).path
        let targetPath = tree.contentRoot + "/" + target
        if FileSystem.exists(targetPath) {
            throw BuildFailure([Diagnostic(file: ContentPath(target).shown, "already exists; edit it, or delete it first to start over", rule: "command/usage")])
        }
        let text = try SourceText.decode(file.bytes)
        let parts = try FrontMatterSplitter.split(text)
        var front = "---\n"
        if let yaml = parts.yaml, let node = try Yams.compose(yaml: yaml), let map = node.mapping {
            for (key, value) in map {
                guard let k = key.string, Inheritance.ownKeys.contains(k), k != "source_hash", k != "source_segments", k != "aliases" else { continue }
                let one = Node.mapping(Node.Mapping([(key, value)]))
                front += (try Yams.serialize(node: one, allowUnicode: true))
            }
        }
        front += "source_hash: \(FrontMatterEdit.quoted(Fingerprint.of(text)))  # \(file.lang) version translated from; do not edit\n"
        front += "source_segments: \(FrontMatterEdit.quoted((try? PageSegments(text: text))?.record ?? ""))\n---\n"
        let dir = (targetPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileSystem.write(front + parts.body, to: targetPath)
        return ContentPath(target).shown
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
