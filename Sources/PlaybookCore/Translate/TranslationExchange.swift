import Foundation
import PlaybookAssemble
import PlaybookLoad
import PlaybookModel
import PlaybookParse
import PlaybookRender

/// The file formats translation tools read: XLIFF 2.1 (memoQ, Trados, Crowdin, Weblate) and
/// gettext PO (Poedit, Weblate, Crowdin).
public enum ExchangeFormat: String, Sendable, CaseIterable { case xliff, po }

/// What an exchange file holds, whatever its format.
struct ExchangeDocument {
    struct Unit {
        /// Segment id: "title", "s3" …
        let id: String
        /// For people: kind, line and heading ("paragraph, line 12, under “Stop the send”").
        var note: String
        var source: [InlineCodes.Piece]
        /// The translation as placeholder tokens; nil when none.
        var target: [InlineCodes.PlaceholderToken]?
        /// Needs review (stale or untracked: the target is the old translation).
        var review: Bool
        /// The source text the old translation was made from, when known.
        var previous: String?
        /// Import: a finished translation (PO: not fuzzy; XLIFF: state translated or later).
        var done: Bool
        /// Import: where the unit is in the exchange file.
        var line: Int
    }

    struct Page {
        /// "content/pl/playbook/x.md"
        let translationPath: String
        /// "content/en/playbook/x.md"
        let sourcePath: String
        let sourceHash: String
        var units: [Unit]
    }

    var sourceLanguage: String
    var targetLanguage: String
    var pages: [Page]
}

/// `playbook translations --export` and `--import`.
public enum TranslationExchange {
    /// The untranslated and stale segments of `lang`'s pages (all pages, or those under
    /// `paths`, given as source pages, translations or folders) in `format`. Returns the file's
    /// text and a one-line summary for the terminal.
    public static func export(source root: String, lang: String, paths: [String], format: ExchangeFormat) throws -> (String, String) {
        let context = try Context(root: root, lang: lang)
        var doc = ExchangeDocument(sourceLanguage: context.sourceLanguage, targetLanguage: lang, pages: [])
        var notes: [String] = []
        for (original, translation) in try context.pairs(paths) {
            let plan = try context.plan(original: original, translation: translation)
            let units = plan.exported.map { seg, target, previous in
                ExchangeDocument.Unit(id: seg.id, note: Self.describe(seg), source: InlineCodes.tokenize(seg.text),
                                      target: target.map { Self.tokens(of: $0, like: InlineCodes.tokenize(seg.text)) },
                                      review: target != nil, previous: previous, done: false, line: seg.line)
            }
            guard !units.isEmpty else { continue }
            if let w = plan.warning { notes.append("content/\(context.targetPath(original)): \(w)") }
            doc.pages.append(.init(translationPath: ContentPath(context.targetPath(original)).shown, sourcePath: ContentPath(original.file.path).shown,
                                   sourceHash: original.sourceHash, units: units))
        }
        let text = format == .po ? POFile.write(doc) : XLIFFFile.write(doc)
        let count = doc.pages.reduce(0) { $0 + $1.units.count }
        let summary = (["exported \(count) segment\(count == 1 ? "" : "s") of \(doc.pages.count) page\(doc.pages.count == 1 ? "" : "s") for \(lang) (\(format.rawValue))"] + notes).joined(separator: "\n")
        return (text, summary)
    }

    /// Writes the translations in `file` (made by `export`, then translated) into
    /// `content/<lang>/`, with `source_hash` and `source_segments` set. All-or-nothing: every
    /// page is checked first (its source unchanged since the export, every unit translated,
    /// every placeholder kept); returns the paths written, or throws BuildFailure listing
    /// every problem, with nothing written.
    public static func importFile(source root: String, file: String) throws -> [String] {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(file) } catch {
            throw BuildFailure([Diagnostic(file: file, "cannot be read: \(error)", rule: "translation/import")])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let doc: ExchangeDocument
        do {
            doc = text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<") ? try XLIFFFile.read(text) : try POFile.read(text)
        } catch let problem as ExchangeFileProblem {
            throw BuildFailure([Diagnostic(file: file, line: problem.line, problem.message, rule: "translation/import")])
        }
        let context = try Context(root: root, lang: doc.targetLanguage)
        var diagnostics: [Diagnostic] = []
        var batch = FileBatch()
        var written: [String] = []
        for page in doc.pages {
            func problem(_ line: Int?, _ message: String) {
                diagnostics.append(Diagnostic(file: file, line: line, "\(page.translationPath): \(message)", rule: "translation/import"))
            }
            let sourceRelative = Translations.contentRelative(page.sourcePath)
            guard let original = context.heads[sourceRelative], original.file.lang == context.sourceLanguage else {
                problem(page.units.first?.line, "its source \(page.sourcePath) is not a page of this site"); continue
            }
            guard original.sourceHash == page.sourceHash else {
                problem(page.units.first?.line, "made from an older version of \(page.sourcePath) (it has changed since the export); export again and carry the translations over")
                continue
            }
            let targetRelative = context.targetPath(original)
            let plan = try context.plan(original: original, translation: context.heads[targetRelative])
            let expected = Dictionary(plan.exported.map { ($0.segment.id, $0.segment) }, uniquingKeysWith: { a, _ in a })
            var translated: [String: String] = [:]
            for unit in page.units {
                guard let seg = expected[unit.id] else { problem(unit.line, "unit \(unit.id) is not a segment to translate now; export again"); continue }
                guard unit.done, let target = unit.target, !target.isEmpty else {
                    problem(unit.line, "unit \(unit.id) (\(describe(seg))) is not translated, or is still marked for review (fuzzy / state initial)"); continue
                }
                do { translated[unit.id] = try InlineCodes.markdown(target, source: InlineCodes.tokenize(seg.text)) } catch {
                    problem(unit.line, "unit \(unit.id): \(error.message)")
                }
            }
            let given = Set(page.units.map(\.id))
            let missing = expected.keys.filter { !given.contains($0) }.sorted()
            if !missing.isEmpty { problem(page.units.first?.line, "units \(missing.joined(separator: ", ")) are missing from the file; export again") }
            batch.add(context.contentRoot + "/" + targetRelative, plan.render(translated: translated, sourceHash: original.sourceHash))
            written.append(ContentPath(targetRelative).shown)
        }
        if !diagnostics.isEmpty { throw BuildFailure(diagnostics) }
        try batch.commit()
        return written
    }

    /// "paragraph, line 12, under “Stop the send”".
    static func describe(_ seg: PageSegments.Segment) -> String {
        if seg.kind == "field" { return "front matter `\(seg.id)`, line \(seg.line)" }
        return "\(seg.kind), line \(seg.line)" + (seg.heading.map { ", under “\($0)”" } ?? "")
    }

    /// The current translation as placeholder tokens: its inline codes that are also in the
    /// source take the source's numbers; others stay as text.
    static func tokens(of translation: String, like source: [InlineCodes.Piece]) -> [InlineCodes.PlaceholderToken] {
        var available: [(String, Int, Bool)] = []  // original, id, is a pair's start
        var closes: [Int: String] = [:]
        for p in source {
            switch p {
            case .code(let id, let s): available.append((s, id, false))
            case .open(let id, let s): available.append((s, id, true))
            case .close(let id, let s): closes[id] = s
            case .text: break
            }
        }
        var used: Set<Int> = []
        var out: [InlineCodes.PlaceholderToken] = []
        var pairs: [Int: Int] = [:]  // translation's pair id → source id
        for p in InlineCodes.tokenize(translation) {
            switch p {
            case .text(let s): out.append(.text(s))
            case .code(_, let s):
                if let hit = available.first(where: { $0.0 == s && !$0.2 && !used.contains($0.1) }) { used.insert(hit.1); out.append(.start(hit.1)) } else { out.append(.text(s)) }
            case .open(let id, let s):
                if let hit = available.first(where: { $0.0 == s && $0.2 && !used.contains($0.1) }) { used.insert(hit.1); pairs[id] = hit.1; out.append(.start(hit.1)) } else { out.append(.text(s)) }
            case .close(let id, let s):
                if let sourceID = pairs[id], closes[sourceID] == s { out.append(.end(sourceID)) } else {
                    // The destination changed: the source's pair keeps the source's destination.
                    if let sourceID = pairs[id] { out.append(.end(sourceID)) } else { out.append(.text(s)) }
                }
            }
        }
        return out
    }

    /// The loaded tree, for one target language.
    struct Context {
        let heads: [String: PageParser.Head]
        let sourceLanguage: String
        let lang: String
        let contentRoot: String
        let versions: SourceVersions
        private let originals: [PageParser.Head]
        private let byKey: [String: PageParser.Head]

        init(root: String, lang: String) throws {
            let tree = try SourceTree.load(root: root)
            guard tree.config.language(lang) != nil, lang != tree.config.sourceLanguage else {
                throw BuildFailure([Diagnostic(file: "playbook.yml", "`\(lang)` is not a language to translate into (\(tree.config.languages.map(\.code).filter { $0 != tree.config.sourceLanguage }.joined(separator: ", ")))", rule: "translation/export")])
            }
            let strings = try StringsLoader.load(theme: tree.theme, config: tree.config)
            let (heads, errors) = PageParser(config: tree.config, edition: .internal, strings: strings).heads(tree.content)
            if !errors.isEmpty { throw BuildFailure(Builder.sorted(errors)) }
            self.heads = Dictionary(heads.map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })
            sourceLanguage = tree.config.sourceLanguage
            self.lang = lang
            contentRoot = tree.contentRoot
            versions = SourceVersions(root: root)
            originals = heads.filter { $0.file.lang == tree.config.sourceLanguage && !$0.meta.draft }.sorted { $0.file.path < $1.file.path }
            byKey = Dictionary(heads.filter { $0.file.lang == lang }.map { ($0.translationKey, $0) }, uniquingKeysWith: { a, _ in a })
        }

        /// Where the translation of `original` is (or would be), below content/.
        func targetPath(_ original: PageParser.Head) -> String {
            byKey[original.translationKey]?.file.path ?? ContentPath(original.file.path).inLanguage(lang).path
        }

        /// Source pages (with their translations) selected by `paths`: source pages,
        /// translations or folders of either; all when empty.
        func pairs(_ paths: [String]) throws -> [(PageParser.Head, PageParser.Head?)] {
            var selected = originals
            if !paths.isEmpty {
                var diagnostics: [Diagnostic] = []
                var keep: Set<String> = []
                for path in paths {
                    let r = Translations.contentRelative(path)
                    let folder = r.hasSuffix("/") ? r : r + "/"
                    let hits = originals.filter { o in
                        let t = targetPath(o)
                        return o.file.path == r || t == r || o.file.path.hasPrefix(folder) || t.hasPrefix(folder)
                    }
                    if hits.isEmpty { diagnostics.append(Diagnostic(file: path, "is no \(sourceLanguage) page, \(lang) translation or folder of them", rule: "translation/export")) }
                    keep.formUnion(hits.map(\.file.path))
                }
                if !diagnostics.isEmpty { throw BuildFailure(diagnostics) }
                selected = originals.filter { keep.contains($0.file.path) }
            }
            return selected.map { ($0, heads[targetPath($0)]) }
        }

        func plan(original: PageParser.Head, translation: PageParser.Head?) throws -> PagePlan {
            let source: PageSegments, current: PageSegments?
            do {
                source = try PageSegments(text: original.text)
                current = try translation.map { try PageSegments(text: $0.text) }
            } catch {
                throw BuildFailure([Diagnostic(file: ContentPath((translation ?? original).file.path).shown, "front matter is never closed", rule: "translation/export")])
            }
            var old: PageSegments?
            if let hash = translation?.meta.sourceHash, hash != original.sourceHash,
               case .found(let text, _, _) = versions.find(path: original.file.path, hash: hash) {
                old = try? PageSegments(text: text)
            }
            return PagePlan(source: source, translation: current, recordedHash: translation?.meta.sourceHash, sourceHash: original.sourceHash,
                            recordedSegments: PageSegments.parseRecord(translation?.meta.fields["source_segments"]?.string), oldSource: old)
        }
    }
}

/// A malformed exchange file: what and where.
struct ExchangeFileProblem: Error {
    let line: Int?
    let message: String
}
