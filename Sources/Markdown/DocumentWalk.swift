import CCmarkGFM
import Foundation

/// One pass over a parsed document that collects what the renderer changes afterwards
/// (headings, links, block quotes). The text of the sections is read from the HTML later
/// (VisibleText).
/// Changing the tree while iterating it is not allowed by cmark, hence collect-then-change.
struct DocumentWalk {
    struct HeadingNode {
        let node: OpaquePointer
        let level: Int
        var text: String
    }

    private(set) var headingNodes: [HeadingNode] = []
    private(set) var linkNodes: [OpaquePointer] = []
    private(set) var blockQuotes: [OpaquePointer] = []
    /// Task list items (`- [ ] …`), in document order.
    private(set) var taskItems: [OpaquePointer] = []
    /// Raw HTML blocks and inline HTML, in document order (collected only when asked for).
    private(set) var htmlNodes: [OpaquePointer] = []

    init(document: OpaquePointer, collectHTML: Bool = false) {
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
                    inHeading = true
                case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                    if inHeading, let literal = cmark_node_get_literal(node) { headingNodes[headingNodes.count - 1].text += String(cString: literal) }
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    if inHeading { headingNodes[headingNodes.count - 1].text += " " }
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    linkNodes.append(node)
                case CMARK_NODE_BLOCK_QUOTE:
                    blockQuotes.append(node)
                case CMARK_NODE_ITEM:
                    if cmark_node_get_syntax_extension(node) != nil, let name = cmark_node_get_type_string(node),
                       strcmp(name, "tasklist") == 0 { taskItems.append(node) }
                case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                    if collectHTML { htmlNodes.append(node) }
                default: break
                }
            } else if event == CMARK_EVENT_EXIT && type == CMARK_NODE_HEADING {
                inHeading = false
            }
        }
    }

    /// The leading title heading was taken out of the document: forget it.
    mutating func dropLeadingTitle() {
        headingNodes.removeFirst()
    }
}
