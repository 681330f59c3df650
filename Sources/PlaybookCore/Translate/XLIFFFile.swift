import Foundation
#if canImport(FoundationXML)
import FoundationXML
import Escaping
#endif

/// XLIFF 2.1 core (OASIS, urn:oasis:names:tc:xliff:document:2.0): a `<file>` per page
/// (`original` = the translation's path, notes with the source page and its version), a
/// `<unit>` per segment, inline Markdown as `<ph>` / `<pc>` with the Markdown in
/// `<originalData>`. Stale units carry the old translation with `state="initial"`; a unit
/// counts as translated when a tool has set its state to translated, reviewed or final.
/// Written here (small, tested against the OASIS schema); read with Foundation's XMLParser.
enum XLIFFFile {
    static func write(_ doc: ExchangeDocument) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"\(attr(doc.sourceLanguage))\" trgLang=\"\(attr(doc.targetLanguage))\" xml:space=\"preserve\">\n"
        for (n, page) in doc.pages.enumerated() {
            out += "<file id=\"f\(n + 1)\" original=\"\(attr(page.translationPath))\">\n"
            out += "<notes><note category=\"source\">\(text(page.sourcePath))</note><note category=\"source_hash\">\(text(page.sourceHash))</note></notes>\n"
            for unit in page.units {
                out += "<unit id=\"\(attr(unit.id))\">\n<notes><note category=\"location\">\(text(unit.note))</note>"
                if let previous = unit.previous { out += "<note category=\"previous-source\">\(text(previous))</note>" }
                out += "</notes>\n"
                let data = originalData(unit.source)
                if !data.isEmpty { out += "<originalData>" + data + "</originalData>\n" }
                out += "<segment state=\"initial\">\n<source>\(inline(unit.source))</source>\n"
                if let target = unit.target { out += "<target>\(inline(target, source: unit.source))</target>\n" }
                out += "</segment>\n</unit>\n"
            }
            out += "</file>\n"
        }
        return out + "</xliff>\n"
    }

    private static func originalData(_ pieces: [InlineCodes.Piece]) -> String {
        pieces.map { p -> String in
            switch p {
            case .text: return ""
            case .code(let id, let s): return "<data id=\"d\(id)\">\(text(s))</data>"
            case .open(let id, let s): return "<data id=\"d\(id)s\">\(text(s))</data>"
            case .close(let id, let s): return "<data id=\"d\(id)e\">\(text(s))</data>"
            }
        }.joined()
    }

    private static func inline(_ pieces: [InlineCodes.Piece]) -> String {
        pieces.map { p -> String in
            switch p {
            case .text(let s): return text(s)
            case .code(let id, let s): return "<ph id=\"\(id)\" dataRef=\"d\(id)\" disp=\"\(attr(s))\"/>"
            case .open(let id, _): return "<pc id=\"\(id)\" dataRefStart=\"d\(id)s\" dataRefEnd=\"d\(id)e\" type=\"link\">"
            case .close: return "</pc>"
            }
        }.joined()
    }

    /// A translation's tokens: `.start` is a `<ph>` or a `<pc>` as the source has it.
    private static func inline(_ tokens: [InlineCodes.PlaceholderToken], source: [InlineCodes.Piece]) -> String {
        var pairs: Set<Int> = []
        var codes: [Int: String] = [:]
        for p in source {
            if case .open(let id, _) = p { pairs.insert(id) }
            if case .code(let id, let s) = p { codes[id] = s }
        }
        return tokens.map { t -> String in
            switch t {
            case .text(let s): return text(s)
            case .start(let id):
                return pairs.contains(id) ? "<pc id=\"\(id)\" dataRefStart=\"d\(id)s\" dataRefEnd=\"d\(id)e\" type=\"link\">"
                    : "<ph id=\"\(id)\" dataRef=\"d\(id)\" disp=\"\(attr(codes[id] ?? ""))\"/>"
            case .end: return "</pc>"
            }
        }.joined()
    }

    /// Character data: `& < >` escaped; characters XML 1.0 cannot carry become `<cp>`.
    static func text(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "\r" || !HTMLEscape.isXMLChar($0) }) else { return HTMLEscape.escape(s, quotes: false) }
        var out = "", run = ""
        for ch in s.unicodeScalars {
            if ch != "\r" && HTMLEscape.isXMLChar(ch) { run.unicodeScalars.append(ch); continue }
            out += HTMLEscape.escape(run, quotes: false)
            run = ""
            out += ch == "\r" ? "&#13;" : "<cp hex=\"\(String(format: "%04X", ch.value))\"/>"
        }
        return out + HTMLEscape.escape(run, quotes: false)
    }

    static func attr(_ s: String) -> String {
        text(s).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\t", with: "&#9;")
    }

    // MARK: Reading

    static func read(_ text: String) throws -> ExchangeDocument {
        let reader = Reader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        if !parser.parse() {
            throw ExchangeFileProblem(line: parser.lineNumber, message: "not well-formed XML: \(parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error")")
        }
        if let problem = reader.problem { throw problem }
        return reader.doc
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var doc = ExchangeDocument(sourceLanguage: "", targetLanguage: "", pages: [])
        var problem: ExchangeFileProblem?
        private var path = "", source = "", sourceHash = ""
        private var units: [ExchangeDocument.Unit] = []
        private var unitID = "", unitLine = 0, state = "initial"
        private var target: [InlineCodes.PlaceholderToken]?
        private var inTarget = false
        private var pcStack: [Int] = []
        private var noteCategory: String?
        private var noteText = ""
        private var depthInUnit = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "xliff":
                guard namespaceURI == "urn:oasis:names:tc:xliff:document:2.0" else {
                    problem = ExchangeFileProblem(line: parser.lineNumber, message: "not an XLIFF 2 file (namespace \(namespaceURI ?? "none"))"); parser.abortParsing(); return
                }
                doc.sourceLanguage = attributes["srcLang"] ?? ""
                doc.targetLanguage = attributes["trgLang"] ?? ""
            case "file":
                path = attributes["original"] ?? ""; source = ""; sourceHash = ""; units = []
            case "unit":
                unitID = attributes["id"] ?? ""; unitLine = parser.lineNumber; state = "initial"; target = nil; depthInUnit = true
            case "segment":
                state = attributes["state"] ?? "initial"
            case "note":
                noteCategory = attributes["category"]; noteText = ""
            case "target":
                inTarget = true; target = []; pcStack = []
            case "ph" where inTarget:
                if let id = attributes["id"].flatMap(Int.init) { target?.append(.start(id)) }
            case "pc" where inTarget:
                let id = attributes["id"].flatMap(Int.init) ?? -1
                pcStack.append(id)
                target?.append(.start(id))
            case "cp" where inTarget:
                if let hex = attributes["hex"].flatMap({ UInt32($0, radix: 16) }), let scalar = Unicode.Scalar(hex) { appendText(String(Character(scalar))) }
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "note":
                if !depthInUnit, noteCategory == "source" { source = noteText }
                if !depthInUnit, noteCategory == "source_hash" { sourceHash = noteText }
                noteCategory = nil
            case "pc" where inTarget:
                if let id = pcStack.popLast() { target?.append(.end(id)) }
            case "target": inTarget = false
            case "unit":
                let done = (target.map { !$0.isEmpty } ?? false) && ["translated", "reviewed", "final"].contains(state)
                units.append(.init(id: unitID, note: "", source: [], target: target, review: !done, previous: nil, done: done, line: unitLine))
                depthInUnit = false
            case "file":
                if source.isEmpty || sourceHash.isEmpty {
                    problem = ExchangeFileProblem(line: parser.lineNumber, message: "file \(path) has no source or source_hash note; was it made by `playbook translations --export xliff`?")
                    parser.abortParsing(); return
                }
                doc.pages.append(.init(translationPath: path, sourcePath: source, sourceHash: sourceHash, units: units))
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if noteCategory != nil { noteText += string }
            if inTarget { appendText(string) }
        }

        private func appendText(_ s: String) {
            if case .text(let t)? = target?.last { target![target!.count - 1] = .text(t + s) } else { target?.append(.text(s)) }
        }
    }
}
