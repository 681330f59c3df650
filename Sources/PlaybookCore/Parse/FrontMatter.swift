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
    static func parse(yaml: String, file: String, firstLine: Int) -> (FrontMatter, [Diagnostic]) {
        var fm = FrontMatter()
        var errors: [Diagnostic] = []
        let offset = firstLine - 1
        if let deep = YAMLErrors.tooDeep(yaml, file: file, lineOffset: offset) { return (fm, [deep]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            return (fm, [YAMLErrors.describe(error, file: file, lineOffset: offset, yamlLines: yaml.split(separator: "\n", omittingEmptySubsequences: false).count - 1)])
        }
        guard let root else { return (fm, []) }
        guard let mapping = root.mapping else {
            return (fm, [Diagnostic(file: file, line: firstLine, "front matter must be a mapping of `key: value` lines")])
        }
        fm.lineOffset = offset
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            fm.fields[key] = value
            fm.lines[key] = (keyNode.mark?.line ?? 1) + offset
        }
        errors += fm.interpret(file: file)
        return (fm, errors)
    }

    /// Derives the typed properties from `fields`; again after inheritance changed them.
    mutating func interpret(file: String) -> [Diagnostic] {
        var fm = self
        var errors: [Diagnostic] = []
        let firstLine = lineOffset + 1
        fm.title = nil; fm.summary = nil; fm.date = nil; fm.tags = []; fm.weight = nil; fm.draft = false; fm.aliases = []
        func line(_ key: String) -> Int { fm.lines[key] ?? firstLine }
        func text(_ key: String) -> String? {
            guard let node = fm.fields[key] else { return nil }
            if node.scalar == nil {
                errors.append(Diagnostic(file: file, line: line(key), "`\(key)` must be text, not a list or mapping"))
                return nil
            }
            return node.string
        }
        fm.title = text("title")
        fm.summary = text("summary")
        fm.translationKey = text("translation_key")
        fm.sourceHash = text("source_hash")
        if let raw = text("date"), raw != "unknown" {
            if let day = DateText.day(of: raw) {
                fm.date = day
            } else {
                errors.append(Diagnostic(file: file, line: line("date"), "`date: \(raw)` is not a date; write it as YYYY-MM-DD (for example 2015-10-07) or `unknown`"))
            }
        }
        if let node = fm.fields["weight"] {
            if let v = node.int { fm.weight = v } else {
                errors.append(Diagnostic(file: file, line: line("weight"), "`weight` must be a whole number (for example 10)"))
            }
        }
        if let node = fm.fields["draft"] {
            if let v = node.bool { fm.draft = v } else {
                errors.append(Diagnostic(file: file, line: line("draft"), "`draft` must be true or false"))
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
                    errors.append(Diagnostic(file: file, line: item.mark.map { $0.line + fm.lineOffset } ?? fm.lines[key], "each entry of `\(key)` must be a short text"))
                }
            }
            return out
        }
        if let s = node.string, node.scalar != nil { return s.isEmpty ? [] : [s] }
        errors.append(Diagnostic(file: file, line: fm.lines[key], "`\(key)` must be a list, for example [one, two]"))
        return []
    }
}

/// Dates as written in front matter.
enum DateText {
    /// "2015-10-07" or "2015-10-07T09:00:00+02:00" → "2015-10-07"; nil if not a valid date.
    static func day(of text: String) -> String? {
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = Int(String(decoding: b[0..<4], as: UTF8.self)),
              let m = Int(String(decoding: b[5..<7], as: UTF8.self)),
              let d = Int(String(decoding: b[8..<10], as: UTF8.self)),
              y > 0, (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d)
        else { return nil }
        if b.count > 10 && b[10] != 0x54 && b[10] != 0x20 { return nil }  // 'T' or ' ' before a time
        return String(decoding: b[0..<10], as: UTF8.self)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
