import Markdown
import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// A page of the assembled site: a content page, a fallback copy of one, or a generated list.
public struct SitePage: Sendable {
    public enum Kind: String, Sendable { case home, section, page, tags, tag, translations }

    public let kind: Kind
    /// The language whose URL space the page lives in.
    public let lang: String
    /// The language of the text; differs from `lang` on a fallback page.
    public let contentLang: String
    public let url: String
    /// The content file behind the page; nil for generated lists (tag pages, sections without `_index.md`).
    public package(set) var source: ParsedPage?
    public let title: String
    public let summary: String
    /// Index of each real translation (never a fallback copy), by language, including this page.
    public package(set) var translations: [String: Int] = [:]
    /// Listed pages, sorted: a section's pages, a home's sections, a tag's pages.
    public package(set) var children: [Int] = []
    /// For tag pages, the tag as written.
    public let tag: String?

    package init(kind: Kind, lang: String, contentLang: String, url: String, source: ParsedPage?, title: String, summary: String,
         translations: [String: Int] = [:], children: [Int] = [], tag: String?) {
        self.translations = translations
        self.children = children
        self.kind = kind
        self.lang = lang
        self.contentLang = contentLang
        self.url = url
        self.source = source
        self.title = title
        self.summary = summary
        self.tag = tag
        self.section = ContentPaths.section(ofURL: url)
    }

    public var isFallback: Bool { lang != contentLang }
    /// The top-level folder below the language ("playbook"); empty for a language's home.
    public let section: String
}

/// The assembled site: all pages of all languages, linked to each other.
public struct Site: Sendable {
    public let config: SiteConfig
    public package(set) var pages: [SitePage] = []
    /// Per language: index of its home page.
    public package(set) var homes: [String: Int] = [:]
    /// Per language: section page indexes in navigation order.
    public package(set) var sections: [String: [Int]] = [:]
    /// Per language: the tag index page.
    public package(set) var tagIndexes: [String: Int] = [:]
    /// Per language: the translation dashboard (internal edition only).
    public package(set) var dashboards: [String: Int] = [:]
    /// Which edition this site is (the footer says so).
    public package(set) var edition: Edition = .internal
    /// When each content file last changed (feeds' `updated` for pages without a date).
    public package(set) var history: SourceHistory = .empty
    public package(set) var translations: TranslationStatus? = nil
    /// The typed content (steps, summary tables, postmortems, apologies), set after assembly.
    public package(set) var types = TypedContent()
}

extension Site {
    /// Drops what only the checks needed (front matter nodes and their lines) once they ran: the
    /// YAML node trees are a tenth of a big site's memory, and rendering and indexing read only
    /// the typed fields, internal fields and `severity`.
    package mutating func dropCheckedFrontMatter() {
        // A fallback copy shares its original's parsed page: changed once, shared again (changed
        // per page, every copy got a parsed page of its own).
        var done: [ObjectIdentifier: ParsedPage] = [:]
        for i in pages.indices {
            guard var source = pages[i].source else { continue }
            let shared = source.storageIdentity
            if let made = done[shared] { pages[i].source = made; continue }
            source.meta.fields = source.meta.fields.filter { key, _ in FrontMatter.isInternalField(key) || key == "severity" }
            source.meta.lines = [:]
            pages[i].source = source
            done[shared] = source
        }
    }
}

extension Site {
    /// Moves every page's HTML out of the site, into a store that gives it out once to the
    /// page's renderer and once to its language's index: a full build renders each page and
    /// indexes each language exactly once, and what was used need not stay (at 40,000 pages the
    /// HTML is 280 MB, most of the memory of the render stage).
    package mutating func takeBodies() -> PageBodies {
        var html = [String?](repeating: nil, count: pages.count)
        // Once per parsed page: its fallback copies get the same HTML and the same emptied page.
        var taken: [ObjectIdentifier: (page: ParsedPage, html: String)] = [:]
        for i in pages.indices {
            guard var source = pages[i].source else { continue }
            let shared = source.storageIdentity
            if let done = taken[shared] {
                pages[i].source = done.page
                html[i] = done.html
                continue
            }
            let body = source.takeHTML()
            pages[i].source = source
            html[i] = body
            taken[shared] = (source, body)
        }
        return PageBodies(html: html)
    }
}

/// Each site page's HTML, handed out once to its renderer and once to the search index.
/// Different threads take different slots, so each slot has one reader and needs no lock;
/// the HTML is freed when both have taken it.
package final class PageBodies: @unchecked Sendable {
    private let forRender: UnsafeMutableBufferPointer<String?>
    private let forIndex: UnsafeMutableBufferPointer<String?>

    package init(html: [String?]) {
        forRender = .allocate(capacity: html.count)
        _ = forRender.initialize(from: html)
        forIndex = .allocate(capacity: html.count)
        _ = forIndex.initialize(from: html)
    }

    deinit {
        forRender.deinitialize().deallocate()
        forIndex.deinitialize().deallocate()
    }

    package func takeHTML(_ page: Int) -> String? { forRender[page].take() }
    package func takeHTMLForIndex(_ page: Int) -> String? { forIndex[page].take() }
}
