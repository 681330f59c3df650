#if canImport(Glibc)
import Glibc
import PlaybookModel
import PlaybookLoad
import PlaybookParse
import PlaybookAssemble
import PlaybookCheck
import PlaybookRender
#endif
import Dispatch
import Foundation
import TextFolding
import Yams

/// The pipeline of `IncrementalBuilder`, stage by stage: each works on what changed since the
/// last run and keeps its results for the next.
extension IncrementalBuilder {
    // MARK: - The pipeline

    /// Runs every stage on what changed: theme → heads (front matter, inheritance, translation
    /// status) → parse → assemble → check → render (→ search). A stage that finds errors throws
    /// them and leaves the last good site as it was.
    func update() throws -> Changes {
        var changes = Changes()
        clock = StageClock()
        let (theme, reparseAll) = try themeStage()
        mark("theme")
        let touched = try headStage(reparseAll: reparseAll)
        mark("heads+inheritance+status")
        changes.parsed = try parseStage(touched: touched, reparseAll: reparseAll)
        mark("parse")
        let newStatus = translationStatus()
        var plan = try assembleStage(status: newStatus, reparseAll: reparseAll)
        mark("assemble+dirty (\(plan.dirty.count) pages)")
        let buildDate = options.buildDate ?? .current()
        let (diagnostics, oldTypes) = try checkStage(&plan, buildDate: buildDate)
        changes.diagnostics = diagnostics
        check.lastDiagnostics = diagnostics
        mark("types+check")
        let (dirty, listsChanged, dateChanged) = typedDirty(plan, oldTypes: oldTypes, buildDate: buildDate)
        mark("typed+status dirty (\(dirty.count) pages)")
        // Render what can have changed; keep what did.
        render(plan, dirty: dirty, status: newStatus, theme: theme, typedListsChanged: listsChanged, dateChanged: dateChanged, changes: &changes)
        if !deferSearch { finishSearch(&changes) }
        changes.written.sort()
        changes.removed.sort()
        verifyOutputs(&changes)
        return changes
    }

    /// Theme and UI strings (`Pipeline.theme`, as a full build loads them), when they changed;
    /// refusals of `SourceAdmission` fail here, as a full load fails. Returns the theme, and
    /// whether every page must be parsed again (the UI strings changed).
    func themeStage() throws -> (Theme, reparseAll: Bool) {
        if load.themePending {
            var errors: [Diagnostic] = []
            load.themeFiles = try SourceTree.loadTheme(root: options.source, errors: &errors)
            if !errors.isEmpty { throw BuildFailure(errors) }
            var diagnostics: [Diagnostic] = []
            let (newStrings, newTheme) = Pipeline.theme(load.themeFiles, config: load.config, diagnostics: &diagnostics)
            let themeErrors = diagnostics.filter { $0.severity == .error }
            if !themeErrors.isEmpty { throw BuildFailure(Builder.sorted(themeErrors)) }
            (load.strings, load.theme) = (newStrings, newTheme)
            check.checks.themeDiagnostics = diagnostics
            load.themePending = false
        }
        guard let theme = load.theme else { throw BuildFailure([Diagnostic(file: "templates/", "the theme did not load", rule: "theme/syntax")]) }
        if !load.admissionErrors.isEmpty { throw BuildFailure(Builder.sorted(Array(load.admissionErrors.values))) }
        let i18n = load.themeFiles.filter { $0.key.hasPrefix("i18n/") }
        let reparseAll = parse.parsedStrings != i18n
        if reparseAll { parse.parsedStrings = i18n }
        return (theme, reparseAll)
    }

    /// Front matter of the changed files; inheritance and translation status of their groups.
    /// Returns the content paths touched (read, removed, or in a group whose heads changed).
    func headStage(reparseAll: Bool) throws -> Set<String> {
        let parser = self.parser
        var affectedKeys: Set<String> = []
        var touched: Set<String> = load.pendingRemovals
        for path in load.pendingRemovals {
            parse.rawHeads.removeValue(forKey: path); parse.heads.removeValue(forKey: path)
            parse.readErrors.removeValue(forKey: path); parse.parseErrors.removeValue(forKey: path)
            parse.parsed.removeValue(forKey: path)
            if let key = parse.keyOf.removeValue(forKey: path) { parse.keyMembers[key]?.remove(path); affectedKeys.insert(key) }
        }
        load.pendingRemovals = []
        let toRead = load.pendingHeads.sorted().compactMap { load.files[$0] }
        load.pendingHeads = []
        for (file, result) in zip(toRead, parallelMap(toRead, parser.readHead)) {
            let path = file.path
            touched.insert(path)
            if let key = parse.keyOf.removeValue(forKey: path) { parse.keyMembers[key]?.remove(path); affectedKeys.insert(key) }
            switch result {
            case .success(let head):
                parse.rawHeads[path] = head
                parse.readErrors.removeValue(forKey: path)
                parse.keyOf[path] = head.translationKey
                parse.keyMembers[head.translationKey, default: []].insert(path)
                affectedKeys.insert(head.translationKey)
            case .failure(let failure):
                parse.rawHeads.removeValue(forKey: path); parse.heads.removeValue(forKey: path)
                parse.parsed.removeValue(forKey: path); parse.parseErrors.removeValue(forKey: path)
                parse.readErrors[path] = failure.errors
            }
        }
        // Same-path files are translations, key or not (PageParser.adoptKeys): the files beside a
        // changed one may take or lose its key.
        var relatives: Set<String> = []
        for path in touched { relatives.insert(ContentPaths.languageRelative(path)) }
        for relative in relatives {
            let members = load.config.languages.map { $0.code + "/" + relative }.filter { parse.rawHeads[$0] != nil }
            let key = PageParser.adoptedKey(members.map { parse.rawHeads[$0]!.meta.translationKey })
            for path in members {
                let adopted = parse.rawHeads[path]!.meta.translationKey == nil ? key : nil
                guard parse.rawHeads[path]!.adoptedKey != adopted else { continue }
                if let old = parse.keyOf.removeValue(forKey: path) { parse.keyMembers[old]?.remove(path); affectedKeys.insert(old) }
                parse.rawHeads[path]!.adoptedKey = adopted
                let now = parse.rawHeads[path]!.translationKey
                parse.keyOf[path] = now
                parse.keyMembers[now, default: []].insert(path)
                affectedKeys.insert(now)
                touched.insert(path)
            }
        }
        if reparseAll { affectedKeys = Set(parse.keyMembers.keys) }
        let groups = Array(affectedKeys)
        let groupResults = parallelMap(groups) { key -> ([PageParser.Head], [Diagnostic], [String: [TranslationStatus.Entry]]) in
            var members = (self.parse.keyMembers[key] ?? []).sorted().compactMap { self.parse.rawHeads[$0] }
            let errors = Inheritance.apply(to: &members, config: self.load.config)
            let status = TranslationStatus.compute(heads: members, config: self.load.config, history: self.load.history)
                .withChanges(heads: members, root: self.options.source)
            var byLang: [String: [TranslationStatus.Entry]] = [:]
            for (lang, entries) in status.languages where !entries.isEmpty { byLang[lang] = entries }
            return (members, errors, byLang)
        }
        check.checkKeys.formUnion(groups)
        for (key, (members, errors, byLang)) in zip(groups, groupResults) {
            if members.isEmpty { parse.keyMembers.removeValue(forKey: key) }
            for head in members { parse.heads[head.file.path] = head; parse.pendingParse.insert(head.file.path); touched.insert(head.file.path) }
            if errors.isEmpty { parse.inheritErrors.removeValue(forKey: key) } else { parse.inheritErrors[key] = errors }
            let before = Self.rows(parse.statusByKey[key]), after = Self.rows(byLang)
            if before != after {
                assemble.statusChanged = true
                for (path, row) in after where before[path] != row { assemble.statusPaths.insert(path) }
                for (path, _) in before where after[path] == nil { assemble.statusPaths.insert(path) }
            }
            if byLang.isEmpty { parse.statusByKey.removeValue(forKey: key) } else { parse.statusByKey[key] = byLang }
        }
        let headErrors = parse.readErrors.values.flatMap { $0 } + parse.inheritErrors.values.flatMap { $0 }
        if !headErrors.isEmpty { throw BuildFailure(Builder.sorted(headErrors)) }
        return touched
    }

    /// Parses the changed pages, and the pages whose links may lead elsewhere now. Returns how
    /// many Markdown files were parsed.
    func parseStage(touched: Set<String>, reparseAll: Bool) throws -> Int {
        let parser = self.parser
        var targets: Set<String> = []
        var urlNeedles: Set<String> = []
        var changedKeys: Set<String> = []
        for path in parse.pendingAssetLinks where parse.linkContext.updateAsset(path, exists: load.assetBytes[path] != nil) { targets.insert(path) }
        parse.pendingAssetLinks = []
        for path in touched {
            let head = load.files[path] != nil ? parse.heads[path] : nil
            let published = head.map { head in
                !(head.meta.draft && !options.includeDrafts) && Publication.isPublished(head.meta, kind: head.kind, edition: options.edition)
            } == true
            let oldURL = parse.linkContext.urlsByPath[path]
            if let key = parse.linkContext.keys[path] { changedKeys.insert(key) }
            if let key = head?.translationKey { changedKeys.insert(key) }
            if parse.linkContext.update(path, head: head, published: published, config: load.config) {
                targets.insert(path)
                // Links may name a page by its URL (`slug:`, `url:`): its old and new last segments.
                for url in [oldURL, head?.url].compactMap({ $0 }) {
                    if let last = url.split(separator: "/").last { urlNeedles.insert(String(last)) }
                }
            }
            if !published { parse.parsed.removeValue(forKey: path); parse.parseErrors.removeValue(forKey: path) }
        }
        let collisions = parse.linkContext.assetCollisions()
        if !collisions.isEmpty { throw BuildFailure(collisions) }
        // A link to a page resolves to its translation in the linking page's language: links to
        // the other members of a changed page's translation group may resolve differently too.
        if !targets.isEmpty && targets.count <= 32 {
            for (path, key) in parse.linkContext.keys where changedKeys.contains(key) && !targets.contains(path) {
                if let last = path.split(separator: "/").last { urlNeedles.insert(last.hasSuffix(".md") ? String(last.dropLast(3)) : String(last)) }
            }
        }
        // Links to pages that appeared, disappeared or changed edition may resolve differently.
        if !targets.isEmpty || reparseAll { assemble.structuralSinceCommit = true }
        if targets.count > 32 {
            parse.pendingParse.formUnion(parse.heads.keys)
        } else if !targets.isEmpty {
            parse.pendingParse.formUnion(Self.pagesMentioning(targets, in: parse.heads, alsoMentioning: urlNeedles))
        }
        let context = parse.linkContext
        let parseHeads = parse.pendingParse.filter { context.published.contains($0) }.sorted().compactMap { parse.heads[$0] }
        parse.pendingParse = []
        let first = parse.generations
        parse.generations += parseHeads.count
        let results = parallelMap(Array(parseHeads.enumerated())) { (n, head) -> Result<ParsedInfo, BuildFailure> in
            parser.render(head, targets: context)
                .map { ParsedInfo(page: $0, listing: Self.listingDigest($0), body: Self.bodyDigest($0), generation: first + n) }
        }
        for (head, result) in zip(parseHeads, results) {
            switch result {
            case .success(let info):
                parse.parsed[head.file.path] = info; parse.parseErrors.removeValue(forKey: head.file.path)
                assemble.reparsedSinceCommit.insert(head.file.path)
            case .failure(let failure): parse.parsed.removeValue(forKey: head.file.path); parse.parseErrors[head.file.path] = failure.errors
            }
        }
        let errors = parse.parseErrors.values.flatMap { $0 }
        if !errors.isEmpty { throw BuildFailure(Builder.sorted(errors)) }
        return parseHeads.count
    }

    /// Assembles the site and decides which pages can render differently (`Plan`). When no file
    /// appeared or went and no page changed what lists show of it (its listing digest), the
    /// site's structure is the last one's: the new parsed pages are swapped in instead.
    func assembleStage(status newStatus: TranslationStatus, reparseAll: Bool) throws -> Plan {
        var plan: Plan
        if assemble.site != nil, !assemble.structuralSinceCommit, render.renderedTheme == load.themeFiles,
           assemble.reparsedSinceCommit.allSatisfy({ path in parse.parsed[path].map { $0.listing == assemble.listingAtCommit[path] } ?? false }) {
            // Take the site out so that it is changed in place, not copied; `undo` puts it back
            // if the checks below fail.
            var newSite = assemble.site!
            assemble.site = nil
            newSite.translations = newStatus
            var newDigests = assemble.digests
            var dirty: Set<Int> = []
            var undo: [(Int, SitePage)] = []
            for path in assemble.reparsedSinceCommit {
                guard let info = parse.parsed[path] else { continue }
                for i in assemble.pagesBySource[path] ?? [] {
                    let p = newSite.pages[i]
                    undo.append((i, p))
                    newSite.pages[i] = SitePage(kind: p.kind, lang: p.lang, contentLang: p.contentLang, url: p.url, source: info.page,
                                                title: p.title, summary: p.summary, translations: p.translations, children: p.children, tag: p.tag)
                    newDigests[i] = PageDigest(newSite.pages[i], in: newSite, parsed: parse.parsed)
                    if newDigests[i].own != assemble.digests[i].own { dirty.insert(i) }
                }
            }
            plan = Plan(site: newSite, index: assemble.siteIndex, digests: newDigests, dirty: dirty, sitemapChanged: false, structural: false, bySource: assemble.pagesBySource, undo: undo)
        } else {
            let (newSite, assembleErrors) = SiteAssembler(config: load.config, strings: load.strings, edition: options.edition, translations: newStatus, history: load.history)
                .assemble(parse.parsed.values.map(\.page))
            // Its warnings (`tag/collision`) are reported with the checks', as a full build does.
            if assembleErrors.contains(where: { $0.severity == .error }) { throw BuildFailure(Builder.sorted(assembleErrors)) }
            assemble.assembleWarnings = assembleErrors
            plan = compare(newSite, reparsedAll: reparseAll)
        }
        return plan
    }

    /// Content types and checks, as in a full build, found again only where they can differ
    /// (see IncrementalCheck): errors keep the last good site. Returns the diagnostics and the last
    /// good site's typed content; the plan's site gets the new typed content.
    func checkStage(_ plan: inout Plan, buildDate: BuildDate) throws -> (Diagnostics, TypedContent) {
        check.checks.run(IncrementalCheck.Input(
            parsed: parse.parsed, files: load.files, site: plan.site, index: plan.index, bySource: plan.bySource, config: load.config, buildDate: buildDate,
            statusByKey: parse.statusByKey, changed: assemble.structuralSinceCommit ? nil : assemble.reparsedSinceCommit, reassembled: plan.structural,
            changedKeys: check.checkKeys))
        check.checkKeys = []
        let earlier = load.loadWarnings + assemble.assembleWarnings + (options.edition == .field ? Checker.editionWarnings(parse.parsed.values.map(\.page), edition: options.edition, config: load.config) : [])
        // Files named by their name on disk, as `Pipeline.front` names them (`Diagnostic.diskNames`).
        var onDisk: [String: String] = [:]
        for (path, disk) in load.diskPath where disk != path { onDisk["content/" + path] = "content/" + disk }
        let diagnostics = check.checks.diagnostics(policy: load.config.checks, earlier: earlier, onDisk: onDisk)
        let checkErrors = diagnostics.errors
        if !checkErrors.isEmpty {
            if let undo = plan.undo {
                var restored = plan.site
                for (i, page) in undo { restored.pages[i] = page }
                restored.translations = assemble.status ?? restored.translations
                assemble.site = restored
            }
            throw BuildFailure(checkErrors)
        }
        // The last good site's typed content: still in the site taken out (fast path), or in
        // `site` (assembled again).
        let oldTypes = assemble.site?.types ?? plan.site.types
        plan.site.types = check.checks.types
        return (diagnostics, oldTypes)
    }

    /// The pages to render beyond the plan's: typed values (summary tables, postmortem facts,
    /// apology emails) show on their own pages and, for tables and the postmortem index, on
    /// homes and section pages; translation status on dashboards and translated pages.
    func typedDirty(_ plan: Plan, oldTypes: TypedContent, buildDate: BuildDate) -> (dirty: Set<Int>, listsChanged: Bool, dateChanged: Bool) {
        var dirty = plan.dirty
        let typed = TypedState(tables: check.checks.tablesDigest, buildDate: buildDate.epoch)
        let dateChanged = typed.buildDate != assemble.typedAtCommit.buildDate
        var listsChanged = typed.tables != assemble.typedAtCommit.tables
        if dirty.count < plan.site.pages.count {
            // Only a reparsed page's typed model can have changed: compare it with the last good
            // site's (`oldTypes`). A postmortem's shows in the index on section pages and homes.
            for path in assemble.reparsedSinceCommit {
                let before = TypedState.describe(path, in: oldTypes), after = TypedState.describe(path, in: check.checks.types)
                guard before != after else { continue }
                for i in plan.bySource[path] ?? [] { dirty.insert(i) }
                if oldTypes.postmortems[path] != nil || check.checks.types.postmortems[path] != nil { listsChanged = true }
            }
        }
        if listsChanged || dateChanged {
            for (i, page) in plan.site.pages.enumerated() where page.kind == .home || page.kind == .section { dirty.insert(i) }
        }
        if dateChanged {
            // Overdue action items are judged against the day.
            for path in Set(check.checks.types.postmortems.keys).union(check.checks.types.apologies.keys).union(check.checks.types.steps.keys) {
                for i in plan.bySource[path] ?? [] { dirty.insert(i) }
            }
        }
        assemble.pendingTyped = typed
        if assemble.statusChanged { dirty.formUnion(plan.site.dashboards.values) }
        for path in assemble.statusPaths {
            for i in plan.bySource[path] ?? [] where !plan.site.pages[i].isFallback { dirty.insert(i) }
        }
        return (dirty, listsChanged, dateChanged)
    }

    static func rows(_ byLang: [String: [TranslationStatus.Entry]]?) -> [String: String] {
        var d: [String: String] = [:]
        for (lang, entries) in byLang ?? [:] {
            for (i, e) in entries.enumerated() { d[e.path] = "\(lang)|\(i)|\(e.state.rawValue)|\(e.sourcePath ?? "")|\(e.sourceChanged ?? "")" }
        }
        return d
    }

    func translationStatus() -> TranslationStatus {
        if !assemble.statusChanged, let status = assemble.status { return status }
        var languages: [(code: String, entries: [TranslationStatus.Entry])] = []
        let keys = parse.statusByKey.keys.sorted()
        for lang in load.config.languages.map(\.code) where lang != load.config.sourceLanguage {
            languages.append((lang, keys.flatMap { parse.statusByKey[$0]?[lang] ?? [] }))
        }
        return TranslationStatus(sourceLanguage: load.config.sourceLanguage, languages: languages)
    }
}
