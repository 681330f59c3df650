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
    /// Link targets that the link rewriter could not resolve, as written in the source.
    public var unresolvedLinks: [String]
    /// Lines (1-based) of raw HTML dropped because raw HTML is off (comments not counted).
    public var omittedHTMLLines: [Int] = []

    /// The text of the document split at its headings, read from `html` (see VisibleText).
    public var sections: [TextSection] { VisibleText.sections(html: html, headings: headings) }

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

/// What a link rewriter answers for one URL found in the document.
public enum LinkResolution: Sendable {
    case keep
    case replace(String)
    /// The URL looks internal but leads nowhere; kept as written and reported.
    case unresolved
    /// The target exists but must not be linked (left out of this edition): keep the text, drop the link.
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
