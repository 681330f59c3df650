#if canImport(Glibc)
import Glibc
import PlaybookModel
import PlaybookParse
import PlaybookAssemble
#endif
import Dispatch
import Foundation
import TextFolding
import Yams

/// What `IncrementalBuilder` compares between runs: digests of parsed pages, translation
/// status rows, and which pages may link to a path.
extension IncrementalBuilder {
    /// Pages whose text mentions one of `paths` by file name or URL slug: the pages whose links
    /// may resolve differently when those files appear, disappear or change edition.
    static func pagesMentioning(_ paths: Set<String>, in heads: [String: PageParser.Head], alsoMentioning extra: Set<String> = []) -> Set<String> {
        var needles = extra
        for path in paths {
            let parts = path.split(separator: "/").map(String.init)
            guard let last = parts.last else { continue }
            if last == "_index.md" || last == "index.md" {
                guard parts.count >= 3 else { return Set(heads.keys) }  // a language's home: anyone may link to it
                needles.insert(parts[parts.count - 2])
                needles.insert(ContentPaths.segment(parts[parts.count - 2]))
            } else {
                let stem = last.hasSuffix(".md") ? String(last.dropLast(3)) : last
                needles.insert(stem)
                needles.insert(ContentPaths.segment(stem))
            }
        }
        needles.remove("")
        guard !needles.isEmpty else { return [] }
        let list = Array(needles)
        let all = Array(heads.values)
        let hits = parallelMap(all) { head in list.contains { ByteSearch.contains(head.file.bytes, $0) } }
        return Set(zip(all, hits).filter(\.1).map(\.0.file.path))
    }

    static func listingDigest(_ page: ParsedPage) -> Int {
        var h = Hasher()
        h.combine(page.path); h.combine(page.url); h.combine(page.kind.rawValue)
        h.combine(page.title); h.combine(page.summary); h.combine(page.translationKey)
        h.combine(page.meta.draft)
        h.combine(page.body.tasks)  // a step's checklist is shown by the run sheet on other pages
        for key in page.meta.fields.keys.sorted() {
            h.combine(key)
            h.combine(page.meta.fields[key])
        }
        return h.finalize()
    }

    static func bodyDigest(_ page: ParsedPage) -> Int {
        var h = Hasher()
        h.combine(page.sourceHash)
        h.combine(page.body.html)
        h.combine(page.body.headings.count)
        for heading in page.body.headings { h.combine(heading.level); h.combine(heading.id); h.combine(heading.text) }
        for section in page.body.sections { h.combine(section.headingId); h.combine(section.text) }
        h.combine(page.links)
        return h.finalize()
    }
}

/// What of the typed content the last good site shows beyond its pages' own models: the
/// summary tables' digest and the day overdue items were judged against.
struct TypedState {
    var tables = 0
    var buildDate = Int.min

    /// What the page at `path` shows of its typed model (nil: none). Descriptions are enough:
    /// they are deterministic, and only the reparsed pages' are made.
    static func describe(_ path: String, in types: TypedContent) -> String? {
        if let p = types.postmortems[path] { return String(describing: p) }
        if let a = types.apologies[path] { return String(describing: a) }
        return types.steps[path].map { String(describing: $0) }
    }
}
