#if canImport(Glibc)
import Glibc
import PlaybookModel
import PlaybookRender
import PlaybookIndex
#endif
import Dispatch
import Foundation
import TextFolding
import Yams

/// The search stage of `IncrementalBuilder` (see `SearchJob`), and `verify`.
extension IncrementalBuilder {
    // MARK: - Search

    /// The search indexes of the languages whose pages changed since they were last built, from
    /// the last good site; nil when none are waiting.
    public func searchJob() -> SearchJob? {
        guard let site = assemble.site, !index.pendingSearch.isEmpty else { return nil }
        let inputs = load.config.languages.map(\.code).filter(index.pendingSearch.contains).map { lang in
            SearchJob.Input(lang: lang, documents: SearchStage.documents(of: site, lang: lang),
                            labels: SearchStage.labels(site: site, lang: lang, strings: load.strings[lang]))
        }
        return SearchJob(generation: index.searchGeneration, inputs: inputs)
    }

    /// Takes a finished job's indexes into the site, unless a rebuild came after the job was
    /// made (then nil: a newer job has the newer pages).
    public func commit(_ result: SearchJob.Result) -> Changes? {
        let start = DispatchTime.now()
        guard result.generation == index.searchGeneration, let site = assemble.site, let theme = load.theme else { return nil }
        var touched: [String] = []
        for (lang, files) in result.files {
            touched += render.siteFiles.replace(.init(kind: .search, name: lang), with: files)
            index.pendingSearch.remove(lang)
        }
        var changes = Changes()
        var written: [String] = [], removed: [String] = []
        var renderer: SiteRenderer?
        commitSiteFiles(touched, index: assemble.siteIndex, renderer: {
            if renderer == nil { renderer = SiteRenderer(site: site, theme: theme, strings: load.strings, places: false) }
            return renderer!
        }, written: &written, removed: &removed)
        changes.written = written.sorted()
        changes.removed = removed.sorted()
        changes.seconds = Self.seconds(since: start)
        return changes
    }

    /// Runs the waiting search job here and now (without `deferSearch`), adding what it changed.
    func finishSearch(_ changes: inout Changes) {
        guard let job = searchJob(), let result = job.run(parallel: true), let more = commit(result) else { return }
        changes.written = Array(Set(changes.written + more.written)).sorted()
        changes.removed = Array(Set(changes.removed + more.removed).subtracting(changes.written)).sorted()
        mark("search")
    }

    /// With `verify`: every page rendered again and compared with what the rebuild kept.
    func verifyOutputs(_ changes: inout Changes) {
        guard verify, let site = assemble.site, let theme = load.theme else { return }
        let renderer = SiteRenderer(site: site, theme: theme, strings: load.strings)
        var expected: [String: [UInt8]] = [:]
        let all = parallelMap(Array(site.pages.indices)) { renderer.render(page: $0) }
        for (i, bytes) in all.enumerated() { expected[SiteRenderer.outputPath(of: site.pages[i].url)] = bytes }
        for path in render.siteFiles.paths { expected[path] = render.siteFiles.bytes(path) }
        for path in Set(expected.keys).union(outputs.keys) where expected[path] != outputs[path] {
            changes.missed.append(path)
        }
        changes.missed.sort()
    }
}
