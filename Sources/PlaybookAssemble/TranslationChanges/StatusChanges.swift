import PlaybookParse

extension TranslationStatus {
    /// The same status with `changes` filled in for every stale translation: segment counts
    /// (from the translation's `source_segments`, or from the version git has) and the changed
    /// blocks when git has the version it was translated from. `root`: the source tree, for git.
    package func withChanges(heads: [PageParser.Head], root: String) -> TranslationStatus {
        let stale = languages.flatMap { $0.entries.filter { $0.state == .stale } }
        guard !stale.isEmpty else { return self }
        let byPath = Dictionary(heads.map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })
        let versions = SourceVersions(root: root)
        versions.prepare(stale.compactMap { e in
            guard let s = e.sourcePath, let hash = byPath[e.path]?.meta.sourceHash else { return nil }
            return (s, hash)
        })
        var sourceTexts: [String: String] = [:]
        let updated = languages.map { lang, entries in
            (code: lang, entries: entries.map { entry -> Entry in
                guard entry.state == .stale, let sourcePath = entry.sourcePath, let source = byPath[sourcePath],
                      let translation = byPath[entry.path] else { return entry }
                if sourceTexts[sourcePath] == nil { sourceTexts[sourcePath] = source.text }
                var e = entry
                e.changes = PageChanges.compute(sourcePath: sourcePath, sourceText: sourceTexts[sourcePath]!,
                                                recorded: translation.meta.sourceHash,
                                                recordedSegments: PageSegments.parseRecord(translation.meta.fields["source_segments"]?.string),
                                                versions: versions)
                return e
            })
        }
        return TranslationStatus(sourceLanguage: sourceLanguage, languages: updated)
    }
}
