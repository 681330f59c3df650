import Markdown

/// One content file after parsing: front matter, rendered body, and where it goes.
public struct ParsedPage: Sendable {
    public let path: String
    public let lang: String
    public let kind: ContentPaths.Kind
    public let url: String
    /// Shared by a page and its translations: `translation_key`, else the path below the language.
    public let translationKey: String
    public internal(set) var meta: FrontMatter
    public let title: String
    public let summary: String
    public let body: RenderedMarkdown
    /// Hash of the file's normalized text: translations record it to detect staleness.
    public let sourceHash: String
    /// The top-level folder below the language ("playbook"); empty for a language's home.
    public var section: String {
        let parts = url.split(separator: "/")
        return parts.count >= 2 ? String(parts[1]) : ""
    }
}

/// FNV-1a, 64 bits, as 16 hex digits: a stable content fingerprint (not a security hash).
enum Fingerprint {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100000001b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
