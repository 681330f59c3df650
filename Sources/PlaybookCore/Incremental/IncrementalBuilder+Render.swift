#if canImport(Glibc)
import Glibc
import PlaybookModel
import PlaybookAssemble
import PlaybookRender
import PlaybookIndex
import PlaybookWrite
#endif
import Dispatch
import Foundation
import TextFolding
import Yams

/// The render stage of `IncrementalBuilder`: the pages that can have changed, the site-wide
/// files whose inputs can have, and the commit of the new last good site.
extension IncrementalBuilder {
    // MARK: - Render

    struct Plan {
        var site: Site
        let index: [String: Int]
        let digests: [PageDigest]
        let dirty: Set<Int>
        let sitemapChanged: Bool
        /// Pages may have appeared or gone (the index is new).
        let structural: Bool
        /// Content path → pages showing it.
        let bySource: [String: [Int]]
        /// On the fast path: the last good site's pages that were replaced.
        var undo: [(Int, SitePage)]? = nil
    }

    /// Compares a freshly assembled site with the last good one (see `DirtyPages`).
    func compare(_ newSite: Site, reparsedAll: Bool) -> Plan {
        let newDigests = newSite.pages.map { PageDigest($0, in: newSite, parsed: parse.parsed) }
        var newIndex: [String: Int] = [:]
        newIndex.reserveCapacity(newSite.pages.count)
        for (i, page) in newSite.pages.enumerated() { newIndex[page.url] = i }
        var bySource: [String: [Int]] = [:]
        for (i, p) in newSite.pages.enumerated() { if let s = p.source { bySource[s.path, default: []].append(i) } }
        guard let old = assemble.site, !reparsedAll else {
            return Plan(site: newSite, index: newIndex, digests: newDigests, dirty: Set(newSite.pages.indices), sitemapChanged: true, structural: true, bySource: bySource)
        }
        let changedTemplates = Set(load.themeFiles.keys).union(render.renderedTheme.keys)
            .filter { $0.hasSuffix(".mustache") && load.themeFiles[$0] != render.renderedTheme[$0] }
            .map { String($0.dropLast(".mustache".count)) }
        var rules = DirtyPages(old: old, oldIndex: assemble.siteIndex, oldDigests: assemble.digests, new: newSite, newIndex: newIndex, newDigests: newDigests)
        rules.templates(changed: Set(changedTemplates), theme: load.themeFiles)
        rules.compare()
        return Plan(site: newSite, index: newIndex, digests: newDigests, dirty: rules.dirty, sitemapChanged: rules.sitemapChanged, structural: true, bySource: bySource)
    }

    func render(_ plan: Plan, dirty: Set<Int>, status newStatus: TranslationStatus, theme: Theme, typedListsChanged: Bool, dateChanged: Bool, changes: inout Changes) {
        let newSite = plan.site, newIndex = plan.index
        let order = dirty.sorted()
        // Navigation and summary tables made once per place pay off when many pages render.
        let renderer = SiteRenderer(site: newSite, theme: theme, strings: load.strings, places: order.count * 10 > newSite.pages.count)
        let htmls = parallelMap(order) { i in renderer.render(page: i) }
        changes.rendered = order.count
        mark("render")

        // Site-wide files: only the groups whose inputs may have changed (see SiteFiles). All of
        // a kind when files appeared or went, the theme or the day changed; else those of the
        // pages that render differently (what a feed or an email shows of a page, that page shows).
        let themeChanged = render.renderedTheme != load.themeFiles
        let everything = assemble.structuralSinceCommit || themeChanged || dateChanged
        let languages = load.config.languages.map(\.code)
        let affected = order.map { newSite.pages[$0] }
        var touched: [String] = []
        if plan.structural || themeChanged || render.assetsPending {
            var files: [String: [UInt8]] = ["index.html": renderer.renderRoot()]
            for (path, html) in renderer.aliases() { files[path] = Array(html.utf8) }
            for (path, bytes) in theme.assets { files[path] = bytes }
            for (path, bytes) in load.assetBytes { files[ContentPaths.assetOutput(of: path)] = bytes }
            touched += render.siteFiles.replace(.init(kind: .site, name: ""), with: files)
        }
        // A feed shows what lists show of postmortems (unchanged on the fast path) and their
        // typed facts (a change there changes the lists).
        let typeLanguages = everything || typedListsChanged ? Set(languages)
            : Set(plan.structural ? affected.filter { $0.section == TypedContent.postmortemSection }.map(\.lang) : [])
        for lang in typeLanguages {
            let files = TypeOutputs.languageFiles(lang, site: newSite, strings: load.strings)
            touched += render.siteFiles.replace(.init(kind: .types, name: lang), with: Self.bytes(files))
        }
        if everything {
            let templates = newSite.pages.filter { TypeOutputs.isTemplate($0, in: newSite) }
            var groups: [SiteFiles.Group: [String: [UInt8]]] = [:]
            for (page, file) in zip(templates, TypeOutputs.emails(templates, site: newSite, theme: theme)) {
                groups[.init(kind: .email, name: page.url)] = [file.path: Array(file.html.utf8)]
            }
            touched += render.siteFiles.replaceAll(.email, with: groups)
        } else {
            for page in affected {
                let files = TypeOutputs.isTemplate(page, in: newSite) ? TypeOutputs.emails([page], site: newSite, theme: theme) : []
                touched += render.siteFiles.replace(.init(kind: .email, name: page.url), with: Self.bytes(files))
            }
            // A fallback copy can go without a file going (a translation_key changed).
            for group in render.siteFiles.groups(of: .email) where newIndex[group.name] == nil { touched += render.siteFiles.replace(group, with: [:]) }
        }
        // The search index of each language with a changed page is built again after the pages
        // are committed (see `SearchJob`); the search pages show only navigation.
        index.pendingSearch.formUnion(plan.dirty.map { newSite.pages[$0].lang })
        // The search pages (and the 404 page) show the language's navigation: made again when it changed.
        let navigationChanged = plan.structural && languages.contains { lang in
            assemble.site.map { DirtyPages.navigation($0, lang) != DirtyPages.navigation(newSite, lang) } ?? true
        }
        if everything || navigationChanged {
            var pages = SearchPages.render(site: newSite, theme: theme, strings: load.strings)
            // The 404 page, too, shows only navigation.
            if let notFound = NotFoundPage.render(site: newSite, theme: theme, strings: load.strings) { pages.append((NotFoundPage.path, notFound)) }
            touched += render.siteFiles.replace(.init(kind: .search, name: ""), with: Dictionary(pages.map { ($0.path, $0.html) }, uniquingKeysWith: { _, b in b }))
        }
        if plan.sitemapChanged {
            let sitemap = Sitemap.xml(for: newSite).map { ["sitemap.xml": Array($0.utf8)] } ?? [:]
            touched += render.siteFiles.replace(.init(kind: .sitemap, name: ""), with: sitemap)
        }
        mark("site-wide files")

        // Commit: nothing above touched the last good state but `siteFiles`, and nothing below throws.
        var written: [String] = []
        var removed: [String] = []
        for (i, bytes) in zip(order, htmls) {
            let path = SiteRenderer.outputPath(of: newSite.pages[i].url)
            if render.siteFiles.contains(path) { continue }
            if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
        }
        if plan.structural {
            for (url, _) in assemble.siteIndex where newIndex[url] == nil {
                let path = SiteRenderer.outputPath(of: url)
                if !render.siteFiles.contains(path), outputs.removeValue(forKey: path) != nil { removed.append(path) }
            }
        }
        let rendered = Set(order.map { SiteRenderer.outputPath(of: newSite.pages[$0].url) })
        commitSiteFiles(touched.filter { !rendered.contains($0) || render.siteFiles.contains($0) }, index: newIndex, renderer: { renderer },
                        written: &written, removed: &removed)
        if plan.structural { assemble.pagesBySource = plan.bySource }
        if assemble.structuralSinceCommit {
            assemble.listingAtCommit = parse.parsed.mapValues(\.listing)
        } else {
            for path in assemble.reparsedSinceCommit { assemble.listingAtCommit[path] = parse.parsed[path]?.listing }
        }
        assemble.site = newSite
        assemble.typedAtCommit = assemble.pendingTyped
        assemble.siteIndex = newIndex
        assemble.digests = plan.digests
        assemble.status = newStatus
        render.renderedTheme = load.themeFiles
        assemble.reparsedSinceCommit = []
        assemble.structuralSinceCommit = false
        assemble.statusPaths = []
        assemble.statusChanged = false
        render.assetsPending = false
        index.searchGeneration += 1
        changes.written = written
        changes.removed = removed
        mark("commit")
    }

    static func bytes(_ files: [(path: String, html: String)]) -> [String: [UInt8]] {
        Dictionary(files.map { ($0.path, Array($0.html.utf8)) }, uniquingKeysWith: { _, b in b })
    }

    /// Brings `outputs` in line with `siteFiles` at `touched` paths: a path no group writes any
    /// more shows its page again, if there is one.
    func commitSiteFiles(_ touched: [String], index: [String: Int], renderer: () -> SiteRenderer, written: inout [String], removed: inout [String]) {
        for path in Set(touched) {
            if let bytes = render.siteFiles.bytes(path) {
                if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
            } else if path.hasSuffix("index.html"), let i = index[String(path.dropLast("index.html".count))] {
                let bytes = renderer().render(page: i)
                if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
            } else if outputs.removeValue(forKey: path) != nil {
                removed.append(path)
            }
        }
    }
}
