/// gettext PO files (GNU gettext manual, "The Format of PO Files"): one entry per segment,
/// `msgctxt` = the translation's path and the segment id, the source page and its version in an
/// extracted comment, stale entries `#, fuzzy` with the previous source as `#| msgid`.
/// Written and read here (no PO library exists for Swift on Linux); the tests read what it
/// writes with Python's polib and import what polib saves.
enum POFile {
    static func write(_ doc: ExchangeDocument) -> String {
        var out = """
        # \(doc.targetLanguage) translations exported by `playbook translations --export po`.
        # Translate each msgstr; keep the placeholders {1}, {2}…{/2} (code, links), which stand
        # for Markdown that must not change. Clear "fuzzy" once an entry is reviewed.
        msgid ""
        msgstr ""
        "Project-Id-Version: playbook\\n"
        "Language: \(doc.targetLanguage)\\n"
        "MIME-Version: 1.0\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Content-Transfer-Encoding: 8bit\\n"
        "X-Source-Language: \(doc.sourceLanguage)\\n"

        """
        for page in doc.pages {
            for unit in page.units {
                out += "\n#. \(unit.note)\n#. source: \(page.sourcePath)@\(page.sourceHash)\n"
                out += "#: \(page.sourcePath):\(unit.line)\n"
                if unit.review { out += "#, fuzzy\n" }
                if let previous = unit.previous { out += field("#| msgid", poText(TranslationExchange.tokens(of: previous, like: unit.source))) }
                out += field("msgctxt", "\(page.translationPath)#\(unit.id)")
                out += field("msgid", InlineCodes.poText(unit.source))
                out += field("msgstr", unit.target.map(poText) ?? "")
            }
        }
        return out
    }

    static func poText(_ tokens: [InlineCodes.PlaceholderToken]) -> String {
        tokens.map { t -> String in
            switch t {
            case .text(let s): return s
            case .start(let id): return "{\(id)}"
            case .end(let id): return "{/\(id)}"
            }
        }.joined()
    }

    /// `keyword "…"`, or `keyword ""` and one quoted line per text line when it has several.
    private static func field(_ keyword: String, _ value: String) -> String {
        let prefix = keyword.hasPrefix("#|") ? "#| " : ""
        let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count <= 1 { return "\(keyword) \(quote(value))\n" }
        var out = "\(keyword) \"\"\n"
        for (i, line) in lines.enumerated() where !(i == lines.count - 1 && line.isEmpty) {
            out += prefix + quote(String(line) + (i < lines.count - 1 ? "\n" : "")) + "\n"
        }
        return out
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    // MARK: Reading

    static func read(_ text: String) throws -> ExchangeDocument {
        var doc = ExchangeDocument(sourceLanguage: "", targetLanguage: "", pages: [])
        var entry = RawEntry()
        var current: String?  // the keyword continuation strings belong to
        var lineNumber = 0
        var pageIndex: [String: Int] = [:]

        func finish() throws {
            defer { entry = RawEntry(); current = nil }
            guard let msgid = entry.values["msgid"] else { return }
            if entry.obsolete { return }
            if msgid.isEmpty && entry.values["msgctxt"] == nil {
                for line in (entry.values["msgstr"] ?? "").split(separator: "\n") {
                    if line.hasPrefix("Language:") { doc.targetLanguage = line.dropFirst("Language:".count).trimmingCharacters(in: .whitespaces) }
                    if line.hasPrefix("X-Source-Language:") { doc.sourceLanguage = line.dropFirst("X-Source-Language:".count).trimmingCharacters(in: .whitespaces) }
                }
                return
            }
            guard let context = entry.values["msgctxt"], let hash = context.lastIndex(of: "#") else {
                throw ExchangeFileProblem(line: entry.line, message: "entry without a msgctxt of the form content/<lang>/<path>.md#<segment>; was it made by `playbook translations --export po`?")
            }
            guard let source = entry.source else {
                throw ExchangeFileProblem(line: entry.line, message: "entry without its `#. source: <path>@<version>` comment; export again")
            }
            let path = String(context[..<hash]), id = String(context[context.index(after: hash)...])
            let msgstr = entry.values["msgstr"] ?? ""
            let unit = ExchangeDocument.Unit(id: id, note: "", source: [], target: msgstr.isEmpty ? nil : InlineCodes.parsePO(msgstr),
                                             review: entry.fuzzy, previous: nil, done: !msgstr.isEmpty && !entry.fuzzy, line: entry.line)
            if let i = pageIndex[path] { doc.pages[i].units.append(unit) } else {
                pageIndex[path] = doc.pages.count
                doc.pages.append(.init(translationPath: path, sourcePath: source.path, sourceHash: source.hash, units: [unit]))
            }
        }

        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { try finish(); continue }
            if line.hasPrefix("#~") { entry.obsolete = true; continue }
            if line.hasPrefix("#,") { if line.contains("fuzzy") { entry.fuzzy = true }; continue }
            if line.hasPrefix("#. source: "), let at = line.lastIndex(of: "@") {
                entry.source = (String(line[line.index(line.startIndex, offsetBy: 11)..<at]), String(line[line.index(after: at)...]))
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("\"") {
                guard let key = current else { throw ExchangeFileProblem(line: lineNumber, message: "a quoted string that continues nothing") }
                entry.values[key, default: ""] += try unquote(line, lineNumber)
                continue
            }
            guard let space = line.firstIndex(of: " ") else { throw ExchangeFileProblem(line: lineNumber, message: "not PO syntax: \(line)") }
            let keyword = String(line[..<space])
            guard ["msgctxt", "msgid", "msgstr", "msgid_plural"].contains(keyword) || keyword.hasPrefix("msgstr[") else {
                throw ExchangeFileProblem(line: lineNumber, message: "unknown keyword `\(keyword)`")
            }
            if keyword == "msgctxt" || (keyword == "msgid" && entry.values["msgctxt"] == nil) {
                if entry.values["msgid"] != nil { try finish() }
                if entry.line == 0 { entry.line = lineNumber }
            }
            let key = keyword.hasPrefix("msgstr[") ? "msgstr" : keyword
            entry.values[key] = try unquote(String(line[line.index(after: space)...]).trimmingCharacters(in: .whitespaces), lineNumber)
            current = key
        }
        try finish()
        if doc.targetLanguage.isEmpty { throw ExchangeFileProblem(line: 1, message: "the header has no `Language:`; was it made by `playbook translations --export po`?") }
        return doc
    }

    private struct RawEntry {
        var values: [String: String] = [:]
        var fuzzy = false
        var obsolete = false
        var source: (path: String, hash: String)?
        var line = 0
    }

    private static func unquote(_ s: String, _ line: Int) throws -> String {
        guard s.count >= 2, s.first == "\"", s.last == "\"" else { throw ExchangeFileProblem(line: line, message: "expected a quoted string") }
        var out = ""
        var escape = false
        for ch in s.dropFirst().dropLast() {
            if escape {
                switch ch {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "a": out += "\u{07}"
                case "b": out += "\u{08}"
                case "f": out += "\u{0C}"
                case "v": out += "\u{0B}"
                default: out.append(ch)
                }
                escape = false
            } else if ch == "\\" { escape = true } else { out.append(ch) }
        }
        return out
    }
}
