/// A content file's path below `content/` ("en/playbook/x.md"): its first segment is the
/// language folder. What the stages key pages by; users and diagnostics see it as `shown`.
package struct ContentPath: Hashable, Sendable, CustomStringConvertible {
    package let path: String

    package init(_ path: String) { self.path = path }

    /// "en" of "en/playbook/x.md".
    package var language: Substring { path.prefix { $0 != "/" } }

    /// "playbook/x.md": what a page's translations share.
    package var languageRelative: String { ContentPaths.languageRelative(path) }

    /// The same file in `lang`'s folder ("nl/playbook/x.md"): where a translation goes unless
    /// `translation_key` pairs it with a file of another name.
    package func inLanguage(_ lang: String) -> ContentPath { ContentPath(lang + "/" + languageRelative) }

    /// How the user names the file, from the source tree's root: "content/en/playbook/x.md"
    /// (every diagnostic and report about a content file).
    package var shown: String { "content/" + path }

    package var description: String { shown }
}

/// A page's URL below the site root ("en/playbook/x/"): its first segment is the language whose
/// URL space the page lives in.
package struct PageURL: Hashable, Sendable, CustomStringConvertible {
    package let path: String

    package init(_ path: String) { self.path = path }

    /// "en" of "en/playbook/x/".
    package var language: Substring { path.prefix { $0 != "/" } }

    /// The same place in `lang`'s URL space ("en/playbook/x/" → "nl/playbook/x/"): where the
    /// page's fallback copy lives, and its translation unless `url:`, `slug:` or
    /// `translation_key` say otherwise.
    package func inLanguage(_ lang: String) -> PageURL { PageURL(lang + path.dropFirst(language.count)) }

    package var description: String { path }
}
