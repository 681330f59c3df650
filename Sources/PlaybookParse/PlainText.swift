/// Markdown → the plain-text version of an email: one line per paragraph (mail clients wrap),
/// list items on their own lines, emphasis marks dropped, links as "text (url)".
package enum PlainText {
    package static func fromMarkdown(_ markdown: String) -> String {
        var blocks: [String] = []
        var current: [String] = []
        func flush() {
            if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
            current = []
        }
        var paragraph = ""
        func endLine() {
            if !paragraph.isEmpty { current.append(inline(paragraph)) }
            paragraph = ""
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { endLine(); flush(); continue }
            if line.hasPrefix("#") {
                endLine(); flush()
                current.append(inline(String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)))
                flush()
                continue
            }
            if isListItem(line) || line.hasPrefix(">") {
                endLine()
                paragraph = line.hasPrefix(">") ? String(line.dropFirst()).trimmingCharacters(in: .whitespaces) : bulletNormalized(line)
                continue
            }
            paragraph = paragraph.isEmpty ? line : paragraph + " " + line
        }
        endLine(); flush()
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private static func isListItem(_ line: String) -> Bool {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return true }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 10 else { return false }
        let rest = line.dropFirst(digits.count)
        return rest.hasPrefix(". ") || rest.hasPrefix(") ")
    }

    private static func bulletNormalized(_ line: String) -> String {
        if line.hasPrefix("* ") || line.hasPrefix("+ ") { return "- " + line.dropFirst(2) }
        return line
    }

    /// Inline Markdown → text.
    package static func inline(_ s: String) -> String {
        var out = ""
        var chars = Array(s)[...]
        while let c = chars.first {
            if c == "\\", chars.count > 1, let next = chars.dropFirst().first, next.isPunctuation || next.isSymbol {
                out.append(next); chars = chars.dropFirst(2); continue
            }
            if c == "[", let close = matching(chars, open: "[", close: "]"), chars.index(after: close) < chars.endIndex, chars[chars.index(after: close)] == "(",
               let end = chars[chars.index(after: close)...].firstIndex(of: ")") {
                let text = inline(String(chars[chars.index(after: chars.startIndex)..<close]))
                var url = String(chars[chars.index(close, offsetBy: 2)..<end]).trimmingCharacters(in: .whitespaces)
                if let space = url.firstIndex(of: " ") { url = String(url[..<space]) }
                out += text == url || url.isEmpty ? text : "\(text) (\(url))"
                chars = chars[chars.index(after: end)...]
                continue
            }
            if c == "*" || c == "_" || c == "`" || c == "~" {
                // Emphasis, code and strikethrough marks; a lone `_` inside a word stays.
                let prev = out.last
                let next = chars.dropFirst().first
                if c == "_", let p = prev, let n = next, p.isLetter || p.isNumber, n.isLetter || n.isNumber { out.append(c) }
                chars = chars.dropFirst()
                continue
            }
            out.append(c)
            chars = chars.dropFirst()
        }
        return out
    }

    private static func matching(_ chars: ArraySlice<Character>, open: Character, close: Character) -> Int? {
        var depth = 0
        for i in chars.indices {
            if chars[i] == open { depth += 1 } else if chars[i] == close { depth -= 1; if depth == 0 { return i } }
        }
        return nil
    }
}
