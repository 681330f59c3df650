#if canImport(Glibc)
import Glibc
import PlaybookModel
import PlaybookLoad
import PlaybookParse
import PlaybookAssemble
import PlaybookRender
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
/// Each stage keeps its own cache (`load`, `parse`, `assemble`, `check`, `render`, `index`), so a
/// stage's state is named by the stage that owns it.
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
    public internal(set) var outputs: [String: [UInt8]] = [:]
    /// The warnings of the last good site, as `playbook build --verbose` and `playbook check`
    /// report them for the same files (sorted by file, line, rule and message).
    public var warnings: [Diagnostic] { check.lastDiagnostics.warnings }
    /// Per language: own pages and fallback copies (as in `BuildReport.languages`).
    public var languages: [(code: String, pages: Int, fallbacks: Int)] {
        guard let site = assemble.site else { return [] }
        return load.config.languages.map { lang in
            let own = site.pages.filter { $0.lang == lang.code && $0.source != nil }
            return (lang.code, own.filter { !$0.isFallback }.count, own.filter(\.isFallback).count)
        }
    }

    // Each stage's cache, in pipeline order. The source-side caches follow the files, also
    // through failed builds; the assemble, render and index caches hold the last good site.
    var load = LoadCache()
    var parse = ParseCache()
    var assemble = AssembleCache()
    var check = CheckCache()
    var render = RenderCache()
    var index = IndexCache()

    /// Load: the source tree as last read.
    struct LoadCache {
        var needsFullLoad = true
        var config = SiteConfig()
        /// Warnings of the last full load (playbook.yml's own, files skipped for their names).
        var loadWarnings: [Diagnostic] = []
        var themeFiles: [String: [UInt8]] = [:]
        var strings: [String: Strings] = [:]
        var theme: Theme?
        var history = SourceHistory.empty
        var files: [String: ContentFile] = [:]
        var diskPath: [String: String] = [:]
        var assetBytes: [String: [UInt8]] = [:]
        /// Content paths `SourceAdmission` refused (unreadable, too large, a link out of the tree).
        var admissionErrors: [String: Diagnostic] = [:]
        /// Content paths whose heads must be read again (changed, or waiting after a failure).
        var pendingHeads: Set<String> = []
        var pendingRemovals: Set<String> = []
        var themePending = false
    }

    /// Parse: front matter, translation groups and their status, parsed Markdown and link targets.
    struct ParseCache {
        var rawHeads: [String: PageParser.Head] = [:]
        var readErrors: [String: [Diagnostic]] = [:]
        var heads: [String: PageParser.Head] = [:]
        var keyOf: [String: String] = [:]
        var keyMembers: [String: Set<String>] = [:]
        var inheritErrors: [String: [Diagnostic]] = [:]
        var statusByKey: [String: [String: [TranslationStatus.Entry]]] = [:]
        var parsed: [String: ParsedInfo] = [:]
        var parseErrors: [String: [Diagnostic]] = [:]
        var parsedStrings: [String: [UInt8]]? = nil
        var linkContext = LinkTargets()
        /// Content assets that appeared or went since the last parse (links to them may resolve now).
        var pendingAssetLinks: Set<String> = []
        /// Content paths whose Markdown must be parsed again (kept until a parse happened).
        var pendingParse: Set<String> = []
        /// Numbers parses (see `ParsedInfo.generation`).
        var generations = 0
    }

    /// Assemble: the last good site, its digests and typed content, and what changed since it.
    struct AssembleCache {
        var site: Site?
        var siteIndex: [String: Int] = [:]
        var digests: [PageDigest] = []
        var status: TranslationStatus?
        /// The warnings of the last assembly (`tag/collision`), kept while the site is not assembled again.
        var assembleWarnings: [Diagnostic] = []
        /// Content path → the pages showing it (the page and its fallback copies).
        var pagesBySource: [String: [Int]] = [:]
        /// Each parsed page's listing digest in the last good site.
        var listingAtCommit: [String: Int] = [:]
        /// The typed content in the last good site, and what the site being built changes of it.
        var typedAtCommit = TypedState()
        var pendingTyped = TypedState()
        /// Pages parsed again since the last good site.
        var reparsedSinceCommit: Set<String> = []
        /// Files appeared, went, changed edition or URL; or everything was parsed again.
        var structuralSinceCommit = true
        /// Translation status entries that changed (content paths), and whether any did.
        var statusPaths: Set<String> = []
        var statusChanged = true
    }

    /// Check: diagnostics per page (following the sources) and the last good site's report.
    struct CheckCache {
        var checks = IncrementalCheck()
        /// Translation groups whose status was computed again since the checks last ran.
        var checkKeys: Set<String> = []
        var lastDiagnostics = Diagnostics()
    }

    /// Render: the theme's rendered files and the site-wide files of the last good site.
    struct RenderCache {
        var renderedTheme: [String: [UInt8]] = [:]
        var siteFiles = SiteFiles()
        /// Content assets changed since the last good site.
        var assetsPending = true
    }

    /// Index: which languages' search indexes are behind the pages (see SearchJob).
    struct IndexCache {
        /// Languages whose search index is older than the last good site's pages.
        var pendingSearch: Set<String> = []
        /// Counts commits: a search job made before the last one is out of date.
        var searchGeneration = 0
    }

    // MARK: search (see SearchJob)
    /// Leave the search indexes to `searchJob()` and `commit(_:)` (the server) instead of
    /// building them in `build()` and `rebuild(changed:)`.
    public var deferSearch = false

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

    var parser: PageParser { PageParser(config: load.config, edition: options.edition, strings: load.strings) }
    var contentRoot: String { options.source + "/content" }
    var admission: SourceAdmission { SourceAdmission(root: options.source, languages: Set(load.config.languages.map(\.code))) }

    // MARK: - Entry points

    /// Loads everything and builds the whole site.
    @discardableResult
    public func build() throws -> Changes {
        let start = DispatchTime.now()
        load.needsFullLoad = true
        let tree = try SourceTree.load(root: options.source)
        load.config = tree.config
        load.themeFiles = tree.theme
        load.history = SourceHistory.read(root: options.source)
        load.files = [:]
        load.diskPath = [:]
        for file in tree.content { load.files[file.path] = file; load.diskPath[file.path] = file.diskPath ?? file.path }
        load.loadWarnings = tree.warnings
        load.assetBytes = [:]
        load.admissionErrors = [:]
        let admission = self.admission
        for path in tree.contentAssets { readAsset(ContentPaths.assetOutput(of: path), disk: path, admission) }
        parse.rawHeads = [:]; parse.readErrors = [:]; parse.heads = [:]; parse.keyOf = [:]; parse.keyMembers = [:]
        parse.inheritErrors = [:]; parse.statusByKey = [:]; parse.parsed = [:]; parse.parseErrors = [:]; parse.parsedStrings = nil
        parse.linkContext = LinkTargets(urls: [:], keys: [:], published: [], assets: Set(load.assetBytes.keys), config: load.config)
        parse.pendingAssetLinks = []
        check.checks = IncrementalCheck()
        check.checkKeys = []
        render.assetsPending = true
        load.pendingHeads = Set(load.files.keys)
        load.pendingRemovals = []
        parse.pendingParse = []
        assemble.structuralSinceCommit = true
        assemble.statusChanged = true
        load.themePending = true
        // The render state is kept: its digests decide what a first build after a reload
        // writes; with no previous site, everything.
        load.needsFullLoad = false
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
        if load.needsFullLoad { return try build() }
        for raw in paths {
            var path = raw
            while path.hasPrefix("./") { path.removeFirst(2) }
            while path.hasSuffix("/") { path.removeLast() }
            if path.isEmpty || path == "content" || path == "playbook.yml" { return try build() }
            if path == "templates" || path.hasPrefix("templates/") { load.themePending = true; continue }
            guard path.hasPrefix("content/") else { continue }
            let relative = String(path.dropFirst("content/".count))
            if SourceAdmission.ignored(path: relative) { continue }
            if try !contentChanged(relative) { return try build() }
        }
        var changes = try update()
        changes.seconds = Self.seconds(since: start)
        return changes
    }

    /// `PLAYBOOK_TIMING=1` prints how long each step of a rebuild took (to stderr).
    var clock = StageClock()
    func mark(_ what: @autoclosure () -> String) { clock.mark(what()) }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

}
