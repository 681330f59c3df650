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
/// The checks follow the same way (`IncrementalCheck`); site-wide files are made again only
/// where their inputs can have changed (`SiteFiles`); the search indexes of the languages with
/// changed pages are built last, or, with `deferSearch`, by a `SearchJob` after the pages are out.
///
/// Not thread-safe: one call at a time (the server's watcher thread and search thread take a
/// lock); hand `outputs` to readers.
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
        /// Warnings of the checks (sorted when first read).
        public var warnings: [Diagnostic] { diagnostics.warnings }
        public var warningCount: Int { diagnostics.warningCount }
        var diagnostics = Diagnostics()
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
    /// Warnings of the last full load (playbook.yml's own, files skipped for their names).
    private var loadWarnings: [Diagnostic] = []
    private var themeFiles: [String: [UInt8]] = [:]
    private var strings: [String: Strings] = [:]
    private var theme: Theme?
    private var history = SourceHistory.empty
    private var files: [String: ContentFile] = [:]
    private var diskPath: [String: String] = [:]
    private var assetBytes: [String: [UInt8]] = [:]
    private var rawHeads: [String: PageParser.Head] = [:]
    private var readErrors: [String: [Diagnostic]] = [:]
    private var heads: [String: PageParser.Head] = [:]
    private var keyOf: [String: String] = [:]
    private var keyMembers: [String: Set<String>] = [:]
    private var inheritErrors: [String: [Diagnostic]] = [:]
    private var statusByKey: [String: [String: [TranslationStatus.Entry]]] = [:]
    private var parsed: [String: ParsedInfo] = [:]
    private var parseErrors: [String: [Diagnostic]] = [:]
    private var parsedStrings: [String: [UInt8]]? = nil
    private var linkContext = LinkTargets()
    /// Content assets that appeared or went since the last parse (links to them may resolve now).
    private var pendingAssetLinks: Set<String> = []
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
    private var siteFiles = SiteFiles()
    /// Content assets changed since the last good site.
    private var assetsPending = true
    /// Content path → the pages showing it (the page and its fallback copies).
    private var pagesBySource: [String: [Int]] = [:]
    /// Each parsed page's listing digest in the last good site.
    private var listingAtCommit: [String: Int] = [:]
    /// The typed content in the last good site, and what the site being built changes of it.
    private var typedAtCommit = TypedState()
    private var pendingTyped = TypedState()
    /// The check stage's diagnostics, per page (follows the source, also through failed builds).
    private var checks = IncrementalCheck()
    /// Translation groups whose status was computed again since the checks last ran.
    private var checkKeys: Set<String> = []
    /// Numbers parses (see `ParsedInfo.generation`).
    private var generations = 0

    // MARK: search (see SearchJob)
    /// Leave the search indexes to `searchJob()` and `commit(_:)` (the server) instead of
    /// building them in `build()` and `rebuild(changed:)`.
    public var deferSearch = false
    /// Languages whose search index is older than the last good site's pages.
    private var pendingSearch: Set<String> = []
    /// Counts commits: a search job made before the last one is out of date.
    private var searchGeneration = 0

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
        /// Unique per parse: what `IncrementalCheck` remembers its diagnostics by.
        let generation: Int
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
        for file in tree.content { files[file.path] = file; diskPath[file.path] = file.diskPath ?? file.path }
        loadWarnings = tree.warnings
        assetBytes = [:]
        for path in tree.contentAssets { assetBytes[ContentPaths.assetOutput(of: path)] = (try? FileSystem.read(contentRoot + "/" + path)) ?? [] }
        rawHeads = [:]; readErrors = [:]; heads = [:]; keyOf = [:]; keyMembers = [:]
        inheritErrors = [:]; statusByKey = [:]; parsed = [:]; parseErrors = [:]; parsedStrings = nil
        linkContext = LinkTargets(urls: [:], keys: [:], published: [], assets: Set(assetBytes.keys), config: config)
        pendingAssetLinks = []
        checks = IncrementalCheck()
        checkKeys = []
        assetsPending = true
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
    private var clock = StageClock()
    private func mark(_ what: @autoclosure () -> String) { clock.mark(what()) }

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
            var errors: [Diagnostic] = []
            SourceTree.walk(contentRoot, relative: relative, lang: lang, seen: &seen, markdown: &markdown, assets: &assets, errors: &errors)
            if errors.contains(where: { $0.severity == .error }) { return false }
            var found: Set<String> = []
            for item in markdown {
                let k = item.path.precomposedStringWithCanonicalMapping
                found.insert(ContentPaths.fromDisk(k, languages: languages).path)
                try readMarkdown(k, disk: item.path, lang: lang)
            }
            for a in assets {
                let k = a.precomposedStringWithCanonicalMapping
                found.insert(k)
                assetBytes[k] = (try? FileSystem.read(contentRoot + "/" + a)) ?? []
                assetsPending = true
                pendingAssetLinks.insert(k)
            }
            for gone in known(under: key) where !found.contains(gone) { forget(gone) }
        } else if FileSystem.exists(full) {
            if key.hasSuffix(".md") {
                try readMarkdown(key, disk: relative, lang: lang)
            } else {
                assetBytes[key] = (try? FileSystem.read(full)) ?? []
                assetsPending = true
                pendingAssetLinks.insert(key)
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
        return files.keys.filter { (diskPath[$0] ?? $0).hasPrefix(p) } + assetBytes.keys.filter { $0.hasPrefix(p) }
    }

    private func readMarkdown(_ diskKey: String, disk: String, lang _: String) throws {
        let (key, lang) = ContentPaths.fromDisk(diskKey, languages: Set(config.languages.map(\.code)))
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(contentRoot + "/" + disk) } catch {
            forget(key)  // vanished between the event and now: a later event says more
            return
        }
        if let old = files[key], old.bytes == bytes, rawHeads[key] != nil || readErrors[key] != nil { return }
        files[key] = ContentFile(path: key, lang: lang, bytes: bytes)
        diskPath[key] = diskKey
        pendingHeads.insert(key)
        pendingRemovals.remove(key)
    }

    private func forget(_ diskKey: String) {
        let key = diskKey.hasSuffix(".md") ? ContentPaths.fromDisk(diskKey, languages: Set(config.languages.map(\.code))).path : diskKey
        if files.removeValue(forKey: key) != nil {
            pendingRemovals.insert(key)
            pendingHeads.remove(key)
        }
        diskPath.removeValue(forKey: key)
        if assetBytes.removeValue(forKey: key) != nil { assetsPending = true; pendingAssetLinks.insert(key) }
    }

    // MARK: - The pipeline

    private func update() throws -> Changes {
        var changes = Changes()
        clock = StageClock()

        // Theme and UI strings.
        if themePending {
            var errors: [Diagnostic] = []
            themeFiles = try SourceTree.loadTheme(root: options.source, errors: &errors)
            if !errors.isEmpty { throw BuildFailure(errors) }
            strings = try StringsLoader.load(theme: themeFiles, config: config)
            theme = try Theme(files: themeFiles)
            themePending = false
        }
        guard let theme else { throw BuildFailure([Diagnostic(file: "templates/", "the theme did not load", rule: "theme/syntax")]) }
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
        // Same-path files are translations, key or not (PageParser.adoptKeys): the files beside a
        // changed one may take or lose its key.
        var relatives: Set<String> = []
        for path in touched { relatives.insert(ContentPaths.languageRelative(path)) }
        for relative in relatives {
            let members = config.languages.map { $0.code + "/" + relative }.filter { rawHeads[$0] != nil }
            let key = PageParser.adoptedKey(members.map { rawHeads[$0]!.meta.translationKey })
            for path in members {
                let adopted = rawHeads[path]!.meta.translationKey == nil ? key : nil
                guard rawHeads[path]!.adoptedKey != adopted else { continue }
                if let old = keyOf.removeValue(forKey: path) { keyMembers[old]?.remove(path); affectedKeys.insert(old) }
                rawHeads[path]!.adoptedKey = adopted
                let now = rawHeads[path]!.translationKey
                keyOf[path] = now
                keyMembers[now, default: []].insert(path)
                affectedKeys.insert(now)
                touched.insert(path)
            }
        }
        if reparseAll { affectedKeys = Set(keyMembers.keys) }
        let groups = Array(affectedKeys)
        let groupResults = parallelMap(groups) { key -> ([PageParser.Head], [Diagnostic], [String: [TranslationStatus.Entry]]) in
            var members = (self.keyMembers[key] ?? []).sorted().compactMap { self.rawHeads[$0] }
            let errors = Inheritance.apply(to: &members, config: self.config)
            let status = TranslationStatus.compute(heads: members, config: self.config, history: self.history)
                .withChanges(heads: members, root: self.options.source)
            var byLang: [String: [TranslationStatus.Entry]] = [:]
            for (lang, entries) in status.languages where !entries.isEmpty { byLang[lang] = entries }
            return (members, errors, byLang)
        }
        checkKeys.formUnion(groups)
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
        var urlNeedles: Set<String> = []
        var changedKeys: Set<String> = []
        for path in pendingAssetLinks where linkContext.updateAsset(path, exists: assetBytes[path] != nil) { targets.insert(path) }
        pendingAssetLinks = []
        for path in touched {
            let head = files[path] != nil ? heads[path] : nil
            let published = head.map { head in
                !(head.meta.draft && !options.includeDrafts) && Publication.isPublished(head.meta, kind: head.kind, edition: options.edition)
            } == true
            let oldURL = linkContext.urlsByPath[path]
            if let key = linkContext.keys[path] { changedKeys.insert(key) }
            if let key = head?.translationKey { changedKeys.insert(key) }
            if linkContext.update(path, head: head, published: published, config: config) {
                targets.insert(path)
                // Links may name a page by its URL (`slug:`, `url:`): its old and new last segments.
                for url in [oldURL, head?.url].compactMap({ $0 }) {
                    if let last = url.split(separator: "/").last { urlNeedles.insert(String(last)) }
                }
            }
            if !published { parsed.removeValue(forKey: path); parseErrors.removeValue(forKey: path) }
        }
        let collisions = linkContext.assetCollisions()
        if !collisions.isEmpty { throw BuildFailure(collisions) }
        // A link to a page resolves to its translation in the linking page's language: links to
        // the other members of a changed page's translation group may resolve differently too.
        if !targets.isEmpty && targets.count <= 32 {
            for (path, key) in linkContext.keys where changedKeys.contains(key) && !targets.contains(path) {
                if let last = path.split(separator: "/").last { urlNeedles.insert(last.hasSuffix(".md") ? String(last.dropLast(3)) : String(last)) }
            }
        }
        // Links to pages that appeared, disappeared or changed edition may resolve differently.
        if !targets.isEmpty || reparseAll { structuralSinceCommit = true }
        if targets.count > 32 {
            pendingParse.formUnion(heads.keys)
        } else if !targets.isEmpty {
            pendingParse.formUnion(Self.pagesMentioning(targets, in: heads, alsoMentioning: urlNeedles))
        }
        let context = linkContext
        let parseHeads = pendingParse.filter { context.published.contains($0) }.sorted().compactMap { heads[$0] }
        pendingParse = []
        let first = generations
        generations += parseHeads.count
        let results = parallelMap(Array(parseHeads.enumerated())) { (n, head) -> Result<ParsedInfo, BuildFailure> in
            parser.render(head, targets: context)
                .map { ParsedInfo(page: $0, listing: Self.listingDigest($0), body: Self.bodyDigest($0), generation: first + n) }
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

        mark("parse")
        // Assemble. When no file appeared or went and no page changed what lists show of it
        // (its listing digest), the site's structure is the last one's: swap in the new
        // parsed pages instead of assembling again.
        let newStatus = translationStatus()
        var plan: Plan
        if site != nil, !structuralSinceCommit, renderedTheme == themeFiles,
           reparsedSinceCommit.allSatisfy({ path in parsed[path].map { $0.listing == listingAtCommit[path] } ?? false }) {
            // Take the site out so that it is changed in place, not copied; `undo` puts it back
            // if the checks below fail.
            var newSite = site!
            site = nil
            newSite.translations = newStatus
            var newDigests = digests
            var dirty: Set<Int> = []
            var undo: [(Int, SitePage)] = []
            for path in reparsedSinceCommit {
                guard let info = parsed[path] else { continue }
                for i in pagesBySource[path] ?? [] {
                    let p = newSite.pages[i]
                    undo.append((i, p))
                    newSite.pages[i] = SitePage(kind: p.kind, lang: p.lang, contentLang: p.contentLang, url: p.url, source: info.page,
                                                title: p.title, summary: p.summary, translations: p.translations, children: p.children, tag: p.tag)
                    newDigests[i] = PageDigest(newSite.pages[i], in: newSite, parsed: parsed)
                    if newDigests[i].own != digests[i].own { dirty.insert(i) }
                }
            }
            plan = Plan(site: newSite, index: siteIndex, digests: newDigests, dirty: dirty, sitemapChanged: false, structural: false, bySource: pagesBySource, undo: undo)
        } else {
            let (newSite, assembleErrors) = SiteAssembler(config: config, strings: strings, edition: options.edition, translations: newStatus)
                .assemble(parsed.values.map(\.page))
            if !assembleErrors.isEmpty { throw BuildFailure(Builder.sorted(assembleErrors)) }
            plan = compare(newSite, reparsedAll: reparseAll)
        }
        mark("assemble+dirty (\(plan.dirty.count) pages)")

        // Content types and checks, as in a full build, found again only where they can differ
        // (see IncrementalCheck): errors keep the last good site.
        let buildDate = options.buildDate ?? .current()
        checks.run(IncrementalCheck.Input(
            parsed: parsed, files: files, site: plan.site, index: plan.index, bySource: plan.bySource, config: config, buildDate: buildDate,
            statusByKey: statusByKey, changed: structuralSinceCommit ? nil : reparsedSinceCommit, reassembled: plan.structural,
            changedKeys: checkKeys))
        checkKeys = []
        let earlier = loadWarnings + (options.edition == .field ? Checker.editionWarnings(parsed.values.map(\.page), edition: options.edition, config: config) : [])
        let diagnostics = checks.diagnostics(policy: config.checks, earlier: earlier)
        let checkErrors = diagnostics.errors
        if !checkErrors.isEmpty {
            if let undo = plan.undo {
                var restored = plan.site
                for (i, page) in undo { restored.pages[i] = page }
                restored.translations = status ?? restored.translations
                site = restored
            }
            throw BuildFailure(checkErrors)
        }
        changes.diagnostics = diagnostics
        // The last good site's typed content: still in the site taken out (fast path), or in
        // `site` (assembled again).
        let oldTypes = site?.types ?? plan.site.types
        plan.site.types = checks.types
        mark("types+check")

        // Typed values (summary tables, postmortem facts, apology emails) show on their own pages
        // and, for tables and the postmortem index, on homes and section pages.
        var dirty = plan.dirty
        let typed = TypedState(tables: checks.tablesDigest, buildDate: buildDate.epoch)
        let dateChanged = typed.buildDate != typedAtCommit.buildDate
        var listsChanged = typed.tables != typedAtCommit.tables
        if dirty.count < plan.site.pages.count {
            // Only a reparsed page's typed model can have changed: compare it with the last good
            // site's (`oldTypes`). A postmortem's shows in the index on section pages and homes.
            for path in reparsedSinceCommit {
                let before = TypedState.describe(path, in: oldTypes), after = TypedState.describe(path, in: checks.types)
                guard before != after else { continue }
                for i in plan.bySource[path] ?? [] { dirty.insert(i) }
                if oldTypes.postmortems[path] != nil || checks.types.postmortems[path] != nil { listsChanged = true }
            }
        }
        if listsChanged || dateChanged {
            for (i, page) in plan.site.pages.enumerated() where page.kind == .home || page.kind == .section { dirty.insert(i) }
        }
        if dateChanged {
            // Overdue action items are judged against the day.
            for path in Set(checks.types.postmortems.keys).union(checks.types.apologies.keys).union(checks.types.steps.keys) {
                for i in plan.bySource[path] ?? [] { dirty.insert(i) }
            }
        }
        pendingTyped = typed
        if statusChanged { dirty.formUnion(plan.site.dashboards.values) }
        for path in statusPaths {
            for i in plan.bySource[path] ?? [] where !plan.site.pages[i].isFallback { dirty.insert(i) }
        }

        mark("typed+status dirty (\(dirty.count) pages)")
        // Render what can have changed; keep what did.
        render(plan, dirty: dirty, status: newStatus, theme: theme, typedListsChanged: listsChanged, dateChanged: dateChanged, changes: &changes)
        if !deferSearch { finishSearch(&changes) }
        changes.written.sort()
        changes.removed.sort()
        verifyOutputs(&changes)
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

    private func render(_ plan: Plan, dirty: Set<Int>, status newStatus: TranslationStatus, theme: Theme, typedListsChanged: Bool, dateChanged: Bool, changes: inout Changes) {
        let newSite = plan.site, newIndex = plan.index
        let order = dirty.sorted()
        // Navigation and summary tables made once per place pay off when many pages render.
        let renderer = SiteRenderer(site: newSite, theme: theme, strings: strings, places: order.count * 10 > newSite.pages.count)
        let htmls = parallelMap(order) { i in renderer.render(page: i) }
        changes.rendered = order.count
        mark("render")

        // Site-wide files: only the groups whose inputs may have changed (see SiteFiles). All of
        // a kind when files appeared or went, the theme or the day changed; else those of the
        // pages that render differently (what a feed or an email shows of a page, that page shows).
        let themeChanged = renderedTheme != themeFiles
        let everything = structuralSinceCommit || themeChanged || dateChanged
        let languages = config.languages.map(\.code)
        let affected = order.map { newSite.pages[$0] }
        var touched: [String] = []
        if plan.structural || themeChanged || assetsPending {
            var files: [String: [UInt8]] = ["index.html": renderer.renderRoot()]
            for (path, html) in renderer.aliases() { files[path] = Array(html.utf8) }
            for (path, bytes) in theme.assets { files[path] = bytes }
            for (path, bytes) in assetBytes { files[ContentPaths.assetOutput(of: path)] = bytes }
            touched += siteFiles.replace(.init(kind: .site, name: ""), with: files)
        }
        // A feed shows what lists show of postmortems (unchanged on the fast path) and their
        // typed facts (a change there changes the lists).
        let typeLanguages = everything || typedListsChanged ? Set(languages)
            : Set(plan.structural ? affected.filter { $0.section == TypedContent.postmortemSection }.map(\.lang) : [])
        for lang in typeLanguages {
            let files = TypeOutputs.languageFiles(lang, site: newSite, strings: strings)
            touched += siteFiles.replace(.init(kind: .types, name: lang), with: Self.bytes(files))
        }
        if everything {
            let templates = newSite.pages.filter { TypeOutputs.isTemplate($0, in: newSite) }
            var groups: [SiteFiles.Group: [String: [UInt8]]] = [:]
            for (page, file) in zip(templates, TypeOutputs.emails(templates, site: newSite, theme: theme)) {
                groups[.init(kind: .email, name: page.url)] = [file.path: Array(file.html.utf8)]
            }
            touched += siteFiles.replaceAll(.email, with: groups)
        } else {
            for page in affected {
                let files = TypeOutputs.isTemplate(page, in: newSite) ? TypeOutputs.emails([page], site: newSite, theme: theme) : []
                touched += siteFiles.replace(.init(kind: .email, name: page.url), with: Self.bytes(files))
            }
            // A fallback copy can go without a file going (a translation_key changed).
            for group in siteFiles.groups(of: .email) where newIndex[group.name] == nil { touched += siteFiles.replace(group, with: [:]) }
        }
        // The search index of each language with a changed page is built again after the pages
        // are committed (see `SearchJob`); the search pages show only navigation.
        pendingSearch.formUnion(plan.dirty.map { newSite.pages[$0].lang })
        // The search pages (and the 404 page) show the language's navigation: made again when it changed.
        let navigationChanged = plan.structural && languages.contains { lang in
            site.map { DirtyPages.navigation($0, lang) != DirtyPages.navigation(newSite, lang) } ?? true
        }
        if everything || navigationChanged {
            var pages = SearchPages.render(site: newSite, theme: theme, strings: strings)
            // The 404 page, too, shows only navigation.
            if let notFound = NotFoundPage.render(site: newSite, theme: theme, strings: strings) { pages.append((NotFoundPage.path, notFound)) }
            touched += siteFiles.replace(.init(kind: .search, name: ""), with: Dictionary(pages.map { ($0.path, $0.html) }, uniquingKeysWith: { _, b in b }))
        }
        if plan.sitemapChanged {
            let sitemap = Sitemap.xml(for: newSite).map { ["sitemap.xml": Array($0.utf8)] } ?? [:]
            touched += siteFiles.replace(.init(kind: .sitemap, name: ""), with: sitemap)
        }
        mark("site-wide files")

        // Commit: nothing above touched the last good state but `siteFiles`, and nothing below throws.
        var written: [String] = []
        var removed: [String] = []
        for (i, bytes) in zip(order, htmls) {
            let path = SiteRenderer.outputPath(of: newSite.pages[i].url)
            if siteFiles.contains(path) { continue }
            if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
        }
        if plan.structural {
            for (url, _) in siteIndex where newIndex[url] == nil {
                let path = SiteRenderer.outputPath(of: url)
                if !siteFiles.contains(path), outputs.removeValue(forKey: path) != nil { removed.append(path) }
            }
        }
        let rendered = Set(order.map { SiteRenderer.outputPath(of: newSite.pages[$0].url) })
        commitSiteFiles(touched.filter { !rendered.contains($0) || siteFiles.contains($0) }, index: newIndex, renderer: { renderer },
                        written: &written, removed: &removed)
        if plan.structural { pagesBySource = plan.bySource }
        if structuralSinceCommit {
            listingAtCommit = parsed.mapValues(\.listing)
        } else {
            for path in reparsedSinceCommit { listingAtCommit[path] = parsed[path]?.listing }
        }
        site = newSite
        typedAtCommit = pendingTyped
        siteIndex = newIndex
        digests = plan.digests
        status = newStatus
        renderedTheme = themeFiles
        reparsedSinceCommit = []
        structuralSinceCommit = false
        statusPaths = []
        statusChanged = false
        assetsPending = false
        searchGeneration += 1
        changes.written = written
        changes.removed = removed
        mark("commit")
    }

    static func bytes(_ files: [(path: String, html: String)]) -> [String: [UInt8]] {
        Dictionary(files.map { ($0.path, Array($0.html.utf8)) }, uniquingKeysWith: { _, b in b })
    }

    /// Brings `outputs` in line with `siteFiles` at `touched` paths: a path no group writes any
    /// more shows its page again, if there is one.
    private func commitSiteFiles(_ touched: [String], index: [String: Int], renderer: () -> SiteRenderer, written: inout [String], removed: inout [String]) {
        for path in Set(touched) {
            if let bytes = siteFiles.bytes(path) {
                if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
            } else if path.hasSuffix("index.html"), let i = index[String(path.dropLast("index.html".count))] {
                let bytes = renderer().render(page: i)
                if outputs[path] != bytes { outputs[path] = bytes; written.append(path) }
            } else if outputs.removeValue(forKey: path) != nil {
                removed.append(path)
            }
        }
    }

    // MARK: - Search

    /// The search indexes of the languages whose pages changed since they were last built, from
    /// the last good site; nil when none are waiting.
    public func searchJob() -> SearchJob? {
        guard let site, !pendingSearch.isEmpty else { return nil }
        let inputs = config.languages.map(\.code).filter(pendingSearch.contains).map { lang in
            SearchJob.Input(lang: lang, documents: SearchStage.documents(of: site, lang: lang),
                            labels: SearchStage.labels(site: site, lang: lang, strings: strings[lang]))
        }
        return SearchJob(generation: searchGeneration, inputs: inputs)
    }

    /// Takes a finished job's indexes into the site, unless a rebuild came after the job was
    /// made (then nil: a newer job has the newer pages).
    public func commit(_ result: SearchJob.Result) -> Changes? {
        let start = DispatchTime.now()
        guard result.generation == searchGeneration, let site, let theme else { return nil }
        var touched: [String] = []
        for (lang, files) in result.files {
            touched += siteFiles.replace(.init(kind: .search, name: lang), with: files)
            pendingSearch.remove(lang)
        }
        var changes = Changes()
        var written: [String] = [], removed: [String] = []
        var renderer: SiteRenderer?
        commitSiteFiles(touched, index: siteIndex, renderer: {
            if renderer == nil { renderer = SiteRenderer(site: site, theme: theme, strings: strings, places: false) }
            return renderer!
        }, written: &written, removed: &removed)
        changes.written = written.sorted()
        changes.removed = removed.sorted()
        changes.seconds = Self.seconds(since: start)
        return changes
    }

    /// Runs the waiting search job here and now (without `deferSearch`), adding what it changed.
    private func finishSearch(_ changes: inout Changes) {
        guard let job = searchJob(), let result = job.run(parallel: true), let more = commit(result) else { return }
        changes.written = Array(Set(changes.written + more.written)).sorted()
        changes.removed = Array(Set(changes.removed + more.removed).subtracting(changes.written)).sorted()
        mark("search")
    }

    /// With `verify`: every page rendered again and compared with what the rebuild kept.
    private func verifyOutputs(_ changes: inout Changes) {
        guard verify, let site, let theme else { return }
        let renderer = SiteRenderer(site: site, theme: theme, strings: strings)
        var expected: [String: [UInt8]] = [:]
        let all = parallelMap(Array(site.pages.indices)) { renderer.render(page: $0) }
        for (i, bytes) in all.enumerated() { expected[SiteRenderer.outputPath(of: site.pages[i].url)] = bytes }
        for path in siteFiles.paths { expected[path] = siteFiles.bytes(path) }
        for path in Set(expected.keys).union(outputs.keys) where expected[path] != outputs[path] {
            changes.missed.append(path)
        }
        changes.missed.sort()
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
