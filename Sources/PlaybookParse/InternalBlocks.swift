import Foundation
import PlaybookModel
import TextFolding

/// Internal-only passages inside a page:
///
///     <!-- internal -->
///     Only staff see this.
///     <!-- /internal -->
///
/// An HTML comment pair because other Markdown tools (and GitHub's preview) hide it rather
/// than show stray syntax. The field edition drops the passage before Markdown parsing, so
/// its words reach no output; the internal edition shows it in a marked box.
package enum InternalBlocks {
    package static let open = "<!-- internal -->"
    package static let close = "<!-- /internal -->"
    /// Paragraph text that survives cmark (raw HTML would be filtered) and is swapped for the
    /// box's markup after rendering.
    package static let beginToken = "PLAYBOOKINTERNALBEGIN0x7f3a"
    package static let endToken = "PLAYBOOKINTERNALEND0x7f3a"

    /// Rewrites `body`; errors name the 1-based file line (`firstLine` is the body's first line).
    package static func apply(_ body: String, keep: Bool, file: String, firstLine: Int) -> (String, [Diagnostic]) {
        guard ByteSearch.contains(body, "<!-- internal") || ByteSearch.contains(body, "<!-- /internal") else { return (body, []) }
        var out: [Substring] = []
        var openLine: Int?
        var line = firstLine
        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed == open {
                if let openLine {
                    return (body, [Diagnostic(file: file, line: line, "internal block opened again before the one on line \(openLine) was closed; add `\(close)`", rule: "content/internal-block")])
                }
                openLine = line
                if keep { out.append(""); out.append(Substring(beginToken)); out.append("") }
                continue
            }
            if trimmed == close {
                guard openLine != nil else {
                    return (body, [Diagnostic(file: file, line: line, "`\(close)` without an opening `\(open)`", rule: "content/internal-block")])
                }
                openLine = nil
                if keep { out.append(""); out.append(Substring(endToken)); out.append("") }
                continue
            }
            if openLine == nil || keep { out.append(raw) }
        }
        if let openLine {
            return (body, [Diagnostic(file: file, line: openLine, "internal block is never closed; add a line `\(close)` after its last line", rule: "content/internal-block")])
        }
        return (out.joined(separator: "\n"), [])
    }

    /// For the text `apply` makes of `body`: the file line of each of its lines (index 0 is its
    /// first line); nil when `apply` changes nothing, so that line n is `firstLine + n - 1`.
    package static func fileLines(_ body: String, keep: Bool, firstLine: Int) -> [Int]? {
        guard ByteSearch.contains(body, "<!-- internal") || ByteSearch.contains(body, "<!-- /internal") else { return nil }
        var map: [Int] = []
        var inside = false
        var line = firstLine
        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed == open || trimmed == close {
                inside = trimmed == open
                if keep { map += [line, line, line] }
                continue
            }
            if !inside || keep { map.append(line) }
        }
        return map
    }

    /// Replaces the rendered tokens with the marked box.
    package static func finishHTML(_ html: String, label: String) -> String {
        guard ByteSearch.contains(html, beginToken) else { return html }
        return html
            .replacingOccurrences(of: "<p>\(beginToken)</p>", with: "<div class=\"internal-block\"><p class=\"internal-label\">\(label)</p>")
            .replacingOccurrences(of: "<p>\(endToken)</p>", with: "</div>")
    }
}
