/// Inline Markdown that translators must not break, as numbered placeholders: code spans,
/// images, autolinks, inline HTML, merge tags (`{{first_name}}`) and footnote references are
/// one placeholder each; a link is a pair around its text (`[` … `](url)`), so the text is
/// translated and the destination kept. Emphasis stays as Markdown (moving `**` is the
/// translator's call). In PO files a placeholder is `{1}`, a pair `{2}…{/2}`; in XLIFF they are
/// `<ph>` and `<pc>` with the Markdown in `<originalData>`.
enum InlineCodes {
    enum Piece: Equatable {
        case text(String)
        case code(id: Int, original: String)
        case open(id: Int, original: String)
        case close(id: Int, original: String)
    }

    /// Pieces of a segment's Markdown; joining the texts and originals gives it back exactly.
    static func tokenize(_ markdown: String) -> [Piece] {
        var next = 1
        return tokenize(Array(markdown), &next)
    }

    private static func tokenize(_ c: [Character], _ next: inout Int) -> [Piece] {
        var out: [Piece] = []
        var text = ""
        func flush() { if !text.isEmpty { out.append(.text(text)); text = "" } }
        func code(_ s: String) { flush(); out.append(.code(id: next, original: s)); next += 1 }
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch == "\\", i + 1 < c.count { text.append(ch); text.append(c[i + 1]); i += 2; continue }
            if ch == "`", let end = codeSpanEnd(c, i) { code(String(c[i..<end])); i = end; continue }
            if ch == "{", let end = braceCode(c, i) { code(String(c[i..<end])); i = end; continue }
            if ch == "<", let end = angleCode(c, i) { code(String(c[i..<end])); i = end; continue }
            if ch == "!", i + 1 < c.count, c[i + 1] == "[", let close = bracketEnd(c, i + 1), let end = destinationEnd(c, close + 1) {
                code(String(c[i..<end])); i = end; continue
            }
            if ch == "[", i + 1 < c.count, c[i + 1] == "^", let close = bracketEnd(c, i) { code(String(c[i...close])); i = close + 1; continue }
            if ch == "[", let close = bracketEnd(c, i), let end = destinationEnd(c, close + 1) ?? referenceEnd(c, close + 1) {
                flush()
                let id = next
                next += 1
                out.append(.open(id: id, original: "["))
                out += tokenize(Array(c[(i + 1)..<close]), &next)
                out.append(.close(id: id, original: String(c[close..<end])))
                i = end
                continue
            }
            text.append(ch)
            i += 1
        }
        flush()
        return out
    }

    /// A backtick run and the next run of the same length close a code span.
    private static func codeSpanEnd(_ c: [Character], _ start: Int) -> Int? {
        var n = 0
        while start + n < c.count, c[start + n] == "`" { n += 1 }
        var i = start + n
        while i < c.count {
            if c[i] == "`" {
                var m = 0
                while i + m < c.count, c[i + m] == "`" { m += 1 }
                if m == n { return i + m }
                i += m
            } else { i += 1 }
        }
        return nil
    }

    /// `{{merge_tag}}`, and a literal `{1}` / `{/1}` (so that placeholders stay unambiguous).
    private static func braceCode(_ c: [Character], _ start: Int) -> Int? {
        if start + 1 < c.count, c[start + 1] == "{" {
            var i = start + 2
            while i + 1 < c.count { if c[i] == "}" && c[i + 1] == "}" { return i + 2 }; i += 1 }
            return nil
        }
        var i = start + 1
        if i < c.count, c[i] == "/" { i += 1 }
        let digits = i
        while i < c.count, c[i].isASCII, c[i].isNumber { i += 1 }
        return i > digits && i < c.count && c[i] == "}" ? i + 1 : nil
    }

    /// An autolink or an inline HTML tag: `<` + a letter, `/`, `!` or `?`, up to `>` on the line.
    private static func angleCode(_ c: [Character], _ start: Int) -> Int? {
        guard start + 1 < c.count, c[start + 1].isLetter || "/!?".contains(c[start + 1]) else { return nil }
        var i = start + 1
        while i < c.count, c[i] != ">", c[i] != "<", c[i] != "\n" { i += 1 }
        return i < c.count && c[i] == ">" ? i + 1 : nil
    }

    /// The `]` matching the `[` at `start` (nested brackets, escapes and code spans skipped).
    private static func bracketEnd(_ c: [Character], _ start: Int) -> Int? {
        var depth = 0, i = start
        while i < c.count {
            switch c[i] {
            case "\\": i += 1
            case "`": if let end = codeSpanEnd(c, i) { i = end - 1 }
            case "[": depth += 1
            case "]": depth -= 1; if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// `(destination "title")` right after a link's text; the index after its `)`.
    private static func destinationEnd(_ c: [Character], _ start: Int) -> Int? {
        guard start < c.count, c[start] == "(" else { return nil }
        var depth = 0, i = start
        while i < c.count {
            switch c[i] {
            case "\\": i += 1
            case "(": depth += 1
            case ")": depth -= 1; if depth == 0 { return i + 1 }
            case "\n": return nil
            default: break
            }
            i += 1
        }
        return nil
    }

    /// `[label]` of a reference link.
    private static func referenceEnd(_ c: [Character], _ start: Int) -> Int? {
        guard start < c.count, c[start] == "[", let end = bracketEnd(c, start) else { return nil }
        return end + 1
    }

    // MARK: PO form

    /// `{1}` for a placeholder, `{2}…{/2}` for a pair.
    static func poText(_ pieces: [Piece]) -> String {
        pieces.map { p -> String in
            switch p {
            case .text(let s): return s
            case .code(let id, _), .open(let id, _): return "{\(id)}"
            case .close(let id, _): return "{/\(id)}"
            }
        }.joined()
    }

    /// Reads a translated PO string back into pieces, placeholders by number.
    static func parsePO(_ text: String) -> [PlaceholderToken] {
        var out: [PlaceholderToken] = []
        var plain = ""
        let c = Array(text)
        var i = 0
        while i < c.count {
            if c[i] == "{" {
                var j = i + 1
                let closing = j < c.count && c[j] == "/"
                if closing { j += 1 }
                let digits = j
                while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 }
                if j > digits, j < c.count, c[j] == "}", let id = Int(String(c[digits..<j])) {
                    if !plain.isEmpty { out.append(.text(plain)); plain = "" }
                    out.append(closing ? .end(id) : .start(id))
                    i = j + 1
                    continue
                }
            }
            plain.append(c[i])
            i += 1
        }
        if !plain.isEmpty { out.append(.text(plain)) }
        return out
    }

    /// A translation as read from a file: text and placeholder references by id. `.start(id)`
    /// is a placeholder or the opening of a pair (the source says which).
    enum PlaceholderToken: Equatable { case text(String), start(Int), end(Int) }

    /// Markdown for a translation: each placeholder replaced by the source's Markdown. Throws a
    /// message when a placeholder is missing, doubled, unknown or a pair is out of order.
    static func markdown(_ tokens: [PlaceholderToken], source: [Piece]) throws(PlaceholderProblem) -> String {
        var codes: [Int: String] = [:], opens: [Int: String] = [:], closes: [Int: String] = [:]
        for p in source {
            switch p {
            case .code(let id, let s): codes[id] = s
            case .open(let id, let s): opens[id] = s
            case .close(let id, let s): closes[id] = s
            case .text: break
            }
        }
        var seen: Set<Int> = [], open: [Int] = []
        var out = ""
        for t in tokens {
            switch t {
            case .text(let s): out += s
            case .start(let id):
                guard !seen.contains(id) else { throw PlaceholderProblem("placeholder \(id) appears twice") }
                seen.insert(id)
                if let s = codes[id] { out += s } else if let s = opens[id] { out += s; open.append(id) } else {
                    throw PlaceholderProblem("placeholder \(id) is not in the source")
                }
            case .end(let id):
                guard open.last == id, let s = closes[id] else { throw PlaceholderProblem("the end of pair \(id) does not follow its start (pairs may nest, not overlap)") }
                open.removeLast()
                out += s
            }
        }
        if let id = open.last { throw PlaceholderProblem("pair \(id) is opened and never closed") }
        let missing = Set(codes.keys).union(opens.keys).subtracting(seen).sorted()
        if !missing.isEmpty {
            let described = missing.map { id in "\(id) (\(codes[id] ?? ((opens[id] ?? "") + "…" + (closes[id] ?? ""))))" }
            throw PlaceholderProblem("placeholder\(missing.count == 1 ? "" : "s") \(described.joined(separator: ", ")) missing: keep every placeholder of the source")
        }
        return out
    }

    struct PlaceholderProblem: Error { let message: String; init(_ m: String) { message = m } }
}
