import Foundation
import PlaybookAssemble
import PlaybookModel

extension Translations {
    /// `playbook translations --diff PATH`: what changed in the source of the translation at
    /// `path` since it was translated, block by block, words marked as `git diff --word-diff`
    /// does (`[-removed-]{+added+}`; in colour too when `color`). Throws BuildFailure when the
    /// path is not a translation of this site.
    public static func diff(source root: String, path: String, color: Bool = false) throws -> String {
        let status = try status(source: root)
        let relative = contentRelative(path)
        guard let (lang, entry) = status.languages.lazy.compactMap({ l in l.entries.first { $0.path == relative }.map { (l.code, $0) } }).first else {
            throw BuildFailure([Diagnostic(file: path, "is not a translation of this site (give a path like content/pl/playbook/02-put-out-the-fire.md)", rule: "translation/diff")])
        }
        let file = ContentPath(entry.path).shown, source = ContentPath(entry.sourcePath ?? "").shown
        switch entry.state {
        case .translated: return "\(file) (\(lang)) is current: \(source) has not changed since it was translated\n"
        case .missing: return "\(file) does not exist yet: start it with `playbook new translation \(source) --lang \(lang)`\n"
        case .orphaned: return "\(file) has no \(status.sourceLanguage) source page\n"
        case .untracked: return "\(file) records no source_hash, so the version of \(source) it was translated from is unknown; check it against \(source), then `playbook translations --mark-current \(file)`\n"
        case .stale: break
        }
        var out = "\(file) (\(lang)) is stale: \(source) changed"
        guard let changes = entry.changes else { return out + "\n" }
        if let basedOn = changes.basedOn { out += " since commit \(basedOn), the version it was translated from" }
        out += "\n" + (changes.knownSummary ?? "which segments changed is not known") + "\n"
        if let why = changes.unavailable { out += "the changed words cannot be shown: \(why)\n" }
        for block in changes.blocks {
            let place = "\(block.segmentKind) \(block.id), line \(block.line)\(block.heading.map { ", under “\($0)”" } ?? "")"
            out += "\n\(block.kind.rawValue) \(place)\(block.kind == .removed ? " (of the old version)" : ""):\n"
            out += "  " + marked(block.pieces, color: color).replacingOccurrences(of: "\n", with: "\n  ") + "\n"
        }
        return out
    }

    /// Word-diff text: `[-old-]{+new+}`, red and green on a terminal.
    static func marked(_ pieces: [WordDiff.Piece], color: Bool) -> String {
        pieces.map { piece -> String in
            switch piece {
            case .same(let s): return s
            case .removed(let s): return color ? "\u{1B}[31m[-\(s)-]\u{1B}[0m" : "[-\(s)-]"
            case .added(let s): return color ? "\u{1B}[32m{+\(s)+}\u{1B}[0m" : "{+\(s)+}"
            }
        }.joined()
    }

    /// "content/pl/x.md", "./content/pl/x.md" or "pl/x.md" → "pl/x.md", NFC.
    static func contentRelative(_ path: String) -> String {
        var relative = path.precomposedStringWithCanonicalMapping
        if relative.hasPrefix("./") { relative.removeFirst(2) }
        if let r = relative.range(of: "content/") { relative = String(relative[r.upperBound...]) }
        return relative
    }
}
