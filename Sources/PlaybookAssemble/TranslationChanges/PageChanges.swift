/// What changed in a stale translation's source since the version it was translated from:
/// counts per segment and, when git has that version, the changed blocks with the words marked.
public struct PageChanges: Sendable, Equatable {
    public enum Kind: String, Sendable { case changed, added, removed }

    /// One changed block, for people: where it is and its words, marked.
    public struct Block: Sendable, Equatable {
        public let kind: Kind
        /// "paragraph", "heading", "item", "cell", "code", "html" or "field".
        public let segmentKind: String
        /// Segment id in the current source ("s3", "title"); the old one for removed blocks.
        public let id: String
        /// 1-based line in the current source (in the old version for removed blocks).
        public let line: Int
        /// The heading the block sits under, if any.
        public let heading: String?
        public let pieces: [WordDiff.Piece]
    }

    /// Segments of the current source.
    public let total: Int
    /// False when neither git nor the translation's `source_segments` tell the old version:
    /// then the counts below are not known (zero).
    public var countsKnown: Bool = true
    public let changed: Int
    public let added: Int
    public let removed: Int
    /// Headings of the current source under which something changed or was added, in order.
    public let sections: [String]
    /// Front matter fields that changed ("title").
    public let fields: [String]
    /// The blocks, when the old text is known; empty otherwise.
    public let blocks: [Block]
    /// The commit the translation was made from (short id and date), when found.
    public let basedOn: String?
    /// Why the changed words cannot be shown (no git, shallow clone, edited outside git).
    public let unavailable: String?

    /// "3 of 41 segments changed, 1 added, 1 removed"; nil when the counts are not known.
    public var knownSummary: String? { countsKnown ? summary : nil }

    /// "3 of 41 segments changed, 1 added, 1 removed".
    public var summary: String {
        var parts = ["\(changed) of \(total) segments changed"]
        if added > 0 { parts.append("\(added) added") }
        if removed > 0 { parts.append("\(removed) removed") }
        return parts.joined(separator: ", ")
    }
}

extension PageChanges {
    /// The changes for a translation whose recorded source is `recorded` (its `source_hash`)
    /// and `recordedSegments` (its `source_segments`), against the source's current text.
    /// nil when neither the history nor the record says anything about the old version.
    package static func compute(sourcePath: String, sourceText: String, recorded: String?, recordedSegments: [String]?,
                        versions: SourceVersions?) -> PageChanges? {
        guard let current = try? PageSegments(text: sourceText) else { return nil }
        var unavailable: String?
        var old: PageSegments?
        var basedOn: String?
        if let recorded, let versions {
            switch versions.find(path: sourcePath, hash: recorded) {
            case .found(let text, let commit, let date):
                old = try? PageSegments(text: text)
                basedOn = date.isEmpty ? commit : "\(commit) (\(date))"
            case .unavailable(let why): unavailable = why
            }
        } else if recorded == nil {
            unavailable = "it records no source_hash, so the version it was translated from is unknown"
        }
        let diff: SegmentDiff
        if let old {
            diff = SegmentDiff(old: old.hashes, new: current.hashes, oldKinds: old.segments.map(\.kind), newKinds: current.segments.map(\.kind))
        } else if let recordedSegments {
            let kinds = [String](repeating: "", count: recordedSegments.count)
            diff = SegmentDiff(old: recordedSegments, new: current.hashes, oldKinds: kinds, newKinds: current.segments.map { _ in "" })
        } else {
            return unavailable.map { PageChanges(total: current.segments.count, countsKnown: false, changed: 0, added: 0, removed: 0, sections: [], fields: [], blocks: [], basedOn: nil, unavailable: $0) }
        }
        var sections: [String] = [], fields: [String] = []
        func note(_ s: PageSegments.Segment) {
            if s.kind == "field" { fields.append(s.id); return }
            let name = s.kind == "heading" ? s.text : s.heading
            if let name, !sections.contains(name) { sections.append(name) }
        }
        var blocks: [Block] = []
        for change in diff.changes {
            switch change {
            case .same: continue
            case .changed(let o, let n):
                let s = current.segments[n]
                note(s)
                if let old { blocks.append(Block(kind: .changed, segmentKind: s.kind, id: s.id, line: s.line, heading: s.heading, pieces: WordDiff.diff(old.segments[o].text, s.text))) }
            case .added(let n):
                let s = current.segments[n]
                note(s)
                if old != nil { blocks.append(Block(kind: .added, segmentKind: s.kind, id: s.id, line: s.line, heading: s.heading, pieces: [.added(s.text)])) }
            case .removed(let o):
                if let old {
                    let s = old.segments[o]
                    blocks.append(Block(kind: .removed, segmentKind: s.kind, id: s.id, line: s.line, heading: s.heading, pieces: [.removed(s.text)]))
                }
            }
        }
        return PageChanges(total: current.segments.count, changed: diff.changedCount, added: diff.addedCount, removed: diff.removedCount,
                           sections: sections, fields: fields, blocks: blocks, basedOn: basedOn, unavailable: unavailable)
    }
}
