/// A heading of a rendered document, with the id it was given.
public struct Heading: Sendable, Equatable {
    public let level: Int
    public let id: String
    public let text: String
}

/// Plain text of the document split at headings: what search indexes and deep-links to.
public struct TextSection: Sendable, Equatable {
    /// The id of the heading this text follows; nil before the first heading.
    public let headingId: String?
    public let heading: String?
    public var text: String

    /// The sections of a rendered document's HTML (see VisibleText).
    public static func of(html: String, headings: [Heading]) -> [TextSection] {
        VisibleText.sections(html: html, headings: headings)
    }
}

/// Output of rendering one Markdown document.
public struct RenderedMarkdown: Sendable {
    public var html: String
    public var headings: [Heading]
    /// The text of a leading level-1 heading that was taken out to serve as the page title.
    public var extractedTitle: String?
    /// Lines (1-based) of raw HTML dropped because raw HTML is off (comments not counted).
    public var omittedHTMLLines: [Int] = []
    /// The text of each task list item (`- [ ] …`, its first paragraph), in document order:
    /// the page's checklist, as the run sheet lists it.
    public var tasks: [String] = []

    /// The text of the document split at its headings, read from `html` (see VisibleText).
    public var sections: [TextSection] { VisibleText.sections(html: html, headings: headings) }

    /// The document's text (its sections joined by spaces) read until about `maxBytes` bytes;
    /// `cut` says the document has more.
    public func leadingText(maxBytes: Int) -> (text: String, cut: Bool) {
        VisibleText.leadingText(html: html, headings: headings, maxBytes: maxBytes)
    }

    /// Headings for a table of contents: levels 2 and 3.
    public var tableOfContents: [Heading] { headings.filter { $0.level == 2 || $0.level == 3 } }
}

/// GitHub-style alert kinds: `> [!NOTE]` … `> [!CAUTION]`.
public enum AlertKind: String, CaseIterable, Sendable {
    case note = "NOTE", tip = "TIP", important = "IMPORTANT", warning = "WARNING", caution = "CAUTION"
}

/// A callout's own title (nil: the kind's title in the page's language; empty: none) and
/// whether it folds (`<details>`, open or closed at first).
public struct CalloutStyle: Sendable, Equatable {
    public var title: String?
    public var collapsible: Bool
    public var open: Bool
    public init(title: String?, collapsible: Bool, open: Bool) {
        self.title = title; self.collapsible = collapsible; self.open = open
    }
}

/// One link target found in a document, as the link rewriter sees it.
public struct LinkSite: Sendable, Equatable {
    /// The URL as cmark parsed it: backslash escapes and entities undone, `<…>` removed, but
    /// percent-escapes kept.
    public let url: String
    /// 1-based line of the Markdown text where the link (or the raw HTML attribute) starts, from
    /// cmark's source positions.
    public let line: Int
    /// `![…](…)` or a raw `src` attribute: an image or other embedded file, not a page.
    public let isImage: Bool
    /// An `href`/`src` attribute in raw HTML (only seen with `allowRawHTML`).
    public let inRawHTML: Bool

    public init(url: String, line: Int, isImage: Bool = false, inRawHTML: Bool = false) {
        self.url = url
        self.line = line
        self.isImage = isImage
        self.inRawHTML = inRawHTML
    }
}

/// What a link rewriter answers for one URL found in the document.
public enum LinkResolution: Sendable, Equatable {
    case keep
    case replace(String)
    /// The target exists but must not be linked (left out of this edition): keep the text, drop the link.
    /// (A raw HTML attribute is kept as written.)
    case unlink
}

public struct MarkdownOptions: Sendable {
    /// Pass raw HTML through (still filtered by the tagfilter extension). Off by default.
    public var allowRawHTML: Bool = false
    /// Titles shown on callouts, in the page's language.
    public var alertTitles: [AlertKind: String] = [
        .note: "Note", .tip: "Tip", .important: "Important", .warning: "Warning", .caution: "Caution",
    ]
    /// Callouts written in another syntax (MkDocs admonitions): their own title and whether
    /// they fold, by the 1-based line their block quote starts on.
    public var calloutStyles: [Int: CalloutStyle] = [:]
    /// Accessible label of the "#" link next to each heading.
    public var headingAnchorLabel: String = "Link to this section"
    public init() {}
}
