import Markdown
import PlaybookModel

/// MkDocs's Markdown extensions, read before cmark sees the text, keeping every line where it
/// was (so diagnostics still point at the right line):
///
/// - admonitions (`!!! note "Title"`, Python-Markdown's `admonition`) and collapsible ones
///   (`??? warning`, `???+ tip`, pymdownx `details`) become the callouts GitHub's alert syntax
///   gives, with their own title and `<details>` when collapsible;
/// - attribute lists (`{: target="_blank"}`, `{ .md-button }`, Python-Markdown's `attr_list`)
///   are dropped, with a warning: the attributes they set are not supported.
///
/// Fenced code is left alone. Source: https://python-markdown.github.io/extensions/admonition/,
/// https://facelessuser.github.io/pymdown-extensions/extensions/details/,
/// https://python-markdown.github.io/extensions/attr_list/
package enum MkDocsMarkdown {
    package struct Result {
        package var text: String
        /// Callout title and collapsibility by the body line (1-based) its block quote starts on.
        package var callouts: [Int: CalloutStyle] = [:]
        package var warnings: [Diagnostic] = []
    }

    /// Converts `body`, whose first line is line `firstLine` of `file`.
    package static func convert(_ body: String, file: String, firstLine: Int) -> Result {
        // Most pages have neither: one pass over the bytes decides.
        guard mayHaveExtensions(body) else { return Result(text: body) }
        var result = Result(text: "")
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let out = convert(lines, offset: 0, into: &result)
        for (i, line) in out.enumerated() {
            let (kept, dropped) = stripAttributeLists(line)
            if !dropped.isEmpty {
                result.warnings.append(Diagnostic(file: file, line: firstLine + i, "attribute list \(dropped.map { "`\($0)`" }.joined(separator: ", ")) dropped: MkDocs's attr_list is not supported here", severity: .warning, rule: "markdown/attribute-list"))
                result.text += kept
            } else {
                result.text += line
            }
            if i < out.count - 1 { result.text += "\n" }
        }
        return result
    }

    /// Whether `text` holds `!!!`, `???` or `{` followed by `:` or `.` (after spaces).
    package static func mayHaveExtensions(_ text: String) -> Bool {
        var run: UInt8 = 0, count = 0, afterBrace = false
        for b in text.utf8 {
            if afterBrace {
                if b == UInt8(ascii: ":") || b == UInt8(ascii: ".") { return true }
                if b != UInt8(ascii: " ") { afterBrace = false }
            }
            if b == UInt8(ascii: "{") { afterBrace = true }
            if b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                count = b == run ? count + 1 : 1
                run = b
                if count == 3 { return true }
            } else {
                run = 0; count = 0
            }
        }
        return false
    }

    /// The admonitions of `lines` (line `offset` of the body is `lines[0]`) as callouts.
    private static func convert(_ lines: [String], offset: Int, into result: inout Result) -> [String] {
        var out: [String] = []
        out.reserveCapacity(lines.count)
        var fence: (char: Character, count: Int)?
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if let f = fenceMarker(line) {
                if let open = fence { if f.char == open.char && f.count >= open.count && f.info.isEmpty { fence = nil } } else { fence = (f.char, f.count) }
                out.append(line); i += 1
                continue
            }
            guard fence == nil, let head = admonition(line) else { out.append(line); i += 1; continue }
            // The body: the following lines indented by four spaces (or a tab), blank lines
            // between them included.
            var end = i + 1, last = i
            while end < lines.count {
                if lines[end].allSatisfy({ $0 == " " || $0 == "\t" }) { end += 1; continue }
                guard lines[end].hasPrefix("    ") || lines[end].hasPrefix("\t") else { break }
                last = end; end += 1
            }
            let body = lines[(i + 1)..<(last + 1)].map { $0.hasPrefix("\t") ? String($0.dropFirst()) : String($0.dropFirst(min(4, $0.prefix { $0 == " " }.count))) }
            result.callouts[offset + i + 1] = CalloutStyle(title: head.title, collapsible: head.collapsible, open: head.open)
            out.append("> [!\(head.kind.rawValue)]")
            for inner in convert(body, offset: offset + i + 1, into: &result) { out.append(inner.isEmpty ? ">" : "> " + inner) }
            i = last + 1
        }
        return out
    }

    package struct Head { let kind: AlertKind; let title: String?; let collapsible: Bool; let open: Bool }

    /// `!!! type "Title"`, `??? type`, `???+ type "Title"` (at most three spaces before).
    package static func admonition(_ line: String) -> Head? {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return nil }
        let collapsible: Bool, open: Bool
        var rest: Substring
        if trimmed.hasPrefix("!!! ") { collapsible = false; open = false; rest = trimmed.dropFirst(4) }
        else if trimmed.hasPrefix("???+ ") { collapsible = true; open = true; rest = trimmed.dropFirst(5) }
        else if trimmed.hasPrefix("??? ") { collapsible = true; open = false; rest = trimmed.dropFirst(4) }
        else { return nil }
        rest = rest.drop { $0 == " " }
        let word = rest.prefix { $0 != " " && $0 != "\"" }
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else { return nil }
        var title: String?
        if let q = rest.firstIndex(of: "\""), let close = rest[rest.index(after: q)...].lastIndex(of: "\"") {
            title = String(rest[rest.index(after: q)..<close])
        }
        return Head(kind: kind(of: word.lowercased()), title: title, collapsible: collapsible, open: open)
    }

    /// MkDocs Material's admonition types on GitHub's five alert kinds.
    package static func kind(of type: String) -> AlertKind {
        switch type {
        case "tip", "hint", "success", "check", "done": return .tip
        case "important": return .important
        case "warning", "attention", "bug": return .warning
        case "caution", "danger", "error", "failure", "fail", "missing": return .caution
        default: return .note  // note, abstract, summary, tldr, info, todo, question, help, faq, example, quote, cite, and others
        }
    }

    /// A code fence line: its character, its length and its info string.
    private static func fenceMarker(_ line: String) -> (char: Character, count: Int, info: Substring)? {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3, let c = trimmed.first, c == "`" || c == "~" else { return nil }
        let run = trimmed.prefix { $0 == c }.count
        guard run >= 3 else { return nil }
        return (c, run, trimmed.dropFirst(run).drop { $0 == " " })
    }

    /// `line` without its attribute lists (`{: …}` anywhere; `{ .class }` right after a link, an
    /// image or at a line's end), and the lists dropped. Code spans are left alone. Hugo's
    /// heading ids (`## Title {#id}`) are not attribute lists here.
    package static func stripAttributeLists(_ line: String) -> (String, [String]) {
        var out = "", dropped: [String] = []
        var inCode = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == "`" { inCode.toggle() }
            if !inCode, c == "{", let close = line[i...].firstIndex(of: "}") {
                let inner = line[line.index(after: i)..<close]
                let body = inner.drop { $0 == " " }
                let afterLink = out.last == ")" || out.last == "]"
                let atEnd = line[line.index(after: close)...].allSatisfy { $0 == " " }
                if body.hasPrefix(":") || (body.hasPrefix(".") && (afterLink || atEnd)) {
                    dropped.append(String(line[i...close]))
                    if atEnd { while out.last == " " { out.removeLast() } }
                    i = line.index(after: close)
                    continue
                }
            }
            out.append(c)
            i = line.index(after: i)
        }
        return (out, dropped)
    }
}
