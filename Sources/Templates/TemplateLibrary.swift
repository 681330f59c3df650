import Escaping

/// Compiled templates by name ("page", "partials/head"), rendered on typed values into bytes.
///
/// Hand-written rather than swift-mustache: on our theme swift-mustache spent ~500 µs per page,
/// mostly in dynamic casts while resolving names through the context stack; 40,000 pages would
/// take longer than the whole build budget. This renderer walks a parsed tree over `TemplateValue`
/// (no casts) and escapes on bytes. The language is Mustache as its spec defines it (see
/// `TemplateParser`); the spec's own tests run in `MustacheSpecTests`.
public struct TemplateLibrary: Sendable {
    private var templates: [String: [TemplateNode]] = [:]
    private var programs: [String: TemplateProgram] = [:]

    public init() {}

    /// Parses and registers a template; throws a TemplateError with line and column.
    public mutating func register(_ text: String, named name: String) throws {
        var parser = TemplateParser(name: name, text: text)
        let nodes = try parser.parse()
        templates[name] = nodes
        programs[name] = TemplateProgram(nodes)
    }

    public func has(_ name: String) -> Bool { templates[name] != nil }

    /// Names used as partials or parents that no registered template provides, with the
    /// template and line that use them (swift-mustache-style engines render them as nothing).
    public func missingReferences() -> [(template: String, missing: String, line: Int)] {
        var out: [(String, String, Int)] = []
        func visit(_ nodes: [TemplateNode], in template: String) {
            for node in nodes {
                switch node {
                case .partial(let name, _, let line): if templates[name] == nil { out.append((template, name, line)) }
                case .parent(let name, let blocks, _, let line):
                    if templates[name] == nil { out.append((template, name, line)) }
                    for (_, children) in blocks.sorted(by: { $0.key < $1.key }) { visit(children, in: template) }
                case .section(_, let children, _), .block(_, let children, _): visit(children, in: template)
                default: break
                }
            }
        }
        for name in templates.keys.sorted() { visit(templates[name]!, in: name) }
        return out
    }

    public func render(_ name: String, _ value: TemplateValue) -> String {
        String(decoding: renderBytes(name, value), as: UTF8.self)
    }

    /// The output as UTF-8 bytes, ready to write (no String to build and validate).
    public func renderBytes(_ name: String, _ value: TemplateValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        var stack: [TemplateValue] = [value]
        if let program = programs[name] { run(program, 0..<program.ops.count, stack: &stack, blocks: [:], indent: [], into: &out) }
        return out
    }

    /// The overriding blocks of the parents being rendered: name → the program and operations
    /// of the block's body.
    private typealias Blocks = [String: (program: TemplateProgram, body: Range<Int>)]

    /// Renders operations `range` of `program` into `out`. `blocks` are the overrides of the
    /// parents being rendered (outer ones win); `indent` is the indentation of the standalone
    /// partials, parents and blocks around, put before every line of their template text (never
    /// inside interpolated data).
    private func run(_ program: TemplateProgram, _ range: Range<Int>, stack: inout [TemplateValue], blocks: Blocks, indent: [UInt8], into out: inout [UInt8]) {
        var pc = range.lowerBound
        while pc < range.upperBound {
            switch program.ops[pc] {
            case .text(let t):
                let text = program.texts[Int(t)]
                if indent.isEmpty || text.lineStarts.isEmpty {
                    out.append(contentsOf: text.bytes)
                } else {
                    var from = 0
                    for start in text.lineStarts {
                        out.append(contentsOf: text.bytes[from..<start])
                        out.append(contentsOf: indent)
                        from = start
                    }
                    out.append(contentsOf: text.bytes[from...])
                }
            case .lineStart:
                out.append(contentsOf: indent)
            case .variable(let path, let escaped):
                guard let value = lookup(program.paths[Int(path)], in: stack) else { break }
                switch value {
                case .string(let s): escaped ? HTMLEscape.append(s, to: &out) : out.append(contentsOf: s.utf8)
                case .int(let i): out.append(contentsOf: String(i).utf8)
                case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .list, .map, .null: break
                }
            case .section(let path, let end, let inverted):
                let body = (pc + 1)..<Int(end)
                pc = Int(end)
                let value = lookup(program.paths[Int(path)], in: stack)
                let truthy = value?.isTruthy ?? false
                if inverted {
                    if !truthy { run(program, body, stack: &stack, blocks: blocks, indent: indent, into: &out) }
                    continue
                }
                guard truthy, let value else { continue }
                if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        run(program, body, stack: &stack, blocks: blocks, indent: indent, into: &out)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    run(program, body, stack: &stack, blocks: blocks, indent: indent, into: &out)
                    stack.removeLast()
                }
                continue
            case .partial(let name, let own):
                guard let target = programs[program.names[Int(name)]] else { break }
                run(target, 0..<target.ops.count, stack: &stack, blocks: blocks, indent: Self.indent(indent, own, program), into: &out)
            case .parent(let name, let end, let own):
                let overrides = (pc + 1)..<Int(end)
                pc = Int(end)
                guard let target = programs[program.names[Int(name)]] else { continue }
                // Blocks given further out win over those given here.
                var merged = blocks
                var q = overrides.lowerBound
                while q < overrides.upperBound {
                    guard case .block(let block, let blockEnd, _) = program.ops[q] else { q += 1; continue }
                    let blockName = program.names[Int(block)]
                    if merged[blockName] == nil { merged[blockName] = (program, (q + 1)..<Int(blockEnd)) }
                    q = Int(blockEnd)
                }
                run(target, 0..<target.ops.count, stack: &stack, blocks: merged, indent: Self.indent(indent, own, program), into: &out)
                continue
            case .block(let name, let end, let own):
                let body = (pc + 1)..<Int(end)
                pc = Int(end)
                if let override = blocks[program.names[Int(name)]] {
                    run(override.program, override.body, stack: &stack, blocks: blocks, indent: Self.indent(indent, own, program), into: &out)
                } else {
                    run(program, body, stack: &stack, blocks: blocks, indent: own < 0 ? indent : Self.indent(indent, own, program), into: &out)
                }
                continue
            }
            pc += 1
        }
    }

    /// A standalone tag's indentation (`own`, an index in the program's indents; -1 for a tag
    /// inside a line, which starts from none) adds to the one around it.
    private static func indent(_ outer: [UInt8], _ own: Int32, _ program: TemplateProgram) -> [UInt8] {
        guard own >= 0 else { return [] }
        let mine = program.indents[Int(own)]
        return outer.isEmpty ? mine : outer + mine
    }

    private static let implicitIterator: TemplateKey = "."

    /// Mustache name resolution: the first name up the context stack, then strictly inside it.
    private func lookup(_ path: [TemplateKey], in stack: [TemplateValue]) -> TemplateValue? {
        let head = path[0]
        if head == Self.implicitIterator { return stack.last }
        var value: TemplateValue?
        var i = stack.count - 1
        while i >= 0 {
            if case .map(let m) = stack[i], let v = m[head] { value = v; break }
            i -= 1
        }
        var k = 1
        while k < path.count, value != nil {
            guard case .map(let m)? = value else { return nil }
            value = m[path[k]]
            k += 1
        }
        return value
    }
}
