import Dispatch
import Foundation
import Markdown
import PlaybookAssemble
import PlaybookModel
import Yams

/// The index stage: each language's search index (`search/<lang>/`) and the search pages
/// (`<lang>/search/index.html`).
package enum SearchStage {
    /// For a full build: indexes the languages one after another on a thread of its own while the
    /// pages render on the others, and hands each language's files to `write` as soon as they
    /// exist. One language at a time, because a language's index under construction is the
    /// biggest transient structure of a build (two at once were a sixth of the peak memory of a
    /// 40,000-page build), and indexing beside rendering keeps every core busy anyway. Once the
    /// pages are rendered, `finish` indexes the languages not yet started on the caller's thread
    /// too: the index was the last to finish, with one core idle.
    package final class Background: @unchecked Sendable {
        private let lock = NSLock()
        private let done = DispatchSemaphore(value: 0)
        private let languages: [String]
        private let index: (String) throws -> Int
        private var next = 0
        private var stopped = false
        private var failure: (any Error)?
        package private(set) var filesWritten = 0
        package private(set) var seconds = 0.0

        /// `bodies`: where the pages' HTML went (`Site.takeBodies`); the index reads each page's
        /// text from it and lets go of it.
        package init(site: Site, bodies: PageBodies, strings: [String: Strings], write: @escaping @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void) {
            let timings = ProcessInfo.processInfo.environment["PLAYBOOK_TIMINGS"] != nil
            languages = site.config.languages.map(\.code)
            index = { lang in
                let files = SearchStage.files(lang: lang, documents: documents(of: site, lang: lang, html: bodies.takeHTMLForIndex),
                                              labels: labels(site: site, lang: lang, strings: strings[lang]), timings: timings)!
                for (path, bytes) in files { try write(path, bytes) }
                return files.count
            }
            Thread.detachNewThread { [self] in
                let start = DispatchTime.now()
                drain()
                seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                done.signal()
            }
        }

        private func take() -> String? {
            lock.lock()
            defer { lock.unlock() }
            guard !stopped, failure == nil, next < languages.count else { return nil }
            next += 1
            return languages[next - 1]
        }

        private func drain() {
            while let lang = take() {
                do {
                    let count = try index(lang)
                    lock.lock(); filesWritten += count; lock.unlock()
                } catch {
                    lock.lock(); if failure == nil { failure = error }; lock.unlock()
                }
            }
        }

        /// Indexes the languages not started yet on this thread too, then waits for the rest.
        package func finish() throws {
            drain()
            try wait()
        }

        /// Waits for the language being indexed (none is started after this call); rethrows a
        /// write failure. Can be called again.
        package func wait() throws {
            lock.lock(); stopped = true; lock.unlock()
            done.wait()
            done.signal()
            lock.lock()
            defer { lock.unlock() }
            if let failure { throw failure }
        }
    }

    /// The folders the index files go to, to create before the background writes into them.
    package static func folders(_ site: Site) -> [String] {
        site.config.languages.flatMap { ["search/\($0.code)/index.js", "search/\($0.code)/d/0.js"] }
    }

    /// One language's index files; nil when `cancelled` said stop (checked between documents).
    package static func files(lang: String, documents: [SearchDocument], labels: SearchLabels, timings: Bool = false,
                      cancelled: () -> Bool = { false }) -> [(path: String, bytes: [UInt8])]? {
        let t0 = cpuNanoseconds()
        var builder = LanguageIndexBuilder(lang: lang)
        for (n, doc) in documents.enumerated() {
            if n % 256 == 0 && cancelled() { return nil }
            builder.add(doc)
        }
        let t1 = cpuNanoseconds()
        let index = builder.finish()
        let t2 = cpuNanoseconds()
        if cancelled() { return nil }
        let files = ShardWriter().files(for: index, labels: labels)
        let t3 = cpuNanoseconds()
        if timings {
            FileHandle.standardError.write("search index \(lang), CPU: tokenize \((t1 - t0) / 1_000_000) ms, finish \((t2 - t1) / 1_000_000) ms, files \((t3 - t2) / 1_000_000) ms\n".data(using: .utf8)!)
        }
        return files
    }

    /// The pages of `lang` that have text (content pages, sections and homes with a file),
    /// fallback copies included and marked, each with its prominence (`Prominence`).
    /// `html`: where each page's HTML is when not in the site (see `Site.takeBodies`).
    /// Native pages come first and fallback copies after them (the manifest's `nf` says where
    /// they start), so the search script tells them apart without loading anything more. Within
    /// each, the most referred-to pages come first, then pages of the broader sections (the ones
    /// with more pages: tldr's `common` before `cisco-ios`), then shorter titles (the general
    /// page before its specialisations: `mv` before `git mv`), then site order: the search script
    /// breaks ties between equal scores by document number.
    package static func documents(of site: Site, lang: String, html: (Int) -> String? = { _ in nil }) -> [SearchDocument] {
        var all: [SearchDocument] = []
        var mentions: [Prominence.Mentions] = []
        for i in site.pages.indices {
            let page = site.pages[i]
            guard page.lang == lang, let source = page.source else { continue }
            let body = html(i) ?? source.body.html
            mentions.append(Prominence.mentions(html: body))
            all.append(SearchDocument(
                url: page.url, title: page.title, summary: page.summary, tags: source.meta.tags,
                sections: TextSection.of(html: body, headings: source.body.headings), type: page.section,
                severity: source.meta.fields["severity"]?.string,
                contentLang: page.contentLang, isFallback: page.isFallback))
        }
        let levels = Prominence.levels(urls: all.map(\.url), titles: all.map(\.title), sections: all.map(\.type), mentions: mentions)
        var sectionSize: [String: Int] = [:]
        for (d, level) in levels.enumerated() {
            all[d].prominence = level
            sectionSize[all[d].type, default: 0] += 1
        }
        // The sort keys, made once per document rather than in every comparison.
        let keys = all.map { (fallback: $0.isFallback, prominence: $0.prominence, sectionSize: sectionSize[$0.type]!, titleBytes: $0.title.utf8.count) }
        let order = all.indices.sorted { a, b in
            let x = keys[a], y = keys[b]
            if x.fallback != y.fallback { return !x.fallback }
            if x.prominence != y.prominence { return x.prominence > y.prominence }
            if x.sectionSize != y.sectionSize { return x.sectionSize > y.sectionSize }
            if x.titleBytes != y.titleBytes { return x.titleBytes < y.titleBytes }
            return a < b
        }
        return order.map { all[$0] }
    }

    /// Keys of UI strings the search script shows (besides section names and plural forms).
    package static let uiKeys = ["no_results", "fallback_badge", "search_all_results", "search_all_languages", "filter_all"]

    package static func labels(site: Site, lang: String, strings: Strings?) -> SearchLabels {
        var labels = SearchLabels()
        labels.languages = site.config.languages.map { ($0.code, $0.name, $0.locale) }
        for i in site.sections[lang] ?? [] {
            let section = site.pages[i]
            labels.types[section.section] = section.title
        }
        if let strings {
            for key in uiKeys { labels.strings[key] = strings.text(key) }
            labels.strings["locale"] = strings.lang
            labels.plurals["results"] = pluralForms(strings, "results")
        }
        return labels
    }

    /// All plural forms of `key` ("one", "few", "many", "other"), from the first language of the
    /// chain that has it.
    package static func pluralForms(_ strings: Strings, _ key: String) -> [String: String] {
        for (_, table) in strings.tables {
            guard let node = table[key] else { continue }
            if let map = node.mapping {
                var forms: [String: String] = [:]
                for (k, v) in map { if let k = k.string, let v = v.string { forms[k] = v } }
                return forms
            }
            if let s = node.string { return ["other": s] }
        }
        return ["other": "{count}"]
    }
}

/// CPU time of the calling thread (stage timings that other processes' load does not distort).
package func cpuNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
