/// Translation status as check warnings: stale, missing and orphaned translations (see
/// TranslationStatus). Warnings, not errors: a fallback page or a stale banner keeps readers
/// informed meanwhile; `playbook translations --strict` is the gate for teams that want one.
enum TranslationCheck {
    static func run(_ status: TranslationStatus?, pages: [ParsedPage], config: SiteConfig) -> [BuildError] {
        guard let status else { return [] }
        let lines = Dictionary(pages.map { ($0.path, $0.meta.line(of: "source_hash")) }, uniquingKeysWith: { a, _ in a })
        let language = { (code: String) in config.language(code)?.name ?? code }
        var out: [BuildError] = []
        for (code, entries) in status.languages {
            for e in entries {
                let file = "content/" + e.path
                switch e.state {
                case .translated: break
                case .stale:
                    out.append(BuildError(file: file, line: lines[e.path] ?? nil, "stale translation: content/\(e.sourcePath ?? "")\(e.sourceChanged.map { " changed on \($0)" } ?? " changed") since this was translated; update the text, then run `playbook translations --mark-current \(file)`", severity: .warning, rule: "translation/stale"))
                case .missing:
                    out.append(BuildError(file: file, "missing in \(language(code)): readers get the fallback page; start it with `playbook new translation content/\(e.sourcePath ?? "") --lang \(code)`", severity: .warning, rule: "translation/missing"))
                case .orphaned:
                    out.append(BuildError(file: file, line: lines[e.path] ?? nil, "translation of a \(config.sourceLanguage) page that does not exist (no content/\(config.sourceLanguage)/\(ContentPaths.languageRelative(e.path))); fix its path or translation_key", severity: .warning, rule: "translation/orphaned"))
                }
            }
        }
        return out
    }
}
