import PlaybookModel
import Yams

/// The front matter every page may have. Type-specific fields (postmortem, apology, playbook
/// step) stay in `fields`, with their lines, for the stages that validate and render them.
public struct FrontMatter: @unchecked Sendable {
    public var title: String?
    public var summary: String?
    /// `YYYY-MM-DD` (or the date part of a timestamp); nil when absent or "unknown".
    public var date: String?
    public var tags: [String] = []
    public var weight: Int?
    public var draft = false
    public var aliases: [String] = []
    public var translationKey: String?
    /// `slug:` replaces the file name in the page's URL; `url:` gives its whole path below the
    /// language folder (as in Hugo). Applied by `ContentPaths.url(of:slug:url:)`.
    public var slug: String?
    public var url: String?
    /// Hash of the source-language page this translation was made from.
    public var sourceHash: String?
    /// All keys as written, for type-specific stages; `Node` keeps line numbers.
    public var fields: [String: Node] = [:]
    /// Line in the file of each top-level key.
    public var lines: [String: Int] = [:]
    /// Lines in the file before the YAML text: add to a `Node.mark` line to get the file line.
    public var lineOffset = 0
    /// Keys taken from the source-language page (see Inheritance), not written in this file.
    public var inherited: Set<String> = []

    public init() {}

    /// Line of `key` in the file, if it was written.
    public func line(of key: String) -> Int? { lines[key] }
}

extension FrontMatter {
    /// Parses the YAML of a page. `firstLine` is the file line the YAML starts on.
    package static func parse(yaml: String, file: String, firstLine: Int) -> (FrontMatter, [Diagnostic]) {
        var fm = FrontMatter()
        var errors: [Diagnostic] = []
        let offset = firstLine - 1
        if let deep = YAMLErrors.tooDeep(yaml, file: file, lineOffset: offset) { return (fm, [deep]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            return (fm, [YAMLErrors.describe(error, file: file, lineOffset: offset, yamlLines: yaml.split(separator: "\n", omittingEmptySubsequences: false).count - 1, text: yaml)])
        }
        guard let root else { return (fm, []) }
        guard let mapping = root.mapping else {
            if let odd = YAMLErrors.oddSpace(in: yaml) {
                return (fm, [Diagnostic(file: file, line: odd.line + offset, "a \(odd.name) after `\(odd.before)` is not a space to YAML; replace it with an ordinary space", rule: "yaml/syntax")])
            }
            return (fm, [Diagnostic(file: file, line: firstLine, "front matter must be a mapping of `key: value` lines", rule: "front-matter/invalid")])
        }
        fm.lineOffset = offset
        for (key, first, second) in KnownKeys.duplicates(in: mapping, lineOffset: offset) {
            errors.append(Diagnostic(file: file, line: second, "`\(key)` is given twice, on lines \(first) and \(second); YAML keys must be unique (Hugo refuses them too): keep one", rule: "front-matter/duplicate-key"))
        }
        if !errors.isEmpty { return (fm, errors) }
        var warnings: [Diagnostic] = []
        for (keyNode, value) in mapping {
            guard var key = keyNode.string else { continue }
            let line = (keyNode.mark?.line ?? 1) + offset
            if let meant = fm.vocabulary(key, file: file, line: line, in: mapping, warnings: &warnings) { key = meant }
            fm.fields[key] = value
            fm.lines[key] = line
        }
        errors += fm.interpret(file: file)
        return (fm, errors + warnings)
    }

    /// The known key each unknown one was likely meant to be, worked out once per key: a site's
    /// pages tend to share their foreign keys, and an edit distance to every known key is costly.
    private static let suggestions = SharedMemo<String, String?>()

    /// What to do with a key that is not ours: the key to read it as (a case slip such as
    /// `Title`, read as `title` as Hugo does; another tool's name for our key, such as
    /// `description`), or nil to keep it as written. Typos and other tools' keys that mean
    /// nothing here are reported as warnings.
    private func vocabulary(_ key: String, file: String, line: Int, in mapping: Node.Mapping, warnings: inout [Diagnostic]) -> String? {
        if KnownKeys.frontMatter.contains(key) || FrontMatter.isInternalField(key) { return nil }
        let written = Set(mapping.keys.compactMap(\.string))
        if let ours = KnownKeys.frontMatterSynonyms[key] { return written.contains(ours) ? nil : ours }
        if let what = KnownKeys.foreignFrontMatter[key] {
            warnings.append(Diagnostic(file: file, line: line, "`\(key)` is ignored: \(what)", severity: .warning, rule: "front-matter/foreign-key"))
            return nil
        }
        guard let meant = Self.suggestions.value(for: key, { KnownKeys.suggestion(for: $0, in: KnownKeys.frontMatter) }) else { return nil }
        if meant.lowercased() == key.lowercased() && !written.contains(meant) {
            warnings.append(Diagnostic(file: file, line: line, "`\(key)` is read as `\(meant)` (keys are lower-case); write `\(meant)`", severity: .warning, rule: "front-matter/unknown-key"))
            return meant
        }
        warnings.append(Diagnostic(file: file, line: line, "unknown key `\(key)` is ignored; did you mean `\(meant)`?", severity: .warning, rule: "front-matter/unknown-key"))
        return nil
    }

    /// Derives the typed properties from `fields`; again after inheritance changed them.
    package mutating func interpret(file: String) -> [Diagnostic] {
        var fm = self
        var errors: [Diagnostic] = []
        let firstLine = lineOffset + 1
        fm.title = nil; fm.summary = nil; fm.date = nil; fm.tags = []; fm.weight = nil; fm.draft = false; fm.aliases = []
        func line(_ key: String) -> Int { fm.lines[key] ?? firstLine }
        func text(_ key: String) -> String? {
            guard let node = fm.fields[key] else { return nil }
            if node.scalar == nil {
                errors.append(Diagnostic(file: file, line: line(key), "`\(key)` must be text, not a list or mapping", rule: "front-matter/invalid"))
                return nil
            }
            return node.string
        }
        fm.title = text("title")
        fm.summary = text("summary")
        fm.translationKey = text("translation_key")
        fm.slug = text("slug")
        fm.url = text("url")
        fm.sourceHash = text("source_hash")
        if let raw = text("date"), raw != "unknown" {
            if let day = DateText.day(of: raw) {
                fm.date = day
            } else {
                errors.append(Diagnostic(file: file, line: line("date"), "`date: \(raw)` is not a date; write it as YYYY-MM-DD (for example 2015-10-07) or `unknown`", rule: "front-matter/invalid"))
            }
        }
        if let node = fm.fields["weight"] {
            if let v = node.int { fm.weight = v } else {
                errors.append(Diagnostic(file: file, line: line("weight"), "`weight` must be a whole number (for example 10)", rule: "front-matter/invalid"))
            }
        }
        if let node = fm.fields["draft"] {
            if let v = node.bool { fm.draft = v } else {
                errors.append(Diagnostic(file: file, line: line("draft"), "`draft` must be true or false", rule: "front-matter/invalid"))
            }
        }
        fm.tags = Self.stringList("tags", fm: fm, file: file, errors: &errors)
        fm.aliases = Self.stringList("aliases", fm: fm, file: file, errors: &errors)
        self = fm
        return errors
    }

    private static func stringList(_ key: String, fm: FrontMatter, file: String, errors: inout [Diagnostic]) -> [String] {
        guard let node = fm.fields[key] else { return [] }
        if let seq = node.sequence {
            var out: [String] = []
            for item in seq {
                if let s = item.string, item.scalar != nil, !s.isEmpty { out.append(s) } else {
                    errors.append(Diagnostic(file: file, line: item.mark.map { $0.line + fm.lineOffset } ?? fm.lines[key], "each entry of `\(key)` must be a short text", rule: "front-matter/invalid"))
                }
            }
            return out
        }
        if let s = node.string, node.scalar != nil { return s.isEmpty ? [] : [s] }
        errors.append(Diagnostic(file: file, line: fm.lines[key], "`\(key)` must be a list, for example [one, two]", rule: "front-matter/invalid"))
        return []
    }
}
