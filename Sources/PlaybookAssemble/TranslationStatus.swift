import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// Which translations are current, stale, missing or orphaned, per language.
///
/// A translation records `source_hash`: the fingerprint of its source-language page when it was
/// translated (`playbook new translation` fills it in). When the source's text changes the
/// fingerprints differ and the translation is stale. A translation that records no
/// `source_hash` (imported from elsewhere) is *untracked*: whether it is current is unknown, so
/// it gets no stale banner and is counted apart until `--mark-current` adopts it.
public struct TranslationStatus: Sendable {
    public enum State: String, Sendable, CaseIterable { case translated, stale, untracked, missing, orphaned }

    public struct Entry: Sendable {
        public let state: State
        /// The translation's content path (for missing ones: where it would be).
        public let path: String
        /// The source-language page's content path; nil for orphans.
        public let sourcePath: String?
        /// When the source last changed (YYYY-MM-DD), if known.
        public let sourceChanged: String?
        /// Stale translations: what changed in the source since (see `withChanges`).
        public package(set) var changes: PageChanges? = nil
    }

    public let sourceLanguage: String
    /// Per language except the source language, in configured order.
    public let languages: [(code: String, entries: [Entry])]
    /// Entry by translation path: `entry(for:)` is called once per rendered page.
    private let byPath: [String: Entry]

    package init(sourceLanguage: String, languages: [(code: String, entries: [Entry])]) {
        self.sourceLanguage = sourceLanguage
        self.languages = languages
        var byPath: [String: Entry] = [:]
        for (_, entries) in languages.reversed() { for e in entries.reversed() { byPath[e.path] = e } }
        self.byPath = byPath
    }

    public func entries(_ lang: String) -> [Entry] { languages.first { $0.code == lang }?.entries ?? [] }
    public func count(_ lang: String, _ state: State) -> Int { entries(lang).filter { $0.state == state }.count }
    public func entry(for path: String) -> Entry? { byPath[path] }
    public var hasProblems: Bool { languages.contains { $0.entries.contains { $0.state != .translated } } }

    package static func compute(heads: [PageParser.Head], config: SiteConfig, history: SourceHistory) -> TranslationStatus {
        let source = config.sourceLanguage
        var groups: [String: [String: PageParser.Head]] = [:]
        for head in heads where !head.meta.draft { groups[head.translationKey, default: [:]][head.file.lang] = head }
        var languages: [(String, [Entry])] = []
        for lang in config.languages.map(\.code) where lang != source {
            var entries: [Entry] = []
            for key in groups.keys.sorted() {
                let group = groups[key]!
                let original = group[source]
                let changed = original.flatMap { $0.meta.fields["updated"]?.string ?? history.lastChanged[$0.file.path] }
                switch (group[lang], original) {
                case (let t?, let o?):
                    let state: State = t.meta.sourceHash == nil ? .untracked : t.meta.sourceHash == o.sourceHash ? .translated : .stale
                    entries.append(Entry(state: state, path: t.file.path, sourcePath: o.file.path, sourceChanged: changed))
                case (nil, let o?):
                    // A regional variant (es-MX) is covered by its parent language (es).
                    let chain = config.chain(for: lang).dropFirst().filter { $0 != source }
                    if chain.contains(where: { group[$0] != nil }) { continue }
                    let path = ContentPath(o.file.path).inLanguage(lang).path
                    entries.append(Entry(state: .missing, path: path, sourcePath: o.file.path, sourceChanged: changed))
                case (let t?, nil):
                    entries.append(Entry(state: .orphaned, path: t.file.path, sourcePath: nil, sourceChanged: nil))
                case (nil, nil): break
                }
            }
            languages.append((lang, entries))
        }
        return TranslationStatus(sourceLanguage: source, languages: languages)
    }
}
