import Markdown
import PlaybookModel

/// One content file after parsing: front matter, rendered body, and where it goes.
///
/// A value with its fields in one shared box: a page travels by value through every stage (site
/// pages, list items, link targets), and copying twenty-odd strings and arrays field by field
/// was 5% of a 40,000-page build's CPU in retain/release alone. Setting `meta` copies the box
/// first when another value shares it.
public struct ParsedPage: Sendable {
    private struct Fields {
        let path: String
        let lang: String
        let kind: ContentPaths.Kind
        let url: String
        let translationKey: String
        var meta: FrontMatter
        let title: String
        let summary: String
        var body: RenderedMarkdown
        let links: PageLinks
        let sourceHash: String
        let warnings: [Diagnostic]
    }

    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box
    private var fields: Fields { box.fields }

    package init(path: String, lang: String, kind: ContentPaths.Kind, url: String, translationKey: String,
         meta: FrontMatter, title: String, summary: String, body: RenderedMarkdown, links: PageLinks = PageLinks(), sourceHash: String,
         warnings: [Diagnostic] = []) {
        box = Box(Fields(path: path, lang: lang, kind: kind, url: url, translationKey: translationKey,
                         meta: meta, title: title, summary: summary, body: body, links: links, sourceHash: sourceHash, warnings: warnings))
    }

    /// The same for values that share their storage (a page and its fallback copies), until one
    /// of them is changed: what a change made once can be shared again.
    package var storageIdentity: ObjectIdentifier { ObjectIdentifier(box) }

    public var path: String { fields.path }
    public var lang: String { fields.lang }
    public var kind: ContentPaths.Kind { fields.kind }
    public var url: String { fields.url }
    /// Shared by a page and its translations: `translation_key`, else the path below the language.
    public var translationKey: String { fields.translationKey }
    public package(set) var meta: FrontMatter {
        get { fields.meta }
        set {
            makeUnique()
            box.fields.meta = newValue
        }
    }
    /// Moves the HTML out of the page (the full build's last stage holds it apart and releases
    /// it as soon as the page is rendered and indexed).
    package mutating func takeHTML() -> String {
        makeUnique()
        defer { box.fields.body.html = "" }
        return box.fields.body.html
    }

    /// Copies the box before a change when another value shares it.
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    }

    public var title: String { fields.title }
    public var summary: String { fields.summary }
    public var body: RenderedMarkdown { fields.body }
    /// Its links that lead nowhere and its anchors, with their lines (see `LinkResolver`).
    public var links: PageLinks { fields.links }
    /// Hash of the file's normalized text: translations record it to detect staleness.
    public var sourceHash: String { fields.sourceHash }
    /// What the parse noticed but did not stop for: unknown front-matter keys, raw HTML left
    /// out, attribute lists dropped. Reported with the check stage's diagnostics.
    public var warnings: [Diagnostic] { fields.warnings }
    /// The top-level folder below the language ("playbook"); empty for a language's home.
    public var section: String { ContentPaths.section(ofURL: url) }
}

/// FNV-1a, 64 bits, as 16 hex digits: a stable content fingerprint (not a security hash).
package enum Fingerprint {
    package static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        var text = text
        text.withUTF8 { bytes in
            for b in bytes {
                hash ^= UInt64(b)
                hash = hash &* 0x100000001b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
