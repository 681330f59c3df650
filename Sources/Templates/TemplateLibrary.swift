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

    public init() {}

    /// Parses and registers a template; throws a TemplateError with line and column.
    public mutating func register(_ text: String, named name: String) throws {
        var parser = TemplateParser(name: name, text: text)
        templates[name] = try parser.parse()
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
        if let nodes = templates[name] { render(nodes, stack: &stack, blocks: [:], indent: [], into: &out) }
        return out
    }

    /// Renders `nodes` into `out`. `blocks` are the overrides of the parents being rendered (outer
    /// ones win); `indent` is the indentation of the standalone partials, parents and blocks around,
    /// put before every line of their template text (never inside interpolated data).
    private func render(_ nodes: [TemplateNode], stack: inout [TemplateValue], blocks: [String: [TemplateNode]], indent: [UInt8], into out: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let text):
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
                guard let value = lookup(path, in: stack) else { continue }
                switch value {
                case .string(let s): escaped ? HTMLEscape.append(s, to: &out) : out.append(contentsOf: s.utf8)
                case .int(let i): out.append(contentsOf: String(i).utf8)
                case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .list, .map, .null: break
                }
            case .section(let path, let children, let inverted):
                let value = lookup(path, in: stack)
                let truthy = value?.isTruthy ?? false
                if inverted {
                    if !truthy { render(children, stack: &stack, blocks: blocks, indent: indent, into: &out) }
                    continue
                }
                guard truthy, let value else { continue }
                if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        render(children, stack: &stack, blocks: blocks, indent: indent, into: &out)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    render(children, stack: &stack, blocks: blocks, indent: indent, into: &out)
                    stack.removeLast()
                }
            case .partial(let name, let indentation, _):
                guard let nodes = templates[name] else { continue }
                render(nodes, stack: &stack, blocks: blocks, indent: Self.indent(indent, indentation), into: &out)
            case .parent(let name, let overrides, let indentation, _):
                guard let nodes = templates[name] else { continue }
                // Blocks given further out win over those given here.
                render(nodes, stack: &stack, blocks: overrides.merging(blocks) { _, outer in outer }, indent: Self.indent(indent, indentation), into: &out)
            case .block(let name, let children, let indentation):
                if let override = blocks[name] {
                    render(override, stack: &stack, blocks: blocks, indent: Self.indent(indent, indentation), into: &out)
                } else {
                    render(children, stack: &stack, blocks: blocks, indent: indentation == nil ? indent : Self.indent(indent, indentation), into: &out)
                }
            }
        }
    }

    /// A standalone tag's indentation adds to the one around it; a tag inside a line starts from none.
    private static func indent(_ outer: [UInt8], _ own: [UInt8]?) -> [UInt8] {
        guard let own else { return [] }
        return outer.isEmpty ? own : outer + own
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
