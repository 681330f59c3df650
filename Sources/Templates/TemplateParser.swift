/// A parse error in a template, with its 1-based line and column.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let template: String
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "\(template):\(line):\(column): \(message)" }
}

/// A parsed template: a tree of nodes over the template's bytes.
indirect enum TemplateNode: Sendable {
    case text([UInt8])
    case variable(path: [String], escaped: Bool)
    case section(path: [String], children: [TemplateNode], inverted: Bool)
    case partial(name: String, indentation: [UInt8], line: Int)
    /// `{{<parent}}{{$block}}…{{/block}}{{/parent}}`: render `parent` with these blocks replaced.
    case parent(name: String, blocks: [String: [TemplateNode]], line: Int)
    /// `{{$block}}default{{/block}}` in a parent template.
    case block(name: String, children: [TemplateNode])
}

/// Mustache (https://mustache.github.io/mustache.5.html) with partials and template
/// inheritance; no lambdas or delimiter changes. Standalone tags (alone on their line) take
/// their line with them, as the spec says.
struct TemplateParser {
    let name: String
    let bytes: [UInt8]
    var position = 0

    init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }

    private struct Open {
        enum Kind { case section(inverted: Bool), parent, block }
        let kind: Kind
        let name: String
        let position: Int
        var nodes: [TemplateNode] = []
    }

    mutating func parse() throws -> [TemplateNode] {
        var stack: [Open] = [Open(kind: .block, name: "", position: 0)]
        var textStart = 0
        while position < bytes.count {
            guard let open = find("{{", from: position) else { break }
            let tagStart = open
            var i = open + 2
            var sigil: UInt8 = 0
            if i < bytes.count, [UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "{")].contains(bytes[i]) {
                sigil = bytes[i]
                i += 1
            }
            let closer: [UInt8] = sigil == UInt8(ascii: "{") ? Array("}}}".utf8) : Array("}}".utf8)
            guard let close = find(closer, from: i) else { throw error(at: tagStart, "tag `{{` is never closed with `\(String(decoding: closer, as: UTF8.self))`") }
            let content = String(decoding: bytes[i..<close], as: UTF8.self).trimmingSpaces()
            var tagEnd = close + closer.count

            // Standalone: only whitespace around the tag on its line → drop the line.
            let standaloneKinds: [UInt8] = [UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$")]
            var textEnd = tagStart
            var indentation: [UInt8] = []
            if standaloneKinds.contains(sigil), let (lineStart, lineEnd) = standaloneLine(tagStart: tagStart, tagEnd: tagEnd) {
                indentation = Array(bytes[lineStart..<tagStart])
                textEnd = lineStart
                tagEnd = lineEnd
            }
            if textEnd > textStart { stack[stack.count - 1].nodes.append(.text(Array(bytes[textStart..<textEnd]))) }
            position = tagEnd
            textStart = tagEnd

            switch sigil {
            case UInt8(ascii: "!"): break
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                try checkName(content, at: tagStart)
                stack.append(Open(kind: .section(inverted: sigil == UInt8(ascii: "^")), name: content, position: tagStart))
            case UInt8(ascii: "<"):
                try checkName(content, at: tagStart)
                stack.append(Open(kind: .parent, name: content, position: tagStart))
            case UInt8(ascii: "$"):
                try checkName(content, at: tagStart)
                stack.append(Open(kind: .block, name: content, position: tagStart))
            case UInt8(ascii: "/"):
                guard stack.count > 1 else { throw error(at: tagStart, "`{{/\(content)}}` closes nothing") }
                let top = stack.removeLast()
                guard top.name == content else {
                    throw error(at: tagStart, "`{{/\(content)}}` closes `\(top.name)`, opened on line \(lineColumn(top.position).0); close it with `{{/\(top.name)}}`")
                }
                let node: TemplateNode
                switch top.kind {
                case .section(let inverted): node = .section(path: Self.path(content), children: top.nodes, inverted: inverted)
                case .block: node = .block(name: content, children: top.nodes)
                case .parent:
                    var blocks: [String: [TemplateNode]] = [:]
                    for child in top.nodes {
                        if case .block(let n, let c) = child { blocks[n] = c }
                    }
                    node = .parent(name: content, blocks: blocks, line: lineColumn(top.position).0)
                }
                stack[stack.count - 1].nodes.append(node)
            case UInt8(ascii: ">"):
                try checkName(content, at: tagStart)
                stack[stack.count - 1].nodes.append(.partial(name: content, indentation: indentation, line: lineColumn(tagStart).0))
            default:
                try checkName(content, at: tagStart)
                let escaped = sigil == 0
                stack[stack.count - 1].nodes.append(.variable(path: Self.path(content), escaped: escaped))
            }
        }
        if textStart < bytes.count { stack[stack.count - 1].nodes.append(.text(Array(bytes[textStart...]))) }
        if stack.count > 1, let top = stack.last {
            throw error(at: top.position, "`{{\(top.name)}}` is never closed; add `{{/\(top.name)}}`")
        }
        return stack[0].nodes
    }

    static func path(_ name: String) -> [String] {
        name == "." ? ["."] : name.split(separator: ".").map(String.init)
    }

    private func checkName(_ name: String, at position: Int) throws {
        if name.isEmpty { throw error(at: position, "empty tag name") }
        if name.contains(where: { $0 == " " || $0 == "{" || $0 == "}" }) { throw error(at: position, "invalid tag name `\(name)`") }
    }

    /// The line around a tag if nothing but spaces/tabs share it: (line start, index after its newline).
    private func standaloneLine(tagStart: Int, tagEnd: Int) -> (Int, Int)? {
        var s = tagStart
        while s > 0 && (bytes[s - 1] == 0x20 || bytes[s - 1] == 0x09) { s -= 1 }
        guard s == 0 || bytes[s - 1] == 0x0A else { return nil }
        var e = tagEnd
        while e < bytes.count && (bytes[e] == 0x20 || bytes[e] == 0x09 || bytes[e] == 0x0D) { e += 1 }
        guard e == bytes.count || bytes[e] == 0x0A else { return nil }
        return (s, min(e + 1, bytes.count))
    }

    private func find(_ needle: String, from start: Int) -> Int? { find(Array(needle.utf8), from: start) }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private func lineColumn(_ position: Int) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes[..<min(position, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    private func error(at position: Int, _ message: String) -> TemplateError {
        let (line, column) = lineColumn(position)
        return TemplateError(template: name, line: line, column: column, message: message)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
