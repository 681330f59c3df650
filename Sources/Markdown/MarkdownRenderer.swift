import CCmarkGFM
import Escaping
import Foundation
import TextFolding

/// Markdown → HTML with libcmark-gfm: GFM extensions, footnotes, heading ids, callouts and
/// link rewriting. Safe to use from many threads at once (see CmarkSetup).
public struct MarkdownRenderer: Sendable {
    public let options: MarkdownOptions
    let cmarkOptions: Int32

    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
        // No CMARK_OPT_GITHUB_PRE_LANG: a fence's info string becomes `<code class="language-x">`
        // (CommonMark's convention, what highlight.js and Prism read); `lang` names human languages.
        var flags = CMARK_OPT_FOOTNOTES
        if options.allowRawHTML { flags |= CMARK_OPT_UNSAFE }
        cmarkOptions = Int32(flags)
    }

    /// Renders `markdown`. With `extractTitle`, a level-1 heading that opens the document is
    /// removed and returned as `extractedTitle` (the page template shows the title itself).
    /// `rewriteLink` sees every link and image URL with its line (and, when raw HTML is allowed,
    /// every `href` and `src` attribute in it), in document order.
    public func render(
        _ markdown: String, extractTitle: Bool = false,
        rewriteLink: ((LinkSite) -> LinkResolution)? = nil
    ) -> RenderedMarkdown {
        let (parser, document) = CmarkSetup.parse(markdown, options: cmarkOptions)
        defer {
            cmark_node_free(document)
            cmark_parser_free(parser)
        }
        cmark_consolidate_text_nodes(document)

        var result = RenderedMarkdown(html: "", headings: [], extractedTitle: nil)
        var walk = DocumentWalk(document: document, collectHTML: options.allowRawHTML)

        // Links first: taking the title heading out frees the link nodes inside it.
        for node in walk.linkNodes {
            guard let raw = cmark_node_get_url(node) else { continue }
            let url = String(cString: raw)
            // What cmark's safe mode does, done here so that both modes agree (URLSafety).
            if URLSafety.isDangerous(url) { cmark_node_set_url(node, ""); continue }
            guard let rewriteLink else { continue }
            let link = LinkSite(url: url, line: Int(cmark_node_get_start_line(node)),
                                isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE)
            switch rewriteLink(link) {
            case .keep: break
            case .replace(let newURL): cmark_node_set_url(node, newURL)
            case .unlink: unlink(node)
            }
        }
        if let rewriteLink { for node in walk.htmlNodes { RawHTMLLinks.rewrite(node, rewriteLink) } }
        if options.allowRawHTML { sanitizeRawHTML(walk.htmlNodes) }
        if extractTitle, let first = walk.headingNodes.first, first.level == 1,
           cmark_node_first_child(document) == first.node {
            result.extractedTitle = first.text.trimmingSpaces()
            walk.dropLeadingTitle()
            cmark_node_unlink(first.node)
            cmark_node_free(first.node)
        }

        for quote in walk.blockQuotes { convertAlert(quote) }
        if !options.allowRawHTML { result.omittedHTMLLines = Self.rawHTMLLines(document) }
        result.tasks = walk.taskItems.map(makeTickable)

        let extensions = cmark_parser_get_syntax_extensions(parser)
        var ids = UniqueIds()
        for heading in walk.headingNodes {
            let id = ids.make(from: heading.text)
            result.headings.append(Heading(level: heading.level, id: id, text: heading.text))
            replaceHeading(heading.node, level: heading.level, id: id, extensions: extensions)
        }
        if let html = cmark_render_html(document, cmarkOptions, extensions) {
            result.html = String(cString: html)
            free(html)
        }
        return result
    }

    /// `<h2>inner</h2>` becomes `<h2 id="x">inner <a class="anchor" href="#x">#</a></h2>`, emitted
    /// as a custom block: cmark prints custom blocks verbatim, so everything added is escaped here.
    private func replaceHeading(_ node: OpaquePointer, level: Int, id: String, extensions: UnsafeMutablePointer<cmark_llist>?) {
        guard let rendered = cmark_render_html(node, cmarkOptions, extensions) else { return }
        let html = String(cString: rendered)
        free(rendered)
        let open = "<h\(level)>", close = "</h\(level)>"
        // cmark prints a heading as `<hN>…</hN>` and a newline: cut the tags off on bytes.
        var end = html.utf8.endIndex
        if html.utf8.last == UInt8(ascii: "\n") { end = html.utf8.index(before: end) }
        guard html.hasPrefix(open), html.utf8[..<end].suffix(close.utf8.count).elementsEqual(close.utf8) else { return }
        let innerStart = html.utf8.index(html.startIndex, offsetBy: open.utf8.count)
        let innerEnd = html.utf8.index(end, offsetBy: -close.utf8.count)
        guard innerStart <= innerEnd else { return }
        let inner = html[innerStart..<innerEnd]
        let label = HTMLEscape.escape(options.headingAnchorLabel)
        let replacement = "<h\(level) id=\"\(id)\">\(inner)<a class=\"anchor\" href=\"#\(id)\" aria-label=\"\(label)\">#</a></h\(level)>\n"
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(block, replacement)
        cmark_node_insert_before(node, block)
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// Raw HTML let through by `allowRawHTML` loses event-handler attributes and dangerous URLs.
    private func sanitizeRawHTML(_ nodes: [OpaquePointer]) {
        for node in nodes {
            guard let raw = cmark_node_get_literal(node), let clean = URLSafety.sanitizeRawHTML(String(cString: raw)) else { continue }
            cmark_node_set_literal(node, clean)
        }
    }

    /// Start lines of the raw HTML blocks and inline tags the safe renderer will drop; HTML
    /// comments are not counted (they were never meant to show).
    static func rawHTMLLines(_ document: OpaquePointer) -> [Int] {
        var lines: [Int] = []
        let iter = cmark_iter_new(document)
        defer { cmark_iter_free(iter) }
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(node) else { continue }
            let text = String(cString: literal).drop { $0 == " " || $0 == "\n" }
            if text.hasPrefix("<!--") || text.hasPrefix("</") { continue }  // a comment; a closing tag of one already counted
            var line = Int(cmark_node_get_start_line(node))
            if line == 0, let parent = cmark_node_parent(node) { line = Int(cmark_node_get_start_line(parent)) }  // inline nodes carry no position
            if lines.last != line { lines.append(line) }
        }
        return lines
    }

    /// A task list item becomes a plain `<li>` whose first paragraph is wrapped in
    /// `<label class="task"><input type="checkbox" class="task-box"> …</label>`: a labelled
    /// checkbox that can be ticked (GFM's own is disabled and unlabelled). Links inside the label
    /// still navigate. Returns the item's text.
    private func makeTickable(_ item: OpaquePointer) -> String {
        let checked = cmark_gfm_extensions_get_tasklist_item_checked(item)
        cmark_node_set_syntax_extension(item, nil)
        guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else {
            let box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(box, "<input type=\"checkbox\" class=\"task-box\"\(checked ? " checked" : "")>")
            cmark_node_prepend_child(item, box)
            return ""
        }
        let text = Self.plainText(paragraph)
        let label = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
        cmark_node_set_on_enter(label, "<label class=\"task\"><input type=\"checkbox\" class=\"task-box\"\(checked ? " checked" : "")> ")
        cmark_node_set_on_exit(label, "</label>")
        while let child = cmark_node_first_child(paragraph) {
            cmark_node_unlink(child)
            cmark_node_append_child(label, child)
        }
        cmark_node_append_child(paragraph, label)
        return text
    }

    /// The text of an inline container: literals joined, line breaks as spaces.
    private static func plainText(_ node: OpaquePointer) -> String {
        guard let iter = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iter) }
        var text = ""
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) else { continue }
            switch cmark_node_get_type(n) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: if let l = cmark_node_get_literal(n) { text += String(cString: l) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text.trimmingSpaces()
    }

    /// Replaces a link node by its children (its text stays, the link goes).
    private func unlink(_ node: OpaquePointer) {
        while let child = cmark_node_first_child(node) {
            cmark_node_unlink(child)
            cmark_node_insert_before(node, child)
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// `> [!WARNING]` as the first line of a block quote turns it into a callout.
    private func convertAlert(_ quote: OpaquePointer) {
        guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
              let marker = cmark_node_first_child(paragraph), cmark_node_get_type(marker) == CMARK_NODE_TEXT,
              let literal = cmark_node_get_literal(marker)
        else { return }
        let text = String(cString: literal).trimmingSpaces()
        guard text.hasPrefix("[!"), text.hasSuffix("]"),
              let kind = AlertKind(rawValue: String(text.dropFirst(2).dropLast()).uppercased())
        else { return }
        let next = cmark_node_next(marker)
        if let next, cmark_node_get_type(next) != CMARK_NODE_SOFTBREAK && cmark_node_get_type(next) != CMARK_NODE_LINEBREAK {
            return  // text follows the marker on its line: an ordinary quote, as on GitHub
        }
        if let next { cmark_node_unlink(next); cmark_node_free(next) }
        cmark_node_unlink(marker)
        cmark_node_free(marker)
        if cmark_node_first_child(paragraph) == nil {
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
        let name = kind.rawValue.lowercased()
        let style = options.calloutStyles[Int(cmark_node_get_start_line(quote))]
        let title = HTMLEscape.escape(style?.title ?? options.alertTitles[kind] ?? kind.rawValue.capitalized)
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        if let style, style.collapsible {
            cmark_node_set_on_enter(block, "<details class=\"callout callout-\(name)\"\(style.open ? " open" : "")><summary class=\"callout-title\">\(title)</summary>\n")
            cmark_node_set_on_exit(block, "</details>\n")
        } else {
            let heading = title.isEmpty ? "" : "<p class=\"callout-title\">\(title)</p>"
            cmark_node_set_on_enter(block, "<div class=\"callout callout-\(name)\" role=\"note\">\(heading)\n")
            cmark_node_set_on_exit(block, "</div>\n")
        }
        while let child = cmark_node_first_child(quote) {
            cmark_node_unlink(child)
            cmark_node_append_child(block, child)
        }
        cmark_node_insert_before(quote, block)
        cmark_node_unlink(quote)
        cmark_node_free(quote)
    }
}

/// Heading ids unique within one document, GitHub-style: "x", "x-1", "x-2". Ids that begin like
/// the theme's (`pb-`) or cmark-gfm's footnote ids (`fn-`, `fnref-`) get `h-` in front, so that a
/// heading never takes an id the page already uses (`## PB main` → `h-pb-main`).
struct UniqueIds {
    private var used: Set<String> = []
    static let reservedPrefixes = ["pb-", "fn-", "fnref-"]
    /// Per base, the suffix to try next: a page with thousands of headings of one name
    /// ("Parameters") would otherwise retry every earlier suffix for each of them.
    private var nextSuffix: [String: Int] = [:]
    mutating func make(from text: String) -> String {
        var base = TextFold.slug(text)
        if base.isEmpty { base = "section" }
        if Self.reservedPrefixes.contains(where: { base.hasPrefix($0) }) { base = "h-" + base }
        var id = base
        var n = nextSuffix[base] ?? 1
        while used.contains(id) {
            id = "\(base)-\(n)"
            n += 1
        }
        if id != base { nextSuffix[base] = n }
        used.insert(id)
        return id
    }
}
