import PlaybookAssemble

/// For one page and one target language: which source segments a translator must work on and
/// which keep the text the translation already has. Export and import make the same plan from
/// the same files, so an import knows exactly which units to expect.
struct PagePlan {
    enum Step {
        /// Code and HTML blocks: the source's bytes.
        case source
        /// The translation's current text of this segment (unchanged source).
        case keep(String)
        /// To translate: `target` is the current translation to review (stale or untracked),
        /// `previous` the source text it was made from, when known.
        case export(target: String?, previous: String?)
    }

    let source: PageSegments
    let translation: PageSegments?
    /// Per source segment.
    let steps: [Step]
    /// Why the current translation is not offered segment by segment, if it is not.
    let warning: String?

    var exported: [(segment: PageSegments.Segment, target: String?, previous: String?)] {
        zip(source.segments, steps).compactMap { seg, step in
            if case .export(let t, let p) = step { return (seg, t, p) } else { return nil }
        }
    }

    /// `recordedHash`/`recordedSegments`: what the translation records; `oldSource`: the text of
    /// that version when git has it.
    init(source: PageSegments, translation: PageSegments?, recordedHash: String?, sourceHash: String,
         recordedSegments: [String]?, oldSource: PageSegments?) {
        self.source = source
        self.translation = translation
        var warning: String?
        let news = source.segments
        guard let translation else {
            steps = news.map { $0.translatable ? .export(target: nil, previous: nil) : .source }
            self.warning = nil
            return
        }
        let tFields = Dictionary(translation.segments.filter { $0.kind == "field" }.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        let tBody = translation.segments.filter { $0.kind != "field" }
        let newBody = news.filter { $0.kind != "field" }
        if recordedHash == sourceHash {
            // Current: everything is kept (nothing to export unless the structures differ).
            if tBody.map(\.kind) == newBody.map(\.kind) {
                var b = 0
                steps = news.map { s in
                    if !s.translatable { b += 1; return .source }
                    if s.kind == "field" { return tFields[s.id].map { .keep($0) } ?? .export(target: nil, previous: nil) }
                    defer { b += 1 }
                    return .keep(tBody[b].text)
                }
                self.warning = nil
                return
            }
        }
        // The old source's tokens (fields as `key:hash`) and, with git, its texts.
        let oldTokens = oldSource?.hashes ?? recordedSegments
        let oldBodyCount = oldTokens?.filter { !$0.contains(":") }.count
        if let oldTokens, oldBodyCount == tBody.count, oldSource.map({ $0.segments.filter { $0.kind != "field" }.map(\.kind) == tBody.map(\.kind) }) ?? true {
            let diff = SegmentDiff(old: oldTokens, new: source.hashes, oldKinds: oldSource?.segments.map(\.kind) ?? oldTokens.map { _ in "" },
                                   newKinds: oldSource == nil ? news.map { _ in "" } : news.map(\.kind))
            // Old token index → translation text (fields by key, body by position).
            var bodyIndex = 0
            var tText: [Int: String] = [:]
            for (i, token) in oldTokens.enumerated() {
                if let colon = token.firstIndex(of: ":") { tText[i] = tFields[String(token[..<colon])] } else { tText[i] = tBody[bodyIndex].text; bodyIndex += 1 }
            }
            var steps = news.map { $0.translatable ? Step.export(target: nil, previous: nil) : .source }
            for change in diff.changes {
                switch change {
                case .same(let o, let n) where news[n].translatable:
                    steps[n] = tText[o].map { .keep($0) } ?? .export(target: nil, previous: nil)
                case .changed(let o, let n) where news[n].translatable:
                    steps[n] = .export(target: tText[o], previous: oldSource?.segments[o].text)
                default: break
                }
            }
            self.steps = steps
        } else if tBody.map(\.kind) == newBody.map(\.kind) {
            // Untracked, or the old version is unknown: offer the translation of every segment for review.
            var b = 0
            steps = news.map { s in
                if s.kind == "field" { return .export(target: tFields[s.id], previous: nil) }
                defer { b += 1 }
                return s.translatable ? .export(target: tBody[b].text, previous: nil) : .source
            }
        } else {
            warning = "its blocks do not line up with its source's, so its current text is not offered; the import rewrites it in the source's structure"
            steps = news.map { s in s.translatable ? .export(target: s.kind == "field" ? tFields[s.id] : nil, previous: nil) : .source }
        }
        self.warning = warning
    }

    /// The translated file: the source's body with each segment replaced by its translation
    /// (`translated`: segment id → Markdown, for the exported ones), front matter fields set,
    /// `source_hash` and `source_segments` recorded. `existing`: the translation's text, whose
    /// other front matter lines are kept.
    func render(translated: [String: String], sourceHash: String) -> String {
        var fields: [(key: String, yaml: String)] = []
        var body = Array(source.body.utf8)
        var replacements: [(Range<Int>, String)] = []
        for (seg, step) in zip(source.segments, steps) {
            let text: String
            switch step {
            case .source: continue
            case .keep(let t): text = t
            case .export: text = translated[seg.id] ?? seg.text
            }
            if seg.kind == "field" {
                if case .keep = step, translation != nil { continue }  // already in the file
                fields.append((seg.id, FrontMatterEdit.quoted(text)))
            } else if let range = seg.range {
                replacements.append((range, Self.blockText(text, kind: seg.kind, continuation: seg.continuation)))
            }
        }
        for (range, text) in replacements.reversed() { body.replaceSubrange(range, with: Array(text.utf8)) }
        fields.append(("source_hash", FrontMatterEdit.quoted(sourceHash)))
        fields.append(("source_segments", FrontMatterEdit.quoted(source.record)))
        let bodyText = String(decoding: body, as: UTF8.self)
        guard let translation else { return FrontMatterEdit.set(fields, in: bodyText) }
        // Keep the translation's own front matter lines; replace its body.
        let head = String(translation.text.utf8.dropLast(translation.body.utf8.count))!
        return FrontMatterEdit.set(fields, in: head.isEmpty ? bodyText : head + bodyText)
    }

    /// A translation put where its source segment was: continuation lines get the source's
    /// prefix; headings and table cells stay on one line (and cells escape `|`).
    static func blockText(_ text: String, kind: String, continuation: String) -> String {
        switch kind {
        case "heading": return text.replacingOccurrences(of: "\n", with: " ")
        case "cell":
            var out = ""
            var escaped = false
            for ch in text.replacingOccurrences(of: "\n", with: " ") {
                if ch == "|" && !escaped { out += "\\|" } else { out.append(ch) }
                escaped = ch == "\\" && !escaped
            }
            return out
        default: return text.replacingOccurrences(of: "\n", with: "\n" + continuation)
        }
    }
}
