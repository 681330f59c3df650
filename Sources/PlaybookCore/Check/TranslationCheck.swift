/// Translation status, kept small (the full translation layer lives elsewhere): a translation
/// whose `source_hash` no longer matches its source page is stale.
enum TranslationCheck {
    static func run(_ pages: [ParsedPage], config: SiteConfig) -> [BuildError] {
        var sources: [String: ParsedPage] = [:]
        for p in pages where p.lang == config.sourceLanguage { sources[p.translationKey] = p }
        var out: [BuildError] = []
        for p in pages where p.lang != config.sourceLanguage {
            guard let hash = p.meta.sourceHash else { continue }
            let file = "content/" + p.path
            guard let source = sources[p.translationKey] else {
                out.append(BuildError(file: file, line: p.meta.line(of: "source_hash"),
                                      "translation of a \(config.sourceLanguage) page that does not exist (no content/\(config.sourceLanguage)/\(ContentPaths.languageRelative(p.path))); fix its path or translation_key",
                                      severity: .warning, rule: "translation/orphaned"))
                continue
            }
            if source.sourceHash != hash {
                out.append(BuildError(file: file, line: p.meta.line(of: "source_hash"),
                                      "stale translation: content/\(source.path) changed since this was translated (source_hash \(hash), now \(source.sourceHash)); update the text, then set `source_hash: \(source.sourceHash)`",
                                      severity: .warning, rule: "translation/stale"))
            }
        }
        return out
    }
}
