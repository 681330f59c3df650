import PlaybookModel
import Yams

/// Translators translate text; everything else comes from the page they translate.
///
/// A translation inherits every front matter key of the nearest page in its language's
/// fallback chain (es-MX ← es ← en) except the prose keys below, unless it sets the key itself.
/// Mappings merge key by key and lists of mappings item by item, so a translation may give only
/// `impact: {segments: [...]}` and keep the source's numbers.
package enum Inheritance {
    /// Keys that are prose (or belong to one file only) and are never inherited.
    package static let ownKeys: Set<String> = [
        "title", "summary", "purpose", "owner", "risk", "subject", "translation_key", "source_hash", "source_segments", "aliases",
        "slug", "url",
    ]

    package static func merge(_ own: Node, over source: Node) -> Node {
        if let ownMap = own.mapping, let sourceMap = source.mapping {
            var pairs: [(Node, Node)] = ownMap.map { ($0.key, $0.value) }
            for (key, value) in sourceMap {
                if let i = pairs.firstIndex(where: { $0.0.string == key.string }) {
                    pairs[i].1 = merge(pairs[i].1, over: value)
                } else {
                    pairs.append((key, value))
                }
            }
            return .mapping(Node.Mapping(pairs, ownMap.tag, ownMap.style, ownMap.mark))
        }
        if let ownSeq = own.sequence, let sourceSeq = source.sequence, ownSeq.count == sourceSeq.count,
           ownSeq.allSatisfy({ $0.mapping != nil }) {
            let merged = zip(ownSeq, sourceSeq).map { merge($0, over: $1) }
            return .sequence(Node.Sequence(merged, ownSeq.tag, ownSeq.style, ownSeq.mark))
        }
        return own
    }

    /// Fills in `heads` (grouped by translation key) along each language's chain.
    package static func apply(to heads: inout [PageParser.Head], config: SiteConfig) -> [Diagnostic] {
        var byKey: [String: [String: Int]] = [:]
        for (i, head) in heads.enumerated() { byKey[head.translationKey, default: [:]][head.file.lang] = i }
        var errors: [Diagnostic] = []
        // Languages whose chains are shorter are complete before those that build on them.
        let order = config.languages.sorted { config.chain(for: $0.code).count < config.chain(for: $1.code).count }
        for lang in order {
            let chain = config.chain(for: lang.code).dropFirst()
            for (_, members) in byKey.sorted(by: { $0.key < $1.key }) {
                guard let i = members[lang.code],
                      let from = chain.first(where: { members[$0] != nil }).flatMap({ members[$0] }) else { continue }
                let source = heads[from].meta
                var meta = heads[i].meta
                for (key, value) in source.fields.sorted(by: { $0.key < $1.key }) where !ownKeys.contains(key) {
                    if let own = meta.fields[key] {
                        meta.fields[key] = merge(own, over: value)
                    } else {
                        meta.fields[key] = value
                        meta.inherited.insert(key)
                    }
                }
                errors += meta.interpret(file: ContentPath(heads[i].file.path).shown)
                heads[i].meta = meta
            }
        }
        return errors
    }
}
