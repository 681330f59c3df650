/// Literal template text and where its source lines begin, so that a standalone partial's
/// indentation goes before each line of the partial's own text and never into data.
struct TemplateText: Sendable {
    let bytes: [UInt8]
    /// Offsets in `bytes` where a non-empty source line begins.
    let lineStarts: [Int]
}

/// A parsed template: a tree of nodes over the template's bytes.
indirect enum TemplateNode: Sendable {
    case text(TemplateText)
    /// A source line that begins with a tag: indentation goes here.
    case lineStart
    case variable(path: [TemplateKey], escaped: Bool)
    case section(path: [TemplateKey], children: [TemplateNode], inverted: Bool)
    /// `indentation` is the whitespace before a standalone tag, nil for a tag inside a line.
    case partial(name: String, indentation: [UInt8]?, line: Int)
    /// `{{<parent}}{{$block}}…{{/block}}{{/parent}}`: render `parent` with these blocks replaced.
    case parent(name: String, blocks: [String: [TemplateNode]], indentation: [UInt8]?, line: Int)
    /// `{{$block}}default{{/block}}`. A standalone block's content is stored without its
    /// common indentation and rendered with `indentation` added (the spec's re-indentation).
    case block(name: String, children: [TemplateNode], indentation: [UInt8]?)
}

/// A parse error in a template, with its 1-based line and column.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let template: String
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "\(template):\(line):\(column): \(message)" }
}
