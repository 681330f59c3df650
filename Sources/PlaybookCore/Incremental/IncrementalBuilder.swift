#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import TextFolding
import Yams

/// The pipeline kept in memory between builds, for `playbook serve`: a change re-reads and
/// re-parses only the files that changed (and the translations that inherit from them),
/// re-assembles the site, re-renders only the pages whose bytes can have changed, and keeps the
/// output files that did change. The whole site lives in `outputs` (path → bytes); nothing is
/// written to disk.
///
/// Which pages can have changed is decided by `DirtyPages` from digests of the old and the new
/// assembled site (see there); rendering more than needed costs time only, because a page's new
/// bytes are compared with its previous bytes. `verify` renders everything after each rebuild
/// and reports pages the dependency rules missed (tests turn it on).
///
/// Not thread-safe: call it from one thread (the watcher's); hand `outputs` to readers.
public final class IncrementalBuilder: @unchecked Sendable {
    /// What one build or rebuild did.
    public struct Changes: Sendable {
        /// Output paths added or whose bytes changed.
        public var written: [String] = []
        /// Output paths that no longer exist.
        public var removed: [String] = []
        /// Pages rendered (whether or not their bytes changed), Markdown files parsed.
        public var rendered = 0
        public var parsed = 0
        /// True when everything was loaded again (first build, playbook.yml changed, recovery).
        public var full = false
        public var seconds = 0.0
        public var warnings: [BuildError] = []
        /// Only with `verify`: outputs whose bytes differ from a from-scratch render.
        public var missed: [String] = []
        public var isEmpty: Bool { written.isEmpty && removed.isEmpty }
    }

    public let options: BuildOptions
    /// After every build, render every page and compare (slow; for tests).
    public var verify = false
    /// The built site: output path (as under public/) → bytes.
    public private(set) var outputs: [String: [UInt8]] = [:]
    /// Per language: own pages and fallback copies (as in `BuildReport.languages`).
    public var languages: [(code: String, pages: Int, fallbacks: Int)] {
        guard let site else { return [] }
        return config.languages.map { lang in
            let own = site.pages.filter { $0.lang == lang.code && $0.source != nil }
            return (lang.code, own.filter { !$0.isFallback }.count, own.filter(\.isFallback).count)
        }
    }

    // MARK: source state (follows the files, also through failed builds)
    private var needsFullLoad = true
    private var config = SiteConfig()
    private var themeFiles: [String: [UInt8]] = [:]
    private var strings: [String: Strings] = [:]
    private var theme: Theme?
    private var history = SourceHistory.empty
    private var files: [String: ContentFile] = [:]
    private var diskPath: [String: String] = [:]
    private var assetBytes: [String: [UInt8]] = [:]
    private var rawHeads: [String: PageParser.Head] = [:]
    private var readErrors: [String: [BuildError]] = [:]
    private var heads: [String: PageParser.Head] = [:]
    private var keyOf: [String: String] = [:]
    private var keyMembers: [String: Set<String>] = [:]
    private var inheritErrors: [String: [BuildError]] = [:]
    private var statusByKey: [String: [String: [TranslationStatus.Entry]]] = [:]
    private var parsed: [String: ParsedInfo] = [:]
    private var parseErrors: [String: [BuildError]] = [:]
    private var parsedStrings: [String: [UInt8]]? = nil
    private var linkContext = LinkContext()
    /// Content paths whose heads must be read again (changed, or waiting after a failure).
    private var pendingHeads: Set<String> = []
    private var pendingRemovals: Set<String> = []
    /// Content paths whose Markdown must be parsed again (kept until a parse happened).
    private var pendingParse: Set<String> = []
    private var themePending = false

    // MARK: render state (the last good site)
    private var site: Site?
    private var siteIndex: [String: Int] = [:]
    private var digests: [PageDigest] = []
    private var status: TranslationStatus?
    private var renderedTheme: [String: [UInt8]] = [:]
    private var overlayPaths: Set<String> = []
    /// Content path → the pages showing it (the page and its fallback copies).
    private var pagesBySource: [String: [Int]] = [:]
    /// Each parsed page's listing digest in the last good site.
    private var listingAtCommit: [String: Int] = [:]
    /// The typed content's digest in the last good site, and the one being built.
    private var typedAtCommit = TypedDigest()
    private var pendingTypedDigest = TypedDigest()

    // MARK: what happened since the last good site (kept through failed builds)
    /// Pages parsed again since the last good site.
    private var reparsedSinceCommit: Set<String> = []
    /// Files appeared, went, changed edition or URL; or everything was parsed again.
    private var structuralSinceCommit = true
    /// Translation status entries that changed (content paths), and whether any did.
    private var statusPaths: Set<String> = []
    private var statusChanged = true

    struct ParsedInfo {
        let page: ParsedPage
        let listing: Int
        let body: Int
    }

    struct LinkContext: Equatable {
        var published: Set<String> = []
        var everyPage: Set<String> = []
        var pathsByURL: [String: String] = [:]
    }

    public init(options: BuildOptions) {
        self.options = options
    }

    private var parser: PageParser { PageParser(config: config, edition: options.edition, strings: strings) }
    private var contentRoot: String { options.source + "/content" }

    // MARK: - Entry points

    /// Loads everything and builds the whole site.
    @discardableResult
    public func build() throws -> Changes {
        let start = DispatchTime.now()
        needsFullLoad = true
        let tree = try SourceTree.load(root: options.source)
        config = tree.config
        themeFiles = tree.theme
        history = SourceHistory.read(root: options.source)
        files = [:]
        diskPath = [:]
        for file in tree.content { files[file.path] = file; diskPath[file.path] = file.path }
        assetBytes = [:]
        for path in tree.contentAssets { assetBytes[path] = (try? FileSystem.read(contentRoot + "/" + path)) ?? [] }
        rawHeads = [:]; readErrors = [:]; heads = [:]; keyOf = [:]; keyMembers = [:]
        inheritErrors = [:]; statusByKey = [:]; parsed = [:]; parseErrors = [:]; parsedStrings = nil
        linkContext = LinkContext()
        pendingHeads = Set(files.keys)
        pendingRemovals = []
        pendingParse = []
        structuralSinceCommit = true
        statusChanged = true
        themePending = true
        // The render state is kept: its digests decide what a first build after a reload
        // writes; with no previous site, everything.
        needsFullLoad = false
        var changes = try update()
        changes.full = true
        changes.seconds = Self.seconds(since: start)
        return changes
    }

    /// Rebuilds after `paths` changed (relative to the source folder: "content/en/x.md",
    /// "templates/page.mustache", "playbook.yml"; a folder means everything below it).
    @discardableResult
    public func rebuild(changed paths: [String]) throws -> Changes {
        let start = DispatchTime.now()
        if needsFullLoad { return try build() }
        for raw in paths {
            var path = raw
            while path.hasPrefix("./") { path.removeFirst(2) }
            while path.hasSuffix("/") { path.removeLast() }
            if path.isEmpty || path == "content" || path == "playbook.yml" { return try build() }
            if path == "templates" || path.hasPrefix("templates/") { themePending = true; continue }
            guard path.hasPrefix("content/") else { continue }
            let relative = String(path.dropFirst("content/".count))
            if relative.split(separator: "/").contains(where: { SourceTree.ignored(String($0)) }) { continue }
            if try !contentChanged(relative) { return try build() }
        }
        var changes = try update()
        changes.seconds = Self.seconds(since: start)
        return changes
    }

    /// `PLAYBOOK_TIMING=1` prints how long each step of a rebuild took (to stderr).
    static let timing = ProcessInfo.processInfo.environment["PLAYBOOK_TIMING"] != nil
    private var lap = DispatchTime.now()
    private func mark(_ what: String) {
        guard Self.timing else { return }
        let now = DispatchTime.now()
        FileHandle.standardError.write("  \(what): \(String(format: "%.1f", Double(now.uptimeNanoseconds - lap.uptimeNanoseconds) / 1e6)) ms\n".data(using: .utf8)!)
        lap = now
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    // MARK: - Source changes

    /// Records that `relative` (below content/) changed. False when only a full load can tell
    /// what it means (a new top-level folder).
    private func contentChanged(_ relative: String) throws -> Bool {
        let parts = relative.split(separator: "/").map(String.init)
        guard let lang = parts.first else { return false }
        let full = contentRoot + "/" + relative
        let languages = Set(config.languages.map(\.code))
        if parts.count == 1 {
            if FileSystem.isDirectory(full) && !languages.contains(lang) { return false }
            if !FileSystem.isDirectory(full) && !hasKnown(under: relative) { return true }  // notes at the top
        }
        guard languages.contains(lang) else { return true }
        let key = relative.precomposedStringWithCanonicalMapping
        if FileSystem.isDirectory(full) {
            var seen: Set<String> = []
            var markdown: [(path: String, lang: String)] = []
            var assets: [String] = []
            var errors: [BuildError] = []
            SourceTree.walk(contentRoot, relative: relative, lang: lang, seen: &seen, markdown: &markdown, assets: &assets, errors: &errors)
            if !errors.isEmpty { return false }
            var found: Set<String> = []
            for item in markdown {
                let k = item.path.precomposedStringWithCanonicalMapping
                found.insert(k)
                try readMarkdown(k, disk: item.path, lang: lang)
            }
            for a in assets {
                let k = a.precomposedStringWithCanonicalMapping
                found.insert(k)
                assetBytes[k] = (try? FileSystem.read(contentRoot + "/" + a)) ?? []
            }
            for gone in known(under: key) where !found.contains(gone) { forget(gone) }
        } else if FileSystem.exists(full) {
            if key.hasSuffix(".md") {
                try readMarkdown(key, disk: relative, lang: lang)
            } else {
                assetBytes[key] = (try? FileSystem.read(full)) ?? []
            }
        } else {
            forget(key)
            for gone in known(under: key) { forget(gone) }
        }
        return true
    }

    private func hasKnown(under prefix: String) -> Bool { !known(under: prefix).isEmpty }

    private func known(under prefix: String) -> [String] {
        let p = prefix + "/"
        return files.keys.filter { $0.hasPrefix(p) } + assetBytes.keys.filter { $0.hasPrefix(p) }
    }

    private func readMarkdown(_ key: String, disk: String, lang: String) throws {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(contentRoot + "/" + disk) } catch {
            forget(key)  // vanished between the event and now: a later event says more
            return
        }
        if let old = files[key], old.bytes == bytes, rawHeads[key] != nil || readErrors[key] != nil { return }
        files[key] = ContentFile(path: key, lang: lang, bytes: bytes)
        diskPath[key] = disk
        pendingHeads.insert(key)
        pendingRemovals.remove(key)
    }

    private func forget(_ key: String) {
        if files.removeValue(forKey: key) != nil {
            pendingRemovals.insert(key)
            pendingHeads.remove(key)
        }
        diskPath.removeValue(forKey: key)
        assetBytes.removeValue(forKey: key)
    }

    // MARK: - The pipeline

    private func update() throws -> Changes {
        var changes = Changes()
        lap = DispatchTime.now()

        // Theme and UI strings.
        if themePending {
            var errors: [BuildError] = []
            themeFiles = try SourceTree.loadTheme(root: options.source, errors: &errors)
            if !errors.isEmpty { throw BuildFailure(errors) }
            strings = try StringsLoader.load(theme: themeFiles, config: config)
            theme = try Theme(files: themeFiles)
            themePending = false
        }
        guard let theme else { throw BuildFailure([BuildError(file: "templates/", "the theme did not load")]) }
        let i18n = themeFiles.filter { $0.key.hasPrefix("i18n/") }
        let reparseAll = parsedStrings != i18n
        if reparseAll { parsedStrings = i18n }

        mark("theme")
        // Load: front matter of changed files; inheritance and translation status per group.
        let parser = self.parser
        var affectedKeys: Set<String> = []
        var touched: Set<String> = pendingRemovals
        for path in pendingRemovals {
            rawHeads.removeValue(forKey: path); heads.removeValue(forKey: path)
            readErrors.removeValue(forKey: path); parseErrors.removeValue(forKey: path)
            parsed.removeValue(forKey: path)
            if let key = keyOf.removeValue(forKey: path) { keyMembers[key]?.remove(path); affectedKeys.insert(key) }
        }
        pendingRemovals = []
        let toRead = pendingHeads.sorted().compactMap { files[$0] }
        pendingHeads = []
        for (file, result) in zip(toRead, parallelMap(toRead, parser.readHead)) {
            let path = file.path
            touched.insert(path)
            if let key = keyOf.removeValue(forKey: path) { keyMembers[key]?.remove(path); affectedKeys.insert(key) }
            switch result {
            case .success(let head):
                rawHeads[path] = head
                readErrors.removeValue(forKey: path)
                keyOf[path] = head.translationKey
                keyMembers[head.translationKey, default: []].insert(path)
                affectedKeys.insert(head.translationKey)
            case .failure(let failure):
                rawHeads.removeValue(forKey: path); heads.removeValue(forKey: path)
                parsed.removeValue(forKey: path); parseErrors.removeValue(forKey: path)
                readErrors[path] = failure.errors
            }
        }
        if reparseAll { affectedKeys = Set(keyMembers.keys) }
        let groups = Array(affectedKeys)
        let groupResults = parallelMap(groups) { key -> ([PageParser.Head], [BuildError], [String: [TranslationStatus.Entry]]) in
            var members = (self.keyMembers[key] ?? []).sorted().compactMap { self.rawHeads[$0] }
            let errors = Inheritance.apply(to: &members, config: self.config)
            let status = TranslationStatus.compute(heads: members, config: self.config, history: self.history)
            var byLang: [String: [TranslationStatus.Entry]] = [:]
            for (lang, entries) in status.languages where !entries.isEmpty { byLang[lang] = entries }
            return (members, errors, byLang)
        }
        for (key, (members, errors, byLang)) in zip(groups, groupResults) {
            if members.isEmpty { keyMembers.removeValue(forKey: key) }
            for head in members { heads[head.file.path] = head; pendingParse.insert(head.file.path); touched.insert(head.file.path) }
            if errors.isEmpty { inheritErrors.removeValue(forKey: key) } else { inheritErrors[key] = errors }
            let before = Self.rows(statusByKey[key]), after = Self.rows(byLang)
            if before != after {
                statusChanged = true
                for (path, row) in after where before[path] != row { statusPaths.insert(path) }
                for (path, _) in before where after[path] == nil { statusPaths.insert(path) }
            }
            if byLang.isEmpty { statusByKey.removeValue(forKey: key) } else { statusByKey[key] = byLang }
        }
        let headErrors = readErrors.values.flatMap { $0 } + inheritErrors.values.flatMap { $0 }
        if !headErrors.isEmpty { throw BuildFailure(Builder.sorted(headErrors)) }

        mark("heads+inheritance+status")
        // Parse: the changed pages, and pages whose links may lead elsewhere now.
        var targets: Set<String> = []
        for path in touched {
            let exists = files[path] != nil
            if exists != linkContext.everyPage.contains(path) {
                if exists { linkContext.everyPage.insert(path) } else { linkContext.everyPage.remove(path) }
                targets.insert(path)
            }
            if let (url, _) = ContentPaths.url(of: path) {
                if exists, linkContext.pathsByURL[url] != path { linkContext.pathsByURL[url] = path; targets.insert(path) }
                if !exists, linkContext.pathsByURL[url] == path { linkContext.pathsByURL.removeValue(forKey: url); targets.insert(path) }
            }
            let published = exists && heads[path].map { head in
                !(head.meta.draft && !options.includeDrafts) && Publication.isPublished(head.meta, kind: head.kind, edition: options.edition)
            } == true
            if published != linkContext.published.contains(path) {
                if published { linkContext.published.insert(path) } else { linkContext.published.remove(path) }
                targets.insert(path)
            }
            if !published { parsed.removeValue(forKey: path); parseErrors.removeValue(forKey: path) }
        }
        // Links to pages that appeared, disappeared or changed edition may resolve differently.
        if !targets.isEmpty || reparseAll { structuralSinceCommit = true }
        if targets.count > 32 {
            pendingParse.formUnion(heads.keys)
        } else if !targets.isEmpty {
            pendingParse.formUnion(Self.pagesMentioning(targets, in: heads))
        }
        let context = linkContext
        let parseHeads = pendingParse.filter { context.published.contains($0) }.sorted().compactMap { heads[$0] }
        pendingParse = []
        let results = parallelMap(parseHeads) { head -> Result<ParsedInfo, BuildFailure> in
            parser.render(head, published: context.published, everyPage: context.everyPage, pathsByURL: context.pathsByURL)
                .map { ParsedInfo(page: $0, listing: Self.listingDigest($0), body: Self.bodyDigest($0)) }
        }
        changes.parsed = parseHeads.count
        for (head, result) in zip(parseHeads, results) {
            switch result {
            case .success(let info):
                parsed[head.file.path] = info; parseErrors.removeValue(forKey: head.file.path)
                reparsedSinceCommit.insert(head.file.path)
            case .failure(let failure): parsed.removeValue(forKey: head.file.path); parseErrors[head.file.path] = failure.errors
            }
        }
        let errors = parseErrors.values.flatMap { $0 }
        if !errors.isEmpty { throw BuildFailure(Builder.sorted(errors)) }
        for info in parsed.values {
            for link in info.page.body.unresolvedLinks {
                changes.warnings.append(BuildError(file: "content/" + info.page.path, "link to `\(link)` leads to no page or file", severity: .warning, rule: "broken-link"))
            }
        }
        changes.warnings = Builder.sorted(changes.warnings)

        mark("parse")
        // Assemble. When no file appeared or went and no page changed what lists show of it
        // (its listing digest), the site's structure is the last one's: swap in the new
        // parsed pages instead of assembling again.
        let newStatus = translationStatus()
        let planned: Plan
        if site != nil, !structuralSinceCommit, renderedTheme == themeFiles,
           reparsedSinceCommit.allSatisfy({ path in parsed[path].map { $0.listing == listingAtCommit[path] } ?? false }) {
            // Nothing below throws: take the site out so that it is changed in place, not copied.
            var newSite = site!
            site = nil
            newSite.translations = newStatus
            var newDigests = digests
            var dirty: Set<Int> = []
            for path in reparsedSinceCommit {
                guard let info = parsed[path] else { continue }
                for i in pagesBySource[path] ?? [] {
                    let p = newSite.pages[i]
                    newSite.pages[i] = SitePage(kind: p.kind, lang: p.lang, contentLang: p.contentLang, url: p.url, source: info.page,
                                                title: p.title, summary: p.summary, translations: p.translations, children: p.children, tag: p.tag)
                    newDigests[i] = PageDigest(newSite.pages[i], in: newSite, parsed: parsed)
                    if newDigests[i].own != digests[i].own { dirty.insert(i) }
                }
            }
            planned = Plan(site: newSite, index: siteIndex, digests: newDigests, dirty: dirty, sitemapChanged: false, structural: false, bySource: pagesBySource)
        } else {
            let (newSite, assembleErrors) = SiteAssembler(config: config, strings: strings, edition: options.edition, translations: newStatus)
                .assemble(parsed.values.map(\.page))
            if !assembleErrors.isEmpty { throw BuildFailure(Builder.sorted(assembleErrors)) }
            planned = compare(newSite, reparsedAll: reparseAll)
        }
        // Content types and checks, as in a full build: errors keep the last good site.
        var plan = planned
        let pageList = parsed.keys.sorted().compactMap { parsed[$0]?.page }
        let fileList = files.keys.sorted().compactMap { files[$0] }
        let (types, problems) = Checker.stage(parsed: pageList, site: plan.site, files: fileList, config: config,
                                              buildDate: options.buildDate ?? .current(), translations: newStatus)
        if problems.contains(where: { $0.severity == .error }) {
            throw BuildFailure(Builder.sorted(problems.filter { $0.severity == .error }))
        }
        changes.warnings = Builder.sorted(changes.warnings + problems)
        plan.site.types = types
        mark("types+check")
        var dirty = plan.dirty
        // Typed values (summary tables, postmortem facts, apology emails) show on their own pages
        // and, for tables and the postmortem index, on homes and section pages.
        let typedDigest = TypedDigest(types)
        if typedDigest.lists != typedAtCommit.lists {
            for (i, page) in plan.site.pages.enumerated() where page.kind == .home || page.kind == .section { dirty.insert(i) }
        }
        for (path, digest) in typedDigest.pages where typedAtCommit.pages[path] != digest {
            for i in plan.bySource[path] ?? [] { dirty.insert(i) }
        }
        pendingTypedDigest = typedDigest
        if statusChanged { dirty.formUnion(plan.site.dashboards.values) }
        for path in statusPaths {
            for i in plan.bySource[path] ?? [] where !plan.site.pages[i].isFallback { dirty.insert(i) }
        }

        mark("assemble+dirty (\(dirty.count) pages)")
        // Render what can have changed; keep what did.
        render(plan, dirty: dirty, status: newStatus, theme: theme, changes: &changes)
        return changes
    }

    static func rows(_ byLang: [String: [TranslationStatus.Entry]]?) -> [String: String] {
        var d: [String: String] = [:]
        for (lang, entries) in byLang ?? [:] {
            for (i, e) in entries.enumerated() { d[e.path] = "\(lang)|\(i)|\(e.state.rawValue)|\(e.sourcePath ?? "")|\(e.sourceChanged ?? "")" }
        }
        return d
    }

    private func translationStatus() -> TranslationStatus {
        if !statusChanged, let status { return status }
        var languages: [(code: String, entries: [TranslationStatus.Entry])] = []
        let keys = statusByKey.keys.sorted()
        for lang in config.languages.map(\.code) where lang != config.sourceLanguage {
            languages.append((lang, keys.flatMap { statusByKey[$0]?[lang] ?? [] }))
        }
        return TranslationStatus(sourceLanguage: config.sourceLanguage, languages: languages)
    }

    /// Pages whose text mentions one of `paths` by file name or URL slug: the pages whose links
    /// may resolve differently when those files appear, disappear or change edition.
    static func pagesMentioning(_ paths: Set<String>, in heads: [String: PageParser.Head]) -> Set<String> {
        var needles: Set<String> = []
        for path in paths {
            let parts = path.split(separator: "/").map(String.init)
            guard let last = parts.last else { continue }
            if last == "_index.md" {
                guard parts.count >= 3 else { return Set(heads.keys) }  // a language's home: anyone may link to it
                needles.insert(parts[parts.count - 2])
                needles.insert(TextFold.slug(parts[parts.count - 2]))
            } else {
                let stem = last.hasSuffix(".md") ? String(last.dropLast(3)) : last
                needles.insert(stem)
                needles.insert(TextFold.slug(stem))
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
        h.combine(page.body.unresolvedLinks)
        return h.finalize()
    }

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
    }

    /// Compares a freshly assembled site with the last good one (see `DirtyPages`).
    private func compare(_ newSite: Site, reparsedAll: Bool) -> Plan {
        let newDigests = newSite.pages.map { PageDigest($0, in: newSite, parsed: parsed) }
        var newIndex: [String: Int] = [:]
        newIndex.reserveCapacity(newSite.pages.count)
        for (i, page) in newSite.pages.enumerated() { newIndex[page.url] = i }
        var bySource: [String: [Int]] = [:]
        for (i, p) in newSite.pages.enumerated() { if let s = p.source { bySource[s.path, default: []].append(i) } }
        guard let old = site, !reparsedAll else {
            return Plan(site: newSite, index: newIndex, digests: newDigests, dirty: Set(newSite.pages.indices), sitemapChanged: true, structural: true, bySource: bySource)
        }
        let changedTemplates = Set(themeFiles.keys).union(renderedTheme.keys)
            .filter { $0.hasSuffix(".mustache") && themeFiles[$0] != renderedTheme[$0] }
            .map { String($0.dropLast(".mustache".count)) }
        var rules = DirtyPages(old: old, oldIndex: siteIndex, oldDigests: digests, new: newSite, newIndex: newIndex, newDigests: newDigests)
        rules.templates(changed: Set(changedTemplates), theme: themeFiles)
        rules.compare()
        return Plan(site: newSite, index: newIndex, digests: newDigests, dirty: rules.dirty, sitemapChanged: rules.sitemapChanged, structural: true, bySource: bySource)
    }

    private func render(_ plan: Plan, dirty: Set<Int>, status newStatus: TranslationStatus, theme: Theme, changes: inout Changes) {
        let newSite = plan.site, newIndex = plan.index
        let sitemapChanged = plan.sitemapChanged
        let renderer = SiteRenderer(site: newSite, theme: theme, strings: strings)
        let order = dirty.sorted()
        let htmls = parallelMap(order) { i in renderer.render(page: i) }
        changes.rendered = order.count

        mark("render")
        // Site-wide files, written after the pages in a full build (so they win on a clash).
        var overlay: [String: [UInt8]] = ["index.html": renderer.renderRoot()]
        for (path, html) in renderer.aliases() { overlay[path] = Array(html.utf8) }
        for (path, bytes) in theme.assets { overlay[path] = bytes }
        for (path, bytes) in assetBytes { overlay[ContentPaths.assetOutput(of: path)] = bytes }
        for (path, text) in TypeOutputs.files(site: newSite, theme: theme, strings: strings) { overlay[path] = Array(text.utf8) }
        // The search index is rebuilt whole (per language, in parallel); shards whose bytes did not
        // change are not written again below.
        let search = SearchStage.run(site: newSite, theme: theme, strings: strings)
        for (path, bytes) in search.files { overlay[path] = bytes }
        for (path, html) in search.pages { overlay[path] = html }
        mark("search")
        if sitemapChanged {
            if let sitemap = Sitemap.xml(for: newSite) { overlay["sitemap.xml"] = Array(sitemap.utf8) }
        } else if let previous = outputs["sitemap.xml"], overlayPaths.contains("sitemap.xml") {
            overlay["sitemap.xml"] = previous
        }

        mark("site-wide files")
        // Commit: nothing above touched the last good state.
        var written: [String] = []
        var removed: [String] = []
        func pageURL(_ path: String) -> String? { path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : nil }
        for (i, bytes) in zip(order, htmls) {
            let path = SiteRenderer.outputPath(of: newSite.pages[i].url)
            if overlay[path] != nil { continue }
            if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
        }
        if plan.structural {
            for (url, _) in siteIndex where newIndex[url] == nil {
                let path = SiteRenderer.outputPath(of: url)
                if overlay[path] == nil, outputs.removeValue(forKey: path) != nil { removed.append(path) }
            }
        }
        for path in overlayPaths where overlay[path] == nil {
            if let url = pageURL(path), let i = newIndex[url] {
                // No longer hidden by a site-wide file: the page's own bytes come back.
                let bytes = renderer.render(page: i)
                if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
            } else if outputs.removeValue(forKey: path) != nil {
                removed.append(path)
            }
        }
        for (path, bytes) in overlay where outputs[path] != bytes {
            outputs[path] = bytes
            written.append(path)
        }
        if plan.structural {
            pagesBySource = plan.bySource
            listingAtCommit = parsed.mapValues(\.listing)
        } else {
            for path in reparsedSinceCommit { listingAtCommit[path] = parsed[path]?.listing }
        }
        site = newSite
        typedAtCommit = pendingTypedDigest
        siteIndex = newIndex
        digests = plan.digests
        status = newStatus
        renderedTheme = themeFiles
        overlayPaths = Set(overlay.keys)
        reparsedSinceCommit = []
        structuralSinceCommit = false
        statusPaths = []
        statusChanged = false
        changes.written = written.sorted()
        changes.removed = removed.sorted()

        mark("commit")
        if verify {
            var expected: [String: [UInt8]] = [:]
            let all = parallelMap(Array(newSite.pages.indices)) { renderer.render(page: $0) }
            for (i, bytes) in all.enumerated() { expected[SiteRenderer.outputPath(of: newSite.pages[i].url)] = bytes }
            for (path, bytes) in overlay { expected[path] = bytes }
            if let sitemap = Sitemap.xml(for: newSite) { expected["sitemap.xml"] = Array(sitemap.utf8) }
            for path in Set(expected.keys).union(outputs.keys) where expected[path] != outputs[path] {
                changes.missed.append(path)
            }
            changes.missed.sort()
        }
    }
}


/// What of the typed content can change rendered pages: per typed page, and the site-wide
/// lists (summary tables, the postmortem index). Descriptions are enough: they are small and
/// deterministic.
struct TypedDigest: Equatable {
    var pages: [String: Int] = [:]
    var lists = 0

    init() {}

    init(_ types: TypedContent) {
        for (path, p) in types.postmortems { pages[path] = String(describing: p).hashValue }
        for (path, a) in types.apologies { pages[path] = String(describing: a).hashValue }
        for (path, s) in types.steps { pages[path] = String(describing: s).hashValue }
        var h = Hasher()
        for lang in types.summaryTables.keys.sorted() { h.combine(String(describing: types.summaryTables[lang]!)) }
        for path in types.postmortems.keys.sorted() { h.combine(path); h.combine(pages[path]) }
        lists = h.finalize()
    }
}
