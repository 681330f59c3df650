import PlaybookModel
import PlaybookParse
import Yams

/// Reads typed values out of front matter nodes for one content type, collecting precise
/// errors: file, line (from `Node.mark`), the field's dotted path, what was expected.
package struct SchemaReader {
    package let file: String
    package let meta: FrontMatter
    /// Rule id of every error, e.g. "schema/postmortem".
    package let rule: String
    package private(set) var errors: [Diagnostic] = []

    package init(file: String, meta: FrontMatter, rule: String) {
        self.file = file
        self.meta = meta
        self.rule = rule
    }

    /// File line of `node`; for an absent node, the line of `fallback` (a parent node), else of
    /// the top-level key, else the front matter's opening line.
    package func line(_ node: Node?, fallback: Node? = nil, key: String? = nil) -> Int {
        if let l = node?.mark?.line { return l + meta.lineOffset }
        if let l = fallback?.mark?.line { return l + meta.lineOffset }
        if let key, let l = meta.lines[key] { return l }
        return max(1, meta.lineOffset)
    }

    package mutating func fail(_ path: String, _ node: Node?, expected: String, parent: Node? = nil, severity: Diagnostic.Severity = .error) {
        let top = String(path.prefix { $0 != "." && $0 != "[" })
        // A top-level field left out is a fact not recorded: the page says "unknown" and the
        // build goes on (a warning); a field written wrong is an error.
        // Step pages stay strict: the summary table needs every cell.
        if node == nil && parent == nil && top == path && rule != "schema/step" {
            errors.append(Diagnostic(file: file, line: line(nil, key: top),
                                     "`\(path)` is not given, so the page shows it as unknown; add it: \(expected)",
                                     severity: .warning, rule: rule))
            return
        }
        let found = node.map { "is \(Self.describe($0))" } ?? "is missing"
        errors.append(Diagnostic(file: file, line: line(node, fallback: parent, key: top),
                                 "`\(path)` \(found); expected \(expected)", severity: severity, rule: rule))
    }

    package mutating func note(_ message: String, at node: Node?, key: String? = nil, severity: Diagnostic.Severity = .error) {
        errors.append(Diagnostic(file: file, line: line(node, key: key), message, severity: severity, rule: rule))
    }

    package static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            let text = s.string.count > 60 ? String(s.string.prefix(57)) + "…" : s.string
            return "`\(text.replacingOccurrences(of: "\n", with: " "))`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        default: return "an alias"
        }
    }

    // MARK: Values

    /// Non-empty text.
    package mutating func text(_ node: Node?, _ path: String, required: Bool = true, parent: Node? = nil) -> String? {
        guard let node else {
            if required { fail(path, nil, expected: "a text", parent: parent) }
            return nil
        }
        guard node.scalar != nil, let s = node.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            fail(path, node, expected: "a text", parent: parent)
            return nil
        }
        return s
    }

    package mutating func oneOf(_ node: Node?, _ path: String, _ values: [String], parent: Node? = nil) -> String? {
        let expected = "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
        guard let node else { fail(path, nil, expected: expected, parent: parent); return nil }
        guard node.scalar != nil, let s = node.string, values.contains(s) else {
            fail(path, node, expected: expected, parent: parent)
            return nil
        }
        return s
    }

    package mutating func bool(_ node: Node?, _ path: String, parent: Node? = nil) -> Bool? {
        guard let node, node.scalar != nil, let b = node.bool else {
            fail(path, node, expected: "`true` or `false`", parent: parent)
            return nil
        }
        return b
    }

    package mutating func boolOrUnknown(_ node: Node?, _ path: String, parent: Node? = nil) -> Known<Bool>? {
        if let node, node.scalar != nil, node.string == "unknown" { return .unknown }
        guard let node, node.scalar != nil, let b = node.bool else {
            fail(path, node, expected: "`true`, `false` or `unknown`", parent: parent)
            return nil
        }
        return .known(b)
    }

    package mutating func intOrUnknown(_ node: Node?, _ path: String, parent: Node? = nil) -> Known<Int>? {
        if let node, node.scalar != nil, node.string == "unknown" { return .unknown }
        guard let node, node.scalar != nil, let n = node.int, n >= 0 else {
            fail(path, node, expected: "a whole number (for example 1200, no separators) or `unknown`", parent: parent)
            return nil
        }
        return .known(n)
    }

    package mutating func timestampOrUnknown(_ node: Node?, _ path: String, parent: Node? = nil) -> Known<Timestamp>? {
        let expected = "an ISO 8601 time with zone (for example 2024-03-05T09:12:00+01:00 or 2024-03-05T08:12Z) or `unknown`"
        if let node, node.scalar != nil, node.string == "unknown" { return .unknown }
        guard let node, node.scalar != nil, let s = node.string, let t = Timestamp(s) else {
            fail(path, node, expected: expected, parent: parent)
            return nil
        }
        return .known(t)
    }

    package mutating func dayOrUnknown(_ node: Node?, _ path: String, parent: Node? = nil) -> Known<String>? {
        if let node, node.scalar != nil, node.string == "unknown" { return .unknown }
        guard let node, node.scalar != nil, let s = node.string, s.utf8.count == 10, let day = DateText.day(of: s) else {
            fail(path, node, expected: "a date YYYY-MM-DD (for example 2024-06-30) or `unknown`", parent: parent)
            return nil
        }
        return .known(day)
    }

    package mutating func mapping(_ node: Node?, _ path: String, keys: [String], parent: Node? = nil) -> Node.Mapping? {
        guard let node else { fail(path, nil, expected: "a mapping with " + keys.map { "`\($0)`" }.joined(separator: ", "), parent: parent); return nil }
        guard let m = node.mapping else {
            fail(path, node, expected: "a mapping with " + keys.map { "`\($0)`" }.joined(separator: ", "), parent: parent)
            return nil
        }
        for (k, _) in m {
            guard let name = k.string, !keys.contains(name) else { continue }
            errors.append(Diagnostic(file: file, line: line(k), "`\(path).\(name)` is not a field of `\(path)`; expected one of " + keys.map { "`\($0)`" }.joined(separator: ", "), severity: .warning, rule: rule))
        }
        return m
    }

    package mutating func sequence(_ node: Node?, _ path: String, expected: String, parent: Node? = nil) -> Node.Sequence? {
        guard let node, let s = node.sequence else {
            fail(path, node, expected: expected, parent: parent)
            return nil
        }
        return s
    }

    /// A list of short texts; a single text counts as a one-item list.
    package mutating func textList(_ node: Node?, _ path: String, parent: Node? = nil) -> [String] {
        guard let node else { return [] }
        if node.scalar != nil, let s = node.string { return s.isEmpty ? [] : [s] }
        guard let seq = node.sequence else { fail(path, node, expected: "a list of texts, for example [one, two]", parent: parent); return [] }
        var out: [String] = []
        for (i, item) in seq.enumerated() {
            if item.scalar != nil, let s = item.string, !s.isEmpty { out.append(s) } else {
                fail("\(path)[\(i)]", item, expected: "a text", parent: node)
            }
        }
        return out
    }
}

/// A value that may be written as `unknown`.
package enum Known<Value: Sendable & Equatable>: Sendable, Equatable {
    case known(Value)
    case unknown

    package var value: Value? {
        if case .known(let v) = self { return v }
        return nil
    }
}
