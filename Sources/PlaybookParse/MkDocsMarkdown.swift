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
        var fence: (char: Character, count: Int)?
        for (i, line) in out.enumerated() {
            // Code is left as written (`f(){a=1}` is no attribute list).
            if let f = fenceMarker(line.hasPrefix("> ") ? String(line.dropFirst(2)) : line) {
                if let open = fence { if f.char == open.char && f.count >= open.count && f.info.isEmpty { fence = nil } } else { fence = (f.char, f.count) }
            }
            if fence == nil, let code = shortcode(line) {
                result.warnings.append(Diagnostic(file: file, line: firstLine + i, "Hugo shortcode `\(code)` is not supported and is shown as text; replace it with Markdown (a callout: `> [!NOTE]`)", severity: .warning, rule: "markdown/shortcode"))
            }
            let (kept, dropped) = fence == nil ? stripAttributeLists(line) : (line, [])
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

    /// Whether `text` holds `!!!`, `???`, `===`, `{` followed by `:`, `.`, `#`, `<` or `%` (after
    /// spaces), or `{` right after a link or an image (`](x){width=450}`).
    /// One tight pass over the bytes that stops only at `{`, `!`, `?` and `=` (this runs on every
    /// page, most of which have none of the extensions).
    package static func mayHaveExtensions(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                if b == UInt8(ascii: "{") {
                    if i > 0, bytes[i - 1] == UInt8(ascii: ")") || bytes[i - 1] == UInt8(ascii: "]") { return true }
                    var j = i + 1
                    while j < n, bytes[j] == UInt8(ascii: " ") { j += 1 }
                    if j < n {
                        switch bytes[j] {
                        case UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "#"), UInt8(ascii: "<"), UInt8(ascii: "%"): return true
                        default: break
                        }
                    }
                } else if b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: "=") {
                    if i + 2 < n, bytes[i + 1] == b, bytes[i + 2] == b { return true }
                }
                i += 1
            }
            return false
        }
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
            if fence == nil, let title = tab(line) {
                // A content tab (pymdownx.tabbed): its title in bold, then its content, one tab
                // after another (every tab's text is shown; there is no tab bar).
                let (body, last) = indentedBody(lines, after: i)
                out.append("**\(title)**")
                out.append(contentsOf: convert(body, offset: offset + i + 1, into: &result))
                i = last + 1
                continue
            }
            guard fence == nil, let head = admonition(line) else { out.append(line); i += 1; continue }
            let (body, last) = indentedBody(lines, after: i)
            result.callouts[offset + i + 1] = CalloutStyle(title: head.title, collapsible: head.collapsible, open: head.open)
            out.append("> [!\(head.kind.rawValue)]")
            for inner in convert(body, offset: offset + i + 1, into: &result) { out.append(inner.isEmpty ? ">" : "> " + inner) }
            i = last + 1
        }
        return out
    }

    /// The body of the block that starts at `lines[start]`: the following lines indented by four
    /// spaces (or a tab), blank lines between them included, without that indent; and the index
    /// of its last line (`start` when it has none).
    private static func indentedBody(_ lines: [String], after start: Int) -> (body: [String], last: Int) {
        var end = start + 1, last = start
        while end < lines.count {
            if lines[end].allSatisfy({ $0 == " " || $0 == "\t" }) { end += 1; continue }
            guard lines[end].hasPrefix("    ") || lines[end].hasPrefix("\t") else { break }
            last = end; end += 1
        }
        let body = lines[(start + 1)..<(last + 1)].map { $0.hasPrefix("\t") ? String($0.dropFirst()) : String($0.dropFirst(min(4, $0.prefix { $0 == " " }.count))) }
        return (body, last)
    }

    /// The title of a content tab's first line, `=== "Title"` or `===! "Title"` / `===+ "Title"`
    /// (pymdownx.tabbed), at the start of the line.
    static func tab(_ line: String) -> String? {
        guard line.hasPrefix("===") else { return nil }
        var rest = line.dropFirst(3)
        if rest.first == "!" || rest.first == "+" { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        guard rest.first == "\"", let close = rest.dropFirst().lastIndex(of: "\""),
              rest[rest.index(after: close)...].allSatisfy({ $0 == " " }) else { return nil }
        return String(rest[rest.index(after: rest.startIndex)..<close])
    }

    /// The first opening Hugo shortcode of `line` outside code spans (`{{< alert >}}`,
    /// `{{% pageinfo %}}`), as written; nil when it has none.
    static func shortcode(_ line: String) -> String? {
        guard line.contains("{{") else { return nil }
        var inCode = false
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == "`" { inCode.toggle() }
            if !inCode, line[i...].hasPrefix("{{") {
                let open = line.index(i, offsetBy: 2)
                let inner = line[open...].drop { $0 == " " }
                // A closing shortcode (`{{% /pageinfo %}}`) is reported with its opening one.
                if let mark = inner.first, mark == "<" || mark == "%", inner.dropFirst().drop(while: { $0 == " " }).first != "/" {
                    let closing = mark == "<" ? ">}}" : "%}}"
                    let end = line[open...].range(of: closing)?.upperBound ?? line.endIndex
                    return String(line[i..<end])
                }
            }
            i = line.index(after: i)
        }
        return nil
    }

    package struct Head { let kind: AlertKind; let title: String?; let collapsible: Bool; let open: Bool }

    /// `!!! type "Title"`, `??? type`, `???+ type "Title"` (at most three spaces before).
    package static func admonition(_ line: String) -> Head? {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return nil }
        let collapsible: Bool, open: Bool
        var rest: Substring
        // The space after the marker is optional (`!!!tip "Title"`), as in Python-Markdown.
        if trimmed.hasPrefix("!!!") { collapsible = false; open = false; rest = trimmed.dropFirst(3) }
        else if trimmed.hasPrefix("???+") { collapsible = true; open = true; rest = trimmed.dropFirst(4) }
        else if trimmed.hasPrefix("???") { collapsible = true; open = false; rest = trimmed.dropFirst(3) }
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

    /// `line` without its attribute lists (`{: …}` anywhere; `{ .class }`, `{width=450}`,
    /// `{#id .class key="v"}` right after a link, an image or at a line's end), and the lists
    /// dropped. Code spans are left alone. Hugo's heading ids (`## Title {#id}`) are not
    /// attribute lists here. The colon is optional, as in Python-Markdown's attr_list.
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
                let headingID = body.hasPrefix("#") && atEnd && line.drop(while: { $0 == " " }).hasPrefix("#")
                if body.hasPrefix(":") || ((afterLink || atEnd) && !headingID && isAttributeList(inner)) {
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

    /// Whether `inner` (between the braces) is a list of attributes: `#id`, `.class` and
    /// `key=value` (value quoted or not), separated by spaces; `{name}` and `${HOME}` are not.
    static func isAttributeList(_ inner: Substring) -> Bool {
        var tokens: [Substring] = []
        var current: Substring.Index?
        var quote: Character?
        for i in inner.indices {
            let c = inner[i]
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c; if current == nil { current = i }; continue }
            if c == " " { if let start = current { tokens.append(inner[start..<i]); current = nil } }
            else if current == nil { current = i }
        }
        if quote != nil { return false }
        if let start = current { tokens.append(inner[start...]) }
        func name(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" } }
        return !tokens.isEmpty && tokens.allSatisfy { t in
            if t.hasPrefix("#") || t.hasPrefix(".") { return name(t.dropFirst()) }
            guard let eq = t.firstIndex(of: "=") else { return false }
            return name(t[..<eq]) && t.index(after: eq) < t.endIndex
        }
    }
}
