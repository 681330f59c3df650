import CCmarkGFM
import Foundation

/// One block of a Markdown document at the level translators work at: a heading, a paragraph,
/// a list item's paragraph, a table cell; code and HTML blocks are segments too (their changes
/// matter) but are not translated.
public struct MarkdownSegment: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case heading, paragraph, item, cell, code, html
        /// Code and HTML blocks are copied from the source, never translated.
        public var isTranslatable: Bool { self != .code && self != .html }
    }

    public let kind: Kind
    /// The segment's bytes in the document, UTF-8 offsets, end exclusive (a heading's text
    /// without its `#` marks, a paragraph's lines with their container prefixes).
    public let range: Range<Int>
    /// What a translator sees: continuation lines without their indentation or `>` marks.
    public let text: String
    /// Prefix written before each continuation line when a translation replaces the segment
    /// (`"  "` in a list item, `"> "` in a block quote).
    public let continuation: String
    /// 1-based line in the document.
    public let line: Int
    /// Index (in the segment list) of the heading the segment sits under, if any.
    public let headingIndex: Int?
    public let headingLevel: Int
}

/// Splits Markdown into segments with libcmark-gfm's block tree (source positions), so that a
/// translation can be compared, exported and put back segment by segment.
public enum MarkdownSegmenter {
    /// Segments of `markdown`, in document order.
    public static func segments(_ markdown: String) -> [MarkdownSegment] {
        let (parser, document) = CmarkSetup.parse(markdown, options: Int32(CMARK_OPT_FOOTNOTES))
        defer {
            cmark_node_free(document)
            cmark_parser_free(parser)
        }
        let bytes = Array(markdown.utf8)
        var lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { lineStarts.append(i + 1) }
        func offset(_ line: Int32, _ column: Int32) -> Int {
            let l = Int(line) - 1
            guard l >= 0, l < lineStarts.count else { return bytes.count }
            return min(bytes.count, lineStarts[l] + max(0, Int(column) - 1))
        }

        var out: [MarkdownSegment] = []
        var heading: Int?
        guard let iter = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            let kind: MarkdownSegment.Kind
            switch type {
            case CMARK_NODE_HEADING: kind = .heading
            case CMARK_NODE_PARAGRAPH:
                let parent = cmark_node_parent(node)
                kind = parent.map { cmark_node_get_type($0) == CMARK_NODE_ITEM } == true ? .item : .paragraph
            case CMARK_NODE_CODE_BLOCK: kind = .code
            case CMARK_NODE_HTML_BLOCK: kind = .html
            default:
                if let name = cmark_node_get_type_string(node), String(cString: name) == "table_cell" { kind = .cell } else { continue }
            }
            var start = offset(cmark_node_get_start_line(node), cmark_node_get_start_column(node))
            var end = offset(cmark_node_get_end_line(node), cmark_node_get_end_column(node) + 1)
            if kind == .cell || kind == .heading || kind == .paragraph || kind == .item {
                // Inline content: skip it in the walk (its positions are not needed).
                cmark_iter_reset(iter, node, CMARK_EVENT_EXIT)
            }
            if kind == .code || kind == .html {
                // Block positions end at the last line; take the whole lines.
                end = lineEnd(bytes, from: max(start, end - 1))
            }
            if kind == .heading { (start, end) = headingText(bytes, start: start, end: end) }
            if kind == .cell { (start, end) = trimmed(bytes, start: start, end: end) }
            guard start <= end else { continue }
            let lineNumber = Int(cmark_node_get_start_line(node))
            let quoted = isInside(node, CMARK_NODE_BLOCK_QUOTE)
            let (text, continuation) = readable(bytes, start: start, end: end, lineStart: lineStarts[max(0, lineNumber - 1)],
                                                stripQuotes: quoted, keepIndent: !kind.isTranslatable)
            // Headings and cells are one line: nothing continues them.
            let prefix = kind == .heading || kind == .cell ? "" : continuation
            let level = kind == .heading ? Int(cmark_node_get_heading_level(node)) : 0
            out.append(MarkdownSegment(kind: kind, range: start..<end, text: text, continuation: prefix, line: lineNumber,
                                       headingIndex: kind == .heading ? nil : heading, headingLevel: level))
            if kind == .heading { heading = out.count - 1 }
        }
        return out
    }

    private static func isInside(_ node: OpaquePointer, _ type: cmark_node_type) -> Bool {
        var p = cmark_node_parent(node)
        while let n = p {
            if cmark_node_get_type(n) == type { return true }
            p = cmark_node_parent(n)
        }
        return false
    }

    private static func lineEnd(_ bytes: [UInt8], from: Int) -> Int {
        var i = from
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        return i
    }

    private static func trimmed(_ bytes: [UInt8], start: Int, end: Int) -> (Int, Int) {
        var s = start, e = min(end, bytes.count)
        while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
        while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 || bytes[e - 1] == 0x0A) { e -= 1 }
        return (s, e)
    }

    /// ATX: the text between the opening `#`s and an optional closing sequence; setext: the
    /// text lines without the underline.
    private static func headingText(_ bytes: [UInt8], start: Int, end: Int) -> (Int, Int) {
        var s = start
        while s < end && bytes[s] == 0x20 { s += 1 }
        if s < end && bytes[s] == UInt8(ascii: "#") {
            while s < end && bytes[s] == UInt8(ascii: "#") { s += 1 }
            var e = lineEnd(bytes, from: s)
            (s, e) = trimmed(bytes, start: s, end: e)
            // A closing sequence: spaces, then only #s.
            var c = e
            while c > s && bytes[c - 1] == UInt8(ascii: "#") { c -= 1 }
            if c < e, c == s || bytes[c - 1] == 0x20 || bytes[c - 1] == 0x09 { (s, e) = trimmed(bytes, start: s, end: c) }
            return (s, e)
        }
        // Setext: drop the last line (the underline).
        var e = min(end, bytes.count)
        while e > s && bytes[e - 1] == 0x0A { e -= 1 }
        var lastLine = e
        while lastLine > s && bytes[lastLine - 1] != 0x0A { lastLine -= 1 }
        return trimmed(bytes, start: s, end: max(s, lastLine))
    }

    /// The segment's text with continuation prefixes removed, and the prefix to put back.
    private static func readable(_ bytes: [UInt8], start: Int, end: Int, lineStart: Int, stripQuotes: Bool, keepIndent: Bool)
        -> (String, String) {
        let slice = bytes[start..<end]
        let firstPrefix = bytes[lineStart..<start]
        // The prefix for new continuation lines: the first line's prefix with list markers
        // turned into spaces ("> - " → ">   ").
        var derived = String(decoding: firstPrefix.map { $0 == UInt8(ascii: ">") || $0 == 0x09 ? $0 : 0x20 }, as: UTF8.self)
        if keepIndent { return (String(decoding: slice, as: UTF8.self), derived) }
        var lines = slice.split(separator: 0x0A, omittingEmptySubsequences: false)
        var seen: String?
        for i in lines.indices.dropFirst() {
            var j = lines[i].startIndex
            while j < lines[i].endIndex {
                let b = lines[i][j]
                if b == 0x20 || b == 0x09 || (stripQuotes && b == UInt8(ascii: ">")) { j += 1 } else { break }
            }
            if seen == nil { seen = String(decoding: lines[i][lines[i].startIndex..<j], as: UTF8.self) }
            lines[i] = lines[i][j...]
        }
        if let seen { derived = seen }
        return (lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n"), derived)
    }
}
