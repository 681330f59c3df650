import PlaybookAssemble
import PlaybookModel
import PlaybookParse

/// Translation status as check warnings: stale, missing and orphaned translations (see
/// TranslationStatus). Warnings, not errors: a fallback page or a stale banner keeps readers
/// informed meanwhile; `playbook translations --strict` is the gate for teams that want one.
package enum TranslationCheck {
    package static func run(_ status: TranslationStatus?, pages: [ParsedPage], config: SiteConfig) -> [Diagnostic] {
        guard let status else { return [] }
        let lines = Dictionary(pages.map { ($0.path, $0.meta.line(of: "source_hash")) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        for (code, entries) in status.languages {
            for e in entries { if let w = warning(e, lang: code, line: lines[e.path] ?? nil, config: config) { out.append(w) } }
        }
        return out
    }

    /// The warning for one status entry of language `lang`; `line` is its file's `source_hash` line.
    package static func warning(_ e: TranslationStatus.Entry, lang code: String, line: Int?, config: SiteConfig) -> Diagnostic? {
        let file = ContentPath(e.path).shown
        switch e.state {
        case .translated:
            return nil
        case .stale:
            let counts = e.changes?.knownSummary.map { " (\($0))" } ?? ""
            return Diagnostic(file: file, line: line, "stale translation: content/\(e.sourcePath ?? "")\(e.sourceChanged.map { " changed on \($0)" } ?? " changed") since this was translated\(counts); `playbook translations --diff \(file)` shows what changed; update the text, then run `playbook translations --mark-current \(file)`", severity: .warning, rule: "translation/stale")
        case .untracked:
            return Diagnostic(file: file, "untracked translation: it records no source_hash, so whether it matches content/\(e.sourcePath ?? "") is unknown (no stale banner is shown); once checked, adopt it with `playbook translations --mark-current \(file)` (a folder adopts every file in it)", severity: .warning, rule: "translation/untracked")
        case .missing:
            return Diagnostic(file: file, "missing in \(config.language(code)?.name ?? code): readers get the fallback page; start it with `playbook new translation content/\(e.sourcePath ?? "") --lang \(code)`", severity: .warning, rule: "translation/missing")
        case .orphaned:
            return Diagnostic(file: file, line: line, "translation of a \(config.sourceLanguage) page that does not exist (no content/\(config.sourceLanguage)/\(ContentPaths.languageRelative(e.path))); fix its path or translation_key", severity: .warning, rule: "translation/orphaned")
        }
    }
}
