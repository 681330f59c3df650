import CCmarkGFM
import Foundation

/// One pass over a parsed document that collects what the renderer changes afterwards
/// (headings, links, block quotes) and the plain text of each heading's section.
/// Changing the tree while iterating it is not allowed by cmark, hence collect-then-change.
struct DocumentWalk {
    struct HeadingNode {
        let node: OpaquePointer
        let level: Int
        var text: String
    }
    struct Section {
        var headingIndex: Int?
        var text: String
    }

    private(set) var headingNodes: [HeadingNode] = []
    private(set) var linkNodes: [OpaquePointer] = []
    private(set) var blockQuotes: [OpaquePointer] = []
    private(set) var sections: [Section] = [Section(headingIndex: nil, text: "")]

    init(document: OpaquePointer) {
        guard let iter = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iter) }
        var inHeading = false
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_ENTER {
                switch type {
                case CMARK_NODE_HEADING:
                    headingNodes.append(HeadingNode(node: node, level: Int(cmark_node_get_heading_level(node)), text: ""))
                    sections.append(Section(headingIndex: headingNodes.count - 1, text: ""))
                    inHeading = true
                case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                    if let literal = cmark_node_get_literal(node) {
                        let s = String(cString: literal)
                        if inHeading { headingNodes[headingNodes.count - 1].text += s } else { sections[sections.count - 1].text += s }
                    }
                case CMARK_NODE_CODE_BLOCK:
                    if let literal = cmark_node_get_literal(node) { appendText(String(cString: literal)) }
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    if inHeading { headingNodes[headingNodes.count - 1].text += " " } else { appendText(" ") }
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    linkNodes.append(node)
                case CMARK_NODE_BLOCK_QUOTE:
                    blockQuotes.append(node)
                default: break
                }
            } else if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_HEADING {
                    inHeading = false
                } else if Int32(type.rawValue) & CMARK_NODE_TYPE_MASK == CMARK_NODE_TYPE_BLOCK || isTableCell(node) {
                    appendText(" ")
                }
            }
        }
    }

    private mutating func appendText(_ s: String) {
        if s == " " && (sections[sections.count - 1].text.last == " " || sections[sections.count - 1].text.isEmpty) { return }
        sections[sections.count - 1].text += s
    }

    private func isTableCell(_ node: OpaquePointer) -> Bool {
        guard let name = cmark_node_get_type_string(node) else { return false }
        return strcmp(name, "table_cell") == 0
    }

    /// The leading title heading was taken out of the document: forget it.
    mutating func dropLeadingTitle() {
        headingNodes.removeFirst()
        // Its (empty) section merges into the text before it.
        if sections.count > 1 {
            let dropped = sections.remove(at: 1)
            sections[0].text += dropped.text
        }
        for i in sections.indices { if let h = sections[i].headingIndex { sections[i].headingIndex = h - 1 } }
    }
}
