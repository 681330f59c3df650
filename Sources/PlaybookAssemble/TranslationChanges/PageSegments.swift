import Markdown
import PlaybookParse
import Yams

/// A page's segments: its prose front matter fields (title, summary, …) and the blocks of its
/// Markdown body, each with a short fingerprint. Translations record the fingerprints of the
/// source they were made from (`source_segments`), which is what lets `translations` and the
/// dashboard say "3 of 41 segments changed" without any history.
package struct PageSegments {
    package struct Segment: Equatable {
        /// `title`, `summary` … for front matter fields; "s1", "s2" … for body blocks.
        package let id: String
        /// `field` for front matter, else the Markdown block kind.
        package let kind: String
        package let text: String
        package let translatable: Bool
        /// 1-based line in the file.
        package let line: Int
        /// The heading above the segment (body segments only).
        package let heading: String?
        /// Body segments: UTF-8 range in the body and the prefix of continuation lines.
        package let range: Range<Int>?
        package let continuation: String

        /// 8 hex digits: enough to tell a page's segments and their versions apart.
        package var hash: String { String(Fingerprint.of(kind + "\u{0}" + text).suffix(8)) }
        /// What `source_segments` records: the hash, prefixed with the key for fields.
        package var token: String { kind == "field" ? "\(id):\(hash)" : hash }
    }

    /// The prose front matter keys translators translate (see Inheritance).
    package static let proseKeys = ["title", "summary", "purpose", "owner", "risk", "subject"]

    package let segments: [Segment]
    /// The normalized text of the whole file, and where its body starts (UTF-8 offset).
    package let text: String
    package let body: String
    package let yaml: String?
    package let bodyFirstLine: Int

    /// Segments of a file's normalized text. Throws what the front matter splitter throws.
    package init(text: String) throws {
        let parts = try FrontMatterSplitter.split(text)
        self.text = text
        body = parts.body
        yaml = parts.yaml
        bodyFirstLine = parts.bodyFirstLine
        var out: [Segment] = []
        if let yaml = parts.yaml, let node = try? Yams.compose(yaml: yaml), let map = node.mapping {
            for (key, value) in map {
                guard let k = key.string, Self.proseKeys.contains(k), let s = value.string else { continue }
                out.append(Segment(id: k, kind: "field", text: s, translatable: true, line: (key.mark?.line ?? 1) - 1 + parts.yamlFirstLine,
                                   heading: nil, range: nil, continuation: ""))
            }
        }
        let blocks = MarkdownSegmenter.segments(parts.body)
        for (i, b) in blocks.enumerated() {
            let heading = b.headingIndex.map { blocks[$0].text }
            out.append(Segment(id: "s\(i + 1)", kind: b.kind.rawValue, text: b.text, translatable: b.kind.isTranslatable,
                               line: b.line + parts.bodyFirstLine - 1, heading: heading, range: b.range, continuation: b.continuation))
        }
        segments = out
    }

    package var hashes: [String] { segments.map(\.token) }

    /// The value written as `source_segments`: the fingerprints in order, space-separated.
    package var record: String { hashes.joined(separator: " ") }

    package static func parseRecord(_ value: String?) -> [String]? {
        guard let value, !value.isEmpty else { return nil }
        return value.split(separator: " ").map(String.init)
    }
}
