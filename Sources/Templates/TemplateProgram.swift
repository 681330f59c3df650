/// A parsed template compiled for rendering: a flat list of operations whose payloads are
/// indexes into the program's tables. Stepping through it copies integers; walking the
/// `TemplateNode` tree retained and released each node's arrays and strings.
final class TemplateProgram: @unchecked Sendable {
    /// A section's, block's or parent's body is the operations after it, up to `end`.
    enum Op {
        case text(Int32)
        case lineStart
        case variable(path: Int32, escaped: Bool)
        case section(path: Int32, end: Int32, inverted: Bool)
        /// `indent`: index in `indents`, -1 for a tag inside a line.
        case partial(name: Int32, indent: Int32)
        /// Followed by its overriding blocks, each a `.block` with its body, up to `end`.
        case parent(name: Int32, end: Int32, indent: Int32)
        case block(name: Int32, end: Int32, indent: Int32)
    }

    let ops: [Op]
    let texts: [TemplateText]
    let paths: [[TemplateKey]]
    let names: [String]
    let indents: [[UInt8]]

    init(_ nodes: [TemplateNode]) {
        var builder = Builder()
        builder.emit(nodes)
        ops = builder.ops
        texts = builder.texts
        paths = builder.paths
        names = builder.names
        indents = builder.indents
    }

    private struct Builder {
        var ops: [Op] = []
        var texts: [TemplateText] = []
        var paths: [[TemplateKey]] = []
        var names: [String] = []
        var indents: [[UInt8]] = []

        mutating func emit(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .text(let text):
                    texts.append(text)
                    ops.append(.text(Int32(texts.count - 1)))
                case .lineStart:
                    ops.append(.lineStart)
                case .variable(let path, let escaped):
                    ops.append(.variable(path: self.path(path), escaped: escaped))
                case .section(let path, let children, let inverted):
                    let at = ops.count
                    ops.append(.lineStart)  // placeholder until the end is known
                    let p = self.path(path)
                    emit(children)
                    ops[at] = .section(path: p, end: Int32(ops.count), inverted: inverted)
                case .partial(let name, let indentation, _):
                    ops.append(.partial(name: self.name(name), indent: indent(indentation)))
                case .parent(let name, let blocks, let indentation, _):
                    let at = ops.count
                    ops.append(.lineStart)
                    for (block, children) in blocks.sorted(by: { $0.key < $1.key }) {
                        let blockAt = ops.count
                        ops.append(.lineStart)
                        emit(children)
                        ops[blockAt] = .block(name: self.name(block), end: Int32(ops.count), indent: -1)
                    }
                    ops[at] = .parent(name: self.name(name), end: Int32(ops.count), indent: indent(indentation))
                case .block(let name, let children, let indentation):
                    let at = ops.count
                    ops.append(.lineStart)
                    emit(children)
                    ops[at] = .block(name: self.name(name), end: Int32(ops.count), indent: indent(indentation))
                }
            }
        }

        mutating func path(_ path: [TemplateKey]) -> Int32 { paths.append(path); return Int32(paths.count - 1) }
        mutating func name(_ name: String) -> Int32 { names.append(name); return Int32(names.count - 1) }
        mutating func indent(_ indentation: [UInt8]?) -> Int32 {
            guard let indentation else { return -1 }
            indents.append(indentation)
            return Int32(indents.count - 1)
        }
    }
}
