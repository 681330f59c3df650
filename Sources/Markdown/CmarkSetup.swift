import CCmarkGFM
import CmarkThreadFix
import Foundation

/// One-time libcmark-gfm set-up, shared by every parse in the process.
enum CmarkSetup {
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Registers the core extensions and learns whether the thread fix is active. Runs once,
    /// before any parse, on whichever thread first needs it.
    static let needsParseLock: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        // A first parse tells us whether our interposed
        // cmark_manage_extensions_special_characters is the one the library calls.
        let parser = cmark_parser_new(0)!
        attachExtensions(parser)
        let probe = "~~x~~"
        cmark_parser_feed(parser, probe, probe.utf8.count)
        if let doc = cmark_parser_finish(parser) { cmark_node_free(doc) }
        cmark_parser_free(parser)
        return cmark_thread_fix_calls() == 0
    }()

    static let parseLock = NSLock()

    static func attachExtensions(_ parser: OpaquePointer) {
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
    }

    /// Parses `markdown` with the GFM extensions attached. The caller frees the parser
    /// (after rendering: the renderer needs its extension list) and the document.
    static func parse(_ markdown: String, options: Int32) -> (parser: OpaquePointer, document: OpaquePointer) {
        let locked = needsParseLock
        let parser = cmark_parser_new(options)!
        attachExtensions(parser)
        var text = markdown
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if locked { parseLock.lock() }
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        let document = cmark_parser_finish(parser)!
        if locked { parseLock.unlock() }
        return (parser, document)
    }
}
