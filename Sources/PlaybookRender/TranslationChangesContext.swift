import Markdown
import PlaybookAssemble
import PlaybookModel
import Templates

/// The parts of page contexts that show what changed in a stale translation's source: the
/// banner's list of changed sections (linked to the original's headings) and, on the
/// dashboard, the segment counts and the changed blocks with their words marked.
extension PageContext {
    /// `sections` for the stale banner: the original's headings under which it changed.
    package func changedSections(_ changes: PageChanges?, original: Int?, from page: SitePage) -> [Context] {
        guard let changes, !changes.sections.isEmpty else { return [] }
        let headings = original.flatMap { site.pages[$0].source?.body.headings } ?? []
        let base = original.map { link(site.pages[$0].url, from: page) }
        return changes.sections.enumerated().map { n, title -> Context in
            var d: Context = ["text": .string(title), "last": .bool(n == changes.sections.count - 1)]
            // The heading's text in the tree is its Markdown; the rendered one is plain text.
            let plain = title.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "*", with: "")
            if let base, let h = headings.first(where: { $0.text == title || $0.text == plain }) { d["url"] = .string(base + "#" + h.id) }
            return d
        }
    }

    /// `changes` of a dashboard entry.
    package func changesValue(_ changes: PageChanges, strings s: Strings?, sourceLocale: String) -> Context {
        var summary = s?.text("segments_changed", ["changed": String(changes.changed), "total": String(changes.total)]) ?? changes.summary
        if changes.added > 0 { summary += ", " + (s?.text("segments_added", ["count": String(changes.added)]) ?? "\(changes.added) added") }
        if changes.removed > 0 { summary += ", " + (s?.text("segments_removed", ["count": String(changes.removed)]) ?? "\(changes.removed) removed") }
        var d: Context = changes.countsKnown ? ["summary": .string(summary)] : [:]
        if let b = changes.basedOn { d["based_on"] = .string(b) }
        if let u = changes.unavailable { d["unavailable"] = .string(u) }
        let blocks = changes.blocks.map { block -> Context in
            let place = "\(block.segmentKind) · \(block.line)" + (block.heading.map { " · \($0)" } ?? "")
            return ["kind": .string(block.kind.rawValue), "kind_label": .string(s?.text("change_" + block.kind.rawValue) ?? block.kind.rawValue),
                    "place": .string(place), "source_locale": .string(sourceLocale),
                    "pieces": .maps(block.pieces.map { piece -> Context in
                        switch piece {
                        case .same(let t): return ["same": .string(t)]
                        case .removed(let t): return ["removed": .string(t)]
                        case .added(let t): return ["added": .string(t)]
                        }
                    })]
        }
        if !blocks.isEmpty { d["blocks"] = .maps(blocks); d["has_blocks"] = true }
        return d
    }
}
