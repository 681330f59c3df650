import PlaybookAssemble
import PlaybookLoad
import PlaybookModel
import PlaybookParse

extension Translations {
    /// Records that the translations at `paths` match their source-language pages as they are
    /// now: sets `source_hash` and `source_segments`. A folder stands for every translation in
    /// it (`content/nl/` adopts a whole language). All-or-nothing: the tree is read and parsed
    /// once, every file is checked first, and the files are replaced only when all are ready
    /// (see FileBatch). Returns the content paths changed; throws BuildFailure listing every
    /// path that is not a translation.
    public static func markCurrent(source root: String, paths: [String]) throws -> [String] {
        let tree = try SourceTree.load(root: root)
        let strings = try StringsLoader.load(theme: tree.theme, config: tree.config)
        let (heads, errors) = PageParser(config: tree.config, edition: .internal, strings: strings).heads(tree.content)
        if !errors.isEmpty { throw BuildFailure(Builder.sorted(errors)) }
        let source = tree.config.sourceLanguage
        let originals = Dictionary(heads.filter { $0.file.lang == source }.map { ($0.translationKey, $0) }, uniquingKeysWith: { a, _ in a })
        let byPath = Dictionary(heads.map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })

        var diagnostics: [Diagnostic] = []
        var wanted: [String] = []
        for path in paths {
            let relative = contentRelative(path)
            let folder = relative.hasSuffix("/") ? relative : relative + "/"
            if byPath[relative] != nil {
                wanted.append(relative)
            } else if FileSystem.isDirectory(tree.contentRoot + "/" + relative) || relative.isEmpty {
                // Only files that have a source page to be current with; the source language's own pages are skipped.
                let inside = heads.filter { (relative.isEmpty || $0.file.path.hasPrefix(folder)) && $0.file.lang != source && originals[$0.translationKey] != nil }
                wanted += inside.map(\.file.path)
            } else {
                diagnostics.append(Diagnostic(file: path, "no such page or folder under content/", rule: "translation/mark-current"))
            }
        }
        var batch = FileBatch()
        var done: [String] = []
        // Each source page is segmented once, on every core (three languages share one source).
        let sources = Array(Set(wanted.compactMap { byPath[$0].flatMap { originals[$0.translationKey] }?.file.path })).sorted()
        let records = parallelMap(sources) { path in (try? PageSegments(text: byPath[path]!.text))?.record ?? "" }
        let segmentRecords = Dictionary(uniqueKeysWithValues: zip(sources, records))
        for relative in wanted {
            guard let head = byPath[relative], head.file.lang != source, let original = originals[head.translationKey] else {
                diagnostics.append(Diagnostic(file: ContentPath(relative).shown, "has no \(source) source page to be a translation of", rule: "translation/mark-current"))
                continue
            }
            let text = FrontMatterEdit.set([("source_hash", FrontMatterEdit.quoted(original.sourceHash)),
                                            ("source_segments", FrontMatterEdit.quoted(segmentRecords[original.file.path]!))], in: head.text)
            batch.add(tree.contentRoot + "/" + relative, text)
            done.append(ContentPath(relative).shown)
        }
        if !diagnostics.isEmpty { throw BuildFailure(diagnostics) }
        try batch.commit()
        return done
    }
}
