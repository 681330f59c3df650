import Foundation
import Yams

package enum YAMLErrors {
    /// libyaml and Yams recurse once per nesting level; a few thousand `[` overflow a worker
    /// thread's stack (found by fuzzing). Real front matter nests a handful of levels.
    package static let maxDepth = 64

    /// An error for YAML that nests deeper than `maxDepth` (brackets or indentation), before
    /// any parser sees it.
    package static func tooDeep(_ text: String, file: String, lineOffset: Int) -> Diagnostic? {
        var depth = 0, line = 1, indent = 0
        var inQuote: UInt8 = 0, inComment = false, atLineStart = true
        for b in text.utf8 {
            if b == 0x0A {
                line += 1; atLineStart = true; indent = 0; inComment = false
                continue
            }
            if atLineStart {
                if b == 0x20 || b == 0x2D || b == 0x3F || b == 0x3A {  // indentation, "- ", "? ", ": "
                    indent += 1
                    if indent > maxDepth * 4 { break }
                    continue
                }
                atLineStart = false
            }
            if inComment { continue }
            if inQuote != 0 { if b == inQuote { inQuote = 0 }; continue }
            switch b {
            case 0x22, 0x27: inQuote = b
            case 0x23: inComment = true
            case 0x5B, 0x7B: depth += 1
            case 0x5D, 0x7D: depth = max(0, depth - 1)
            default: break
            }
            if depth > maxDepth { break }
        }
        guard depth > maxDepth || indent > maxDepth * 4 else { return nil }
        return Diagnostic(file: file, line: line + lineOffset, "YAML nests deeper than \(maxDepth) levels here; flatten it", rule: "yaml/too-deep")
    }

    /// Turns a Yams error into a Diagnostic with the line in the user's file.
    /// `lineOffset` is the number of lines before the YAML text in that file.
    package static func describe(_ error: Error, file: String, lineOffset: Int, yamlLines: Int = Int.max, text: String? = nil) -> Diagnostic {
        // A space that is not one (a no-break space pasted from a word processor) makes libyaml
        // fail a line or more later, with a message about something else: name it where it is.
        if let text, let odd = oddSpace(in: text) {
            return Diagnostic(file: file, line: odd.line + lineOffset, "a \(odd.name) after `\(odd.before)` is not a space to YAML; replace it with an ordinary space", rule: "yaml/syntax")
        }
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                // libyaml often notices a problem only where the broken construct ends (an
                // unclosed `[` at the end of the text); its context points to where it began.
                // Where libyaml gave up is the right line, unless that is the end of the text
                // (an unclosed `[`): then where the broken construct began is more useful.
                guard let context, mark.line > yamlLines else {
                    return Diagnostic(file: file, line: mark.line + lineOffset, "invalid YAML: \(problem) (column \(mark.column)); check quoting and indentation", rule: "yaml/syntax")
                }
                return Diagnostic(file: file, line: context.mark.line + lineOffset, "invalid YAML: \(problem) \(context.text) that starts here (column \(context.mark.column)) and is never finished; check brackets, quotes and indentation", rule: "yaml/syntax")
            case .reader(let problem, _, _, _):
                return Diagnostic(file: file, line: lineOffset + 1, "unreadable YAML: \(problem); save the file as UTF-8", rule: "yaml/encoding")
            default:
                return Diagnostic(file: file, line: lineOffset + 1, "invalid YAML: \(yamlError)", rule: "yaml/syntax")
            }
        }
        return Diagnostic(file: file, line: lineOffset + 1, "invalid YAML: \(error)", rule: "yaml/syntax")
    }

    /// Characters that look like a space but are not one to YAML.
    package static let oddSpaces: [Character: String] = [
        "\u{00A0}": "no-break space (U+00A0)", "\u{2007}": "figure space (U+2007)", "\u{202F}": "narrow no-break space (U+202F)",
        "\u{3000}": "ideographic space (U+3000)", "\u{200B}": "zero-width space (U+200B)", "\u{FEFF}": "zero-width no-break space (U+FEFF)",
    ]

    /// The first line (1-based) of `text` with an odd space outside quotes, what it is, and
    /// the text before it on that line.
    package static func oddSpace(in text: String) -> (line: Int, name: String, before: String)? {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character?
            for (j, c) in line.enumerated() {
                if c == "#" && quote == nil { break }
                if c == "\"" || c == "'" { quote = quote == nil ? c : (quote == c ? nil : quote) }
                if quote == nil, let name = oddSpaces[c] {
                    return (i + 1, name, String(line.prefix(j)).trimmingCharacters(in: .whitespaces))
                }
            }
        }
        return nil
    }
}
