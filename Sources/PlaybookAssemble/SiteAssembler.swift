import PlaybookLoad
import PlaybookModel
import PlaybookParse
import TextFolding

/// The assemble stage: languages, translations, fallbacks, sections, tags.
package struct SiteAssembler {
    package let config: SiteConfig
    package let strings: [String: Strings]
    package var edition: Edition = .internal
    package var translations: TranslationStatus? = nil
    package var history: SourceHistory = .empty

    package init(config: SiteConfig, strings: [String: Strings], edition: Edition = .internal, translations: TranslationStatus? = nil, history: SourceHistory = .empty) {
        self.config = config
        self.strings = strings
        self.edition = edition
        self.translations = translations
        self.history = history
    }

    package func assemble(_ parsed: [ParsedPage]) -> (Site, [Diagnostic]) {
        var site = Site(config: config)
        site.edition = edition
        site.history = history
        site.translations = translations
        var errors: [Diagnostic] = []
        var byURL: [String: Int] = [:]
        // Deterministic order whatever order parsing finished in.
        let sorted = parsed.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }

        func add(_ page: SitePage) -> Int? {
            if let other = byURL[page.url] {
                let a = site.pages[other].source?.path ?? site.pages[other].url
                errors.append(Diagnostic(file: ContentPath(page.source?.path ?? page.url).shown, "gives the same URL /\(page.url) as content/\(a); rename one of them", rule: "url/collision"))
                return nil
            }
            site.pages.append(page)
            byURL[page.url] = site.pages.count - 1
            return site.pages.count - 1
        }

        // Real pages, and translation groups.
        var groups: [String: [String: Int]] = [:]
        var groupOrder: [String] = []
        for p in sorted {
            let kind: SitePage.Kind = p.kind == .home ? .home : p.kind == .section ? .section : .page
            guard let i = add(SitePage(kind: kind, lang: p.lang, contentLang: p.lang, url: p.url, source: p, title: p.title, summary: p.summary, tag: nil)) else { continue }
            if groups[p.translationKey] == nil { groupOrder.append(p.translationKey) }
            if let existing = groups[p.translationKey]?[p.lang] {
                errors.append(Diagnostic(file: ContentPath(p.path).shown, "has the same translation_key `\(p.meta.translationKey ?? p.translationKey)` as content/\(site.pages[existing].source!.path); each language may have one page per key", rule: "translation/duplicate-key"))
                continue
            }
            groups[p.translationKey, default: [:]][p.lang] = i
        }
        for key in groupOrder {
            let members = groups[key]!
            for (_, i) in members { site.pages[i].translations = members }
        }

        // Fallback copies of pages a language lacks.
        if config.fallbackPages {
            for lang in config.languages {
                for key in groupOrder {
                    let members = groups[key]!
                    if members[lang.code] != nil { continue }
                    guard let from = config.chain(for: lang.code).dropFirst().first(where: { members[$0] != nil }),
                          let original = members[from].map({ site.pages[$0] }) else { continue }
                    let url = PageURL(original.url).inLanguage(lang.code).path
                    var copy = SitePage(kind: original.kind, lang: lang.code, contentLang: original.contentLang, url: url, source: original.source, title: original.title, summary: original.summary, tag: nil)
                    copy.translations = members
                    _ = add(copy)
                }
            }
        }

        let facts = site.pages.map(PageFacts.init)
        let sectionWeights = Self.sectionWeights(site, config: config)
        var tagCollisions: [String: Diagnostic] = [:]
        for lang in config.languages.map(\.code) {
            assembleLanguage(lang, site: &site, byURL: &byURL, facts: facts, sectionWeights: sectionWeights, tagCollisions: &tagCollisions)
        }
        return (site, errors + tagCollisions.keys.sorted().map { tagCollisions[$0]! })
    }

    /// What `assembleLanguage` reads of the content pages and copies, read once: reading
    /// `site.pages[i]` in its loops copies a whole page each time (a few dozen references),
    /// which at 40,000 pages was most of the time of assembling.
    package struct PageFacts {
        package let lang: String
        package let kind: SitePage.Kind
        package let section: String
        package let tags: [String]
        /// Directly below the language folder: listed on the home page.
        package let loose: Bool
        /// Deeper than a top-level section (`en/blog/news/`).
        package let nested: Bool

        package init(_ page: SitePage) {
            lang = page.lang
            kind = page.kind
            section = page.section
            tags = page.source?.meta.tags ?? []
            let depth = page.url.pathSegments.count
            loose = depth == 2
            nested = depth > 2
        }
    }

    /// A section's weight when its own `_index.md` gives none: that of the same section in the
    /// default language, else in the first configured language that gives one. So a language
    /// without the section page, or whose translation left `weight` out, orders sections alike.
    package static func sectionWeights(_ site: Site, config: SiteConfig) -> [String: Int] {
        var weights: [String: Int] = [:]
        for lang in [config.defaultLanguage] + config.languages.map(\.code) {
            for page in site.pages where page.kind == .section && page.lang == lang && page.contentLang == lang {
                if weights[page.section] == nil, let w = page.source?.meta.weight { weights[page.section] = w }
            }
        }
        return weights
    }

    /// `tagCollisions`: a `tag/collision` warning per two tag names that meet at one URL,
    /// by the pair (reported once whichever languages have them).
    private func assembleLanguage(_ lang: String, site: inout Site, byURL: inout [String: Int], facts: [PageFacts], sectionWeights: [String: Int],
                                  tagCollisions: inout [String: Diagnostic]) {
        let strings = self.strings[lang]

        let own = facts.indices.filter { facts[$0].lang == lang }
        // Sections: every top-level folder with pages, ordered by weight, then by folder name: the
        // same order in every language (a title order would differ per language).
        var sectionNames: [String] = []
        for i in own where facts[i].kind != .home {
            let s = facts[i].section
            if !s.isEmpty && !sectionNames.contains(s) { sectionNames.append(s) }
        }
        var sectionPages: [Int] = []
        for name in sectionNames {
            let url = "\(lang)/\(name)/"
            let index: Int
            if let existing = byURL[url] { index = existing } else {
                let key = "section_" + name
                let title = strings.map { $0.text(key) }.flatMap { $0 == key ? nil : $0 }
                // Titled from the folder name as a page is from its file name (`getting-started/` →
                // "Getting started"), as MkDocs titles a folder.
                let spaced = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
                site.pages.append(SitePage(kind: .section, lang: lang, contentLang: lang, url: url, source: nil,
                                           title: title ?? spaced.prefix(1).uppercased() + spaced.dropFirst(), summary: "", tag: nil))
                index = site.pages.count - 1
                byURL[url] = index
            }
            // A sub-folder's own page (`blog/news/_index.md`, MkDocs's `docs/x/index.md`, Hugo's
            // leaf bundle `blog/first-post/index.md`) is listed with the section's pages; it was
            // listed nowhere, reachable only through links.
            let members = own.filter { (facts[$0].kind == .page || (facts[$0].kind == .section && facts[$0].nested)) && facts[$0].section == name }
            site.pages[index].children = sortPages(members, in: site)
            sectionPages.append(index)
        }
        site.sections[lang] = sectionPages.map { i -> (weight: Int, name: String, index: Int) in
            let page = site.pages[i]
            return (page.source?.meta.weight ?? sectionWeights[page.section] ?? Int.max, page.section, i)
        }.sorted { $0.weight != $1.weight ? $0.weight < $1.weight : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }.map(\.index)

        let homeURL = "\(lang)/"
        let home: Int
        if let existing = byURL[homeURL] { home = existing } else {
            site.pages.append(SitePage(kind: .home, lang: lang, contentLang: lang, url: homeURL, source: nil, title: config.language(lang)?.title ?? config.title, summary: "", tag: nil))
            home = site.pages.count - 1
            byURL[homeURL] = home
        }
        site.pages[home].children = site.sections[lang]!
        // Pages directly below the language folder are listed on the home page too, once: such a
        // page (`en/changelog.md`) is already in the list as the section its URL makes.
        let listed = Set(site.sections[lang]!)
        let loose = own.filter { facts[$0].kind == .page && facts[$0].loose && !listed.contains($0) }
        site.pages[home].children += sortPages(loose, in: site)
        site.homes[lang] = home

        // Tags.
        var tagged: [String: (name: String, pages: [Int])] = [:]
        for i in own where facts[i].kind == .page {
            for tag in facts[i].tags {
                // A tag's URL segment follows the rule of page URLs (`C++` → `c++`, `C` → `c`).
                let slug = Self.tagSegment(tag)
                guard !slug.isEmpty else { continue }
                if let first = tagged[slug]?.name, first.lowercased() != tag.lowercased(), let source = site.pages[i].source, !site.pages[i].isFallback {
                    let pair = first < tag ? "\(first)\u{0}\(tag)" : "\(tag)\u{0}\(first)"
                    if tagCollisions[pair] == nil {
                        tagCollisions[pair] = Diagnostic(file: "content/" + source.path, line: source.meta.lines["tags"],
                            "tags `\(tag)` and `\(first)` share one page, /\(lang)/tags/\(slug)/; spell them alike, or rename one so its URL differs",
                            severity: .warning, rule: "tag/collision")
                    }
                }
                tagged[slug, default: (tag, [])].pages.append(i)
            }
        }
        let tagIndexURL = "\(lang)/tags/"
        site.pages.append(SitePage(kind: .tags, lang: lang, contentLang: lang, url: tagIndexURL, source: nil,
                                   title: strings?.text("all_tags") ?? "Tags", summary: "", tag: nil))
        let tagIndex = site.pages.count - 1
        byURL[tagIndexURL] = tagIndex
        site.tagIndexes[lang] = tagIndex
        var tagPages: [Int] = []
        for slug in tagged.keys.sorted() {
            let entry = tagged[slug]!
            let url = "\(lang)/tags/\(slug)/"
            site.pages.append(SitePage(kind: .tag, lang: lang, contentLang: lang, url: url, source: nil,
                                       title: entry.name, summary: "", tag: entry.name))
            let i = site.pages.count - 1
            site.pages[i].children = sortPages(entry.pages, in: site)
            byURL[url] = i
            tagPages.append(i)
        }
        site.pages[tagIndex].children = tagPages

        // The translation dashboard is for the regional teams: internal edition only.
        if edition == .internal && translations != nil {
            let url = "\(lang)/translations/"
            site.pages.append(SitePage(kind: .translations, lang: lang, contentLang: lang, url: url, source: nil,
                                       title: strings?.text("translations") ?? "Translation status", summary: "", tag: nil))
            byURL[url] = site.pages.count - 1
            site.dashboards[lang] = site.pages.count - 1
        }
    }

    /// The URL segment of a tag's page: `ContentPaths.segment`, as for a file name.
    package static func tagSegment(_ tag: String) -> String { ContentPaths.segment(tag) }

    /// Weight (pages without one last), then newest date, then title, then URL.
    private func sortPages(_ indexes: [Int], in site: Site) -> [Int] {
        // The keys first: reading a page in the comparison copies it (a few dozen references)
        // twice per comparison, most of the time of assembling a large site.
        struct Key { let weight: Int; let date: String; let title: String; let url: String; let index: Int }
        let keys = indexes.map { i -> Key in
            let p = site.pages[i]
            return Key(weight: p.source?.meta.weight ?? Int.max, date: p.source?.meta.date ?? "", title: p.title, url: p.url, index: i)
        }
        return keys.sorted { a, b in
            if a.weight != b.weight { return a.weight < b.weight }
            if a.date != b.date { return a.date > b.date }
            if a.title != b.title { return a.title.utf8.lexicographicallyPrecedes(b.title.utf8) }
            return a.url.utf8.lexicographicallyPrecedes(b.url.utf8)
        }.map(\.index)
    }
}
