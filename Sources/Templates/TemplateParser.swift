/// Mustache as the spec defines it (https://github.com/mustache/spec, the required modules and
/// `~inheritance`): variables, sections, inverted sections, comments, partials, set delimiters,
/// parents and blocks, with the spec's standalone-line and indentation rules. Lambdas and dynamic
/// names (`{{>*name}}`) are not supported; a dynamic name is a parse error.
struct TemplateParser {
    let name: String
    let bytes: [UInt8]
    /// Lines before `bytes` in the template file (a block's content is parsed on its own).
    let lineOffset: Int
    /// Whether the end of `bytes` ends a line (false for a block whose closing tag shares its line).
    let endIsLineEnd: Bool
    private var delimiters: Delimiters

    struct Delimiters { var open: [UInt8] = Array("{{".utf8); var close: [UInt8] = Array("}}".utf8) }

    private struct Token {
        var sigil: UInt8
        var content: String
        var tagStart: Int, tagEnd: Int
        /// The source the tag replaces: the tag itself, or its whole line when standalone.
        var cutStart: Int, cutEnd: Int
        var standalone = false
        /// False once the tag takes (part of) its line with it.
        var inline = true
        var indentation: [UInt8] = []
        var delimitersAfter: Delimiters
        /// For `#`, `^`, `<` and `$`: the index of the closing token.
        var closer = -1
    }

    init(name: String, text: String) { self.init(name: name, bytes: Array(text.utf8), lineOffset: 0, endIsLineEnd: true, delimiters: Delimiters()) }

    private init(name: String, bytes: [UInt8], lineOffset: Int, endIsLineEnd: Bool, delimiters: Delimiters) {
        self.name = name
        self.bytes = bytes
        self.lineOffset = lineOffset
        self.endIsLineEnd = endIsLineEnd
        self.delimiters = delimiters
    }

    mutating func parse() throws -> [TemplateNode] {
        var tokens = try tokenize()
        try match(&tokens)
        markStandalone(&tokens)
        return try build(tokens, 0..<tokens.count, from: 0, to: bytes.count)
    }

    // MARK: Tokens

    private static let sigils: [UInt8] = Array("#^/!><$&{=".utf8)
    private static let standaloneSigils: [UInt8] = Array("#^/!><$=".utf8)

    private mutating func tokenize() throws -> [Token] {
        var tokens: [Token] = []
        var position = 0
        while let start = find(delimiters.open, from: position) {
            var i = start + delimiters.open.count
            var sigil: UInt8 = 0
            if i < bytes.count, Self.sigils.contains(bytes[i]) { sigil = bytes[i]; i += 1 }
            var closer = delimiters.close
            if sigil == UInt8(ascii: "{") { closer = [UInt8(ascii: "}")] + closer }
            if sigil == UInt8(ascii: "=") { closer = [UInt8(ascii: "=")] + closer }
            guard let end = find(closer, from: i) else {
                throw error(at: start, "tag `\(String(decoding: delimiters.open, as: UTF8.self))` is never closed with `\(String(decoding: closer, as: UTF8.self))`")
            }
            let content = String(decoding: bytes[i..<end], as: UTF8.self).trimmingSpaces()
            let tagEnd = end + closer.count
            if sigil == UInt8(ascii: "=") { try setDelimiters(content, at: start) }
            if sigil == UInt8(ascii: ">") || sigil == UInt8(ascii: "<"), content.hasPrefix("*") {
                throw error(at: start, "dynamic names (`\(content)`) are not supported; name the template")
            }
            if sigil != UInt8(ascii: "!") && sigil != UInt8(ascii: "=") { try checkName(content, at: start) }
            tokens.append(Token(sigil: sigil, content: content, tagStart: start, tagEnd: tagEnd, cutStart: start, cutEnd: tagEnd, delimitersAfter: delimiters))
            position = tagEnd
        }
        return tokens
    }

    private mutating func setDelimiters(_ content: String, at position: Int) throws {
        let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
            throw error(at: position, "a set-delimiter tag needs two delimiters without `=`, like `{{=<% %>=}}`")
        }
        delimiters = Delimiters(open: Array(parts[0].utf8), close: Array(parts[1].utf8))
    }

    /// Pairs each `{{/name}}` with its opening tag.
    private func match(_ tokens: inout [Token]) throws {
        var open: [Int] = []
        for k in tokens.indices {
            switch tokens[k].sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: "$"): open.append(k)
            case UInt8(ascii: "/"):
                guard let o = open.popLast() else { throw error(at: tokens[k].tagStart, "`{{/\(tokens[k].content)}}` closes nothing") }
                guard tokens[o].content == tokens[k].content else {
                    throw error(at: tokens[k].tagStart, "`{{/\(tokens[k].content)}}` closes `\(tokens[o].content)`, opened on line \(lineColumn(tokens[o].tagStart).0); close it with `{{/\(tokens[o].content)}}`")
                }
                tokens[o].closer = k
            default: break
            }
        }
        if let o = open.last { throw error(at: tokens[o].tagStart, "`{{\(tokens[o].content)}}` is never closed; add `{{/\(tokens[o].content)}}`") }
    }

    /// The spec's standalone rule: a tag alone on its line (whitespace aside) takes the line with
    /// it. Inheritance adds pairs on one line: `{{<p}}{{/p}}`, `{{<p}}{{$b}}`, `{{/b}}{{/p}}` and
    /// `{{$b}}{{/b}}` (which keeps its line ending).
    private func markStandalone(_ tokens: inout [Token]) {
        for k in tokens.indices where Self.standaloneSigils.contains(tokens[k].sigil) {
            guard let s = lineStart(before: tokens[k].tagStart), let e = lineEnd(after: tokens[k].tagEnd) else { continue }
            tokens[k].standalone = true
            tokens[k].inline = false
            tokens[k].indentation = Array(bytes[s..<tokens[k].tagStart])
            tokens[k].cutStart = s
            tokens[k].cutEnd = e.afterNewline
        }
        for k in tokens.indices.dropLast() where tokens[k].tagEnd == tokens[k + 1].tagStart {
            let (a, b) = (tokens[k], tokens[k + 1])
            let parentOpen = a.sigil == UInt8(ascii: "<")
            let pair = (parentOpen && b.sigil == UInt8(ascii: "/") && a.closer == k + 1)
                || (parentOpen && b.sigil == UInt8(ascii: "$"))
                || (a.sigil == UInt8(ascii: "$") && a.closer == k + 1)
                || (a.sigil == UInt8(ascii: "/") && b.sigil == UInt8(ascii: "/") && isClosing(k, "$", tokens) && isClosing(k + 1, "<", tokens))
            guard pair, let s = lineStart(before: a.tagStart), let e = lineEnd(after: b.tagEnd) else { continue }
            let indentation = Array(bytes[s..<a.tagStart])
            tokens[k].cutStart = s
            tokens[k].inline = false
            tokens[k + 1].inline = false
            tokens[k + 1].cutEnd = a.sigil == UInt8(ascii: "$") ? e.atNewline : e.afterNewline
            if a.sigil != UInt8(ascii: "/") { tokens[k].standalone = true; tokens[k].indentation = indentation }
            if b.sigil == UInt8(ascii: "$") { tokens[k + 1].standalone = true; tokens[k + 1].indentation = indentation }
        }
    }

    private func isClosing(_ k: Int, _ sigil: Unicode.Scalar, _ tokens: [Token]) -> Bool {
        tokens.firstIndex(where: { $0.closer == k }).map { tokens[$0].sigil == UInt8(ascii: sigil) } ?? false
    }

    /// Where the line holding `position` starts, if only spaces and tabs come before it.
    private func lineStart(before position: Int) -> Int? {
        var s = position
        while s > 0 && (bytes[s - 1] == 0x20 || bytes[s - 1] == 0x09) { s -= 1 }
        return s == 0 || bytes[s - 1] == 0x0A ? s : nil
    }

    /// Where the line ending after `position` starts and ends, if only spaces and tabs come first.
    private func lineEnd(after position: Int) -> (atNewline: Int, afterNewline: Int)? {
        var e = position
        while e < bytes.count && (bytes[e] == 0x20 || bytes[e] == 0x09) { e += 1 }
        if e == bytes.count { return endIsLineEnd ? (e, e) : nil }
        if bytes[e] == 0x0A { return (e, e + 1) }
        if bytes[e] == 0x0D, e + 1 < bytes.count, bytes[e + 1] == 0x0A { return (e, e + 2) }
        return nil
    }

    // MARK: Tree

    private func build(_ tokens: [Token], _ range: Range<Int>, from: Int, to: Int) throws -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var textStart = from
        var k = range.lowerBound
        while k < range.upperBound {
            let token = tokens[k]
            appendText(textStart..<token.cutStart, to: &nodes)
            if token.inline && isLineStart(token.tagStart) { nodes.append(.lineStart) }
            textStart = token.cutEnd
            k += 1
            switch token.sigil {
            case UInt8(ascii: "!"), UInt8(ascii: "="): break
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: "$"):
                let closer = tokens[token.closer]
                var children: [TemplateNode]
                if token.sigil == UInt8(ascii: "$") && token.standalone {
                    let (content, margin) = dedent(bytes[token.cutEnd..<max(token.cutEnd, closer.cutStart)])
                    var inner = TemplateParser(name: name, bytes: content, lineOffset: lineColumn(token.cutEnd).0 - 1,
                                               endIsLineEnd: isLineStart(closer.cutStart), delimiters: token.delimitersAfter)
                    children = try inner.parse()
                    nodes.append(.block(name: token.content, children: children, indentation: margin.isEmpty ? token.indentation : margin))
                } else {
                    children = try build(tokens, k..<token.closer, from: token.cutEnd, to: closer.cutStart)
                    switch token.sigil {
                    case UInt8(ascii: "$"): nodes.append(.block(name: token.content, children: children, indentation: nil))
                    case UInt8(ascii: "<"):
                        var blocks: [String: [TemplateNode]] = [:]
                        for case .block(let n, let c, _) in children { blocks[n] = c }
                        nodes.append(.parent(name: token.content, blocks: blocks, indentation: token.standalone ? token.indentation : nil, line: lineColumn(token.tagStart).0))
                    default:
                        nodes.append(.section(path: Self.path(token.content), children: children, inverted: token.sigil == UInt8(ascii: "^")))
                    }
                }
                textStart = closer.cutEnd
                k = token.closer + 1
            case UInt8(ascii: ">"):
                nodes.append(.partial(name: token.content, indentation: token.standalone ? token.indentation : nil, line: lineColumn(token.tagStart).0))
            default:
                nodes.append(.variable(path: Self.path(token.content), escaped: token.sigil == 0))
            }
        }
        appendText(textStart..<to, to: &nodes)
        return nodes
    }

    private func appendText(_ range: Range<Int>, to nodes: inout [TemplateNode]) {
        guard !range.isEmpty else { return }
        var starts: [Int] = []
        for p in range where isLineStart(p) && bytes[p] != 0x0A && !(bytes[p] == 0x0D && p + 1 < bytes.count && bytes[p + 1] == 0x0A) {
            starts.append(p - range.lowerBound)
        }
        nodes.append(.text(TemplateText(bytes: Array(bytes[range]), lineStarts: starts)))
    }

    private func isLineStart(_ p: Int) -> Bool { p == 0 || bytes[p - 1] == 0x0A }

    /// Removes the common leading whitespace of the lines that hold more than whitespace
    /// (lines of whitespace only are emptied), as Python's `textwrap.dedent`.
    private func dedent(_ text: ArraySlice<UInt8>) -> (text: [UInt8], margin: [UInt8]) {
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        var margin: [UInt8]?
        for line in lines {
            let lead = line.prefix(while: { $0 == 0x20 || $0 == 0x09 })
            if lead.count == line.count || (lead.count == line.count - 1 && line.last == 0x0D) { continue }
            if let m = margin { margin = Array(zip(m, lead).prefix(while: { $0 == $1 }).map(\.0)) } else { margin = Array(lead) }
        }
        let m = margin ?? []
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for (i, line) in lines.enumerated() {
            if i > 0 { out.append(0x0A) }
            let lead = line.prefix(while: { $0 == 0x20 || $0 == 0x09 })
            out.append(contentsOf: line.dropFirst(lead.count == line.count ? lead.count : m.count))
        }
        return (out, m)
    }

    // MARK: Helpers

    static func path(_ name: String) -> [TemplateKey] {
        name == "." ? ["."] : name.split(separator: ".").map { TemplateKey(String($0)) }
    }

    private func checkName(_ name: String, at position: Int) throws {
        if name.isEmpty { throw error(at: position, "empty tag name") }
        if name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "{" || $0 == "}" }) { throw error(at: position, "invalid tag name `\(name)`") }
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private func lineColumn(_ position: Int) -> (Int, Int) {
        var line = lineOffset + 1, column = 1
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
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
