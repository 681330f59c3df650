import Foundation
import Markdown
import PlaybookLoad
import PlaybookModel
import TextFolding

/// The parse stage: bytes → front matter → Markdown → `ParsedPage`, in parallel.
///
/// Two passes: front matter first (cheap), so that the Markdown pass knows which pages this
/// edition publishes and can unlink links to the ones it leaves out.
package struct PageParser {
    package let config: SiteConfig
    package let edition: Edition
    package let strings: [String: Strings]

    package init(config: SiteConfig, edition: Edition, strings: [String: Strings]) {
        self.config = config
        self.edition = edition
        self.strings = strings
    }

    package struct Head {
        package let file: ContentFile
        package let url: String
        package let kind: ContentPaths.Kind
        package var meta: FrontMatter
        /// Fingerprint of the normalized text (what translations record as `source_hash`).
        package let sourceHash: String
        /// Where the Markdown starts in the normalized text, in UTF-8 bytes. Heads keep neither
        /// the text nor the body: the file's bytes are the one copy of a source (at 40,000
        /// pages each copy is 300 MB); the parse stage decodes them again, page by page.
        package let bodyOffset: Int
        package let bodyFirstLine: Int
        /// Warnings about the front matter (unknown keys, other tools' keys).
        package var warnings: [Diagnostic] = []
        /// The normalized text (decoded again on each call; readHead checked it decodes).
        package var text: String { (try? SourceText.decode(file.bytes)) ?? "" }
        /// The Markdown after the front matter. Straight from the bytes when normalizing changed
        /// nothing (no byte-order mark, no CR): one body-sized copy, not a whole decode and a copy.
        package var body: String {
            if SourceText.isNormalized(file.bytes) { return String(decoding: file.bytes[bodyOffset...], as: UTF8.self) }
            return String(text.utf8.dropFirst(bodyOffset))!
        }
        /// The `translation_key` of the files at the same path in other languages, when this one
        /// has none (see `adoptKeys`).
        package var adoptedKey: String? = nil
        /// Paths that differ only in letter case across languages (`nl/Guides/setup.md`,
        /// `pl/guides/setup.md`) are one page, as in Hugo (see ContentPaths.translationKey).
        package var translationKey: String { ContentPaths.translationKey(meta.translationKey ?? adoptedKey ?? ContentPaths.languageRelative(file.path)) }
    }

    /// Front matter of every file, with inherited keys filled in.
    package func heads(_ files: [ContentFile]) -> (heads: [Head], errors: [Diagnostic]) {
        var errors: [Diagnostic] = []
        var heads: [Head] = []
        for result in parallelMap(files, readHead) {
            switch result {
            case .success(let head): heads.append(head)
            case .failure(let failure): errors += failure.diagnostics
            }
        }
        if errors.isEmpty {
            Self.adoptKeys(&heads)
            errors += Inheritance.apply(to: &heads, config: config)
        }
        return (heads, errors)
    }

    /// The same path in two language folders means translation, `translation_key` or not: a
    /// file without a key joins the key its same-path files give (when they agree on one).
    package static func adoptKeys(_ heads: inout [Head]) {
        var byRelative: [String: [Int]] = [:]
        for (i, head) in heads.enumerated() { byRelative[ContentPaths.languageRelative(head.file.path), default: []].append(i) }
        for members in byRelative.values where members.count > 1 {
            let key = adoptedKey(members.map { heads[$0].meta.translationKey })
            for i in members { heads[i].adoptedKey = heads[i].meta.translationKey == nil ? key : nil }
        }
    }

    /// The one key the written keys of same-path files agree on, else nil.
    package static func adoptedKey(_ written: [String?]) -> String? {
        let keys = Set(written.compactMap { $0 })
        return keys.count == 1 ? keys.first : nil
    }

    /// Renders the Markdown of the pages this edition publishes. `paths`: every content file.
    /// Consumes `heads`: each head (and with it the file's bytes, when nothing else holds them)
    /// is released as soon as its page is parsed, so that sources and parsed pages are not all
    /// in memory at once (together they were the peak of a 40,000-page build).
    /// `assets`: the other files under content/ (links to them are checked).
    package func parse(_ heads: inout [Head], assets: [String], includeDrafts: Bool) -> (pages: [ParsedPage], errors: [Diagnostic]) {
        var errors: [Diagnostic] = []
        var kept = heads.filter { head in
            !(head.meta.draft && !includeDrafts) && Publication.isPublished(head.meta, kind: head.kind, edition: edition)
        }
        let everyHead = heads
        heads = []
        let targets = LinkTargets(heads: everyHead, published: Set(kept.map(\.file.path)), assets: assets, config: config)
        errors += targets.assetCollisions()
        let results = parallelConsume(&kept) { render($0, targets: targets) }
        var pages: [ParsedPage] = []
        for result in results {
            switch result {
            case .success(let page): pages.append(page)
            case .failure(let failure): errors += failure.diagnostics
            }
        }
        return (pages, errors)
    }

    package func readHead(_ file: ContentFile) -> Result<Head, BuildFailure> {
        let shown = ContentPath(file.path).shown
        let text: String
        do { text = try SourceText.decode(file.bytes) } catch let p as SourceText.Problem {
            return .failure(BuildFailure([p.diagnostic(file: shown)]))
        } catch { return .failure(BuildFailure([Diagnostic(file: shown, "\(error)", rule: "content/encoding")])) }
        let parts: FrontMatterSplitter.Parts
        do { parts = try FrontMatterSplitter.split(text) } catch {
            return .failure(BuildFailure([Diagnostic(file: shown, line: 1, "front matter opened with `---` is never closed; add a line `---` after the last front matter line", rule: "front-matter/unclosed")]))
        }
        var meta = FrontMatter()
        var warnings: [Diagnostic] = []
        if let yaml = parts.yaml {
            let (fm, found) = FrontMatter.parse(yaml: yaml, file: shown, firstLine: parts.yamlFirstLine)
            if found.contains(where: { $0.severity == .error }) { return .failure(BuildFailure(found)) }
            meta = fm
            warnings = found
            if edition == .field { meta.dropInternalFields() }
        }
        let url: String, kind: ContentPaths.Kind
        do {
            guard let found = try ContentPaths.url(of: file.path, slug: meta.slug, url: meta.url) else {
                return .failure(BuildFailure([Diagnostic(file: shown, "this file gives no URL; pages are files named *.md", rule: "content/file-name")]))
            }
            (url, kind) = found
        } catch let problem as ContentPaths.PathProblem {
            return .failure(BuildFailure([Diagnostic(file: shown, line: meta.line(of: meta.url != nil ? "url" : "slug"), problem.message, rule: "front-matter/invalid")]))
        } catch { return .failure(BuildFailure([Diagnostic(file: shown, "\(error)", rule: "content/file-name")])) }
        // The body is the end of the text (the splitter drops only the front matter before it).
        return .success(Head(file: file, url: url, kind: kind, meta: meta, sourceHash: Fingerprint.of(text),
                             bodyOffset: text.utf8.count - parts.body.utf8.count, bodyFirstLine: parts.bodyFirstLine, warnings: warnings))
    }

    package func render(_ head: Head, targets: LinkTargets) -> Result<ParsedPage, BuildFailure> {
        let shown = ContentPath(head.file.path).shown
        let lang = head.file.lang
        let strings = self.strings[lang]
        let (internalApplied, errs) = InternalBlocks.apply(head.body, keep: edition == .internal, file: shown, firstLine: head.bodyFirstLine)
        if !errs.isEmpty { return .failure(BuildFailure(errs)) }
        let mkdocs = MkDocsMarkdown.convert(internalApplied, file: shown, firstLine: head.bodyFirstLine)
        let body = mkdocs.text
        var warnings = head.warnings + mkdocs.warnings
        var options = MarkdownOptions()
        options.allowRawHTML = config.allowRawHTML
        options.calloutStyles = mkdocs.callouts
        if let strings {
            for kind in AlertKind.allCases { options.alertTitles[kind] = strings.text("callout_" + kind.rawValue.lowercased()) }
            options.headingAnchorLabel = strings.text("copy_heading_link")
        }
        var resolver = LinkResolver(pagePath: head.file.path, pageURL: head.url, config: config, targets: targets)
        let firstLine = head.bodyFirstLine
        if let map = InternalBlocks.fileLines(head.body, keep: edition == .internal, firstLine: firstLine) {
            resolver.fileLine = { n in n >= 1 && n <= map.count ? map[n - 1] : firstLine + n - 1 }
        } else {
            resolver.fileLine = { n in firstLine + n - 1 }
        }
        var links = PageLinks()
        var rendered = MarkdownRenderer(options: options).render(body, extractTitle: head.meta.title == nil, knownTitle: head.meta.title, rewriteLink: { resolver.resolve($0, into: &links) })
        if edition == .internal {
            rendered.html = InternalBlocks.finishHTML(rendered.html, label: strings?.text("internal_label") ?? "Internal")
        }
        for line in rendered.omittedHTMLLines {
            warnings.append(Diagnostic(file: shown, line: head.bodyFirstLine + line - 1, "raw HTML omitted; set `markdown.unsafe_html: true` in playbook.yml to keep it", severity: .warning, rule: "markdown/raw-html"))
        }
        let title = head.meta.title ?? rendered.extractedTitle ?? Self.titleFromFileName(head.file.path, kind: head.kind)
        let summary = head.meta.summary ?? Self.autoSummary(rendered)
        let page = ParsedPage(
            path: head.file.path, lang: lang, kind: head.kind, url: head.url,
            translationKey: head.translationKey,
            meta: head.meta, title: title, summary: summary, body: rendered, links: links, sourceHash: head.sourceHash, warnings: warnings)
        return .success(page)
    }

    /// "01-own-the-problem.md" → "01 own the problem"; a section's folder name for `_index.md`.
    package static func titleFromFileName(_ path: String, kind: ContentPaths.Kind) -> String {
        let parts = path.pathSegments
        let name = kind == .page ? String(parts.last!.dropLast(3)) : String(parts[parts.count - 2])
        let spaced = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// The first ~160 characters of the body's text, cut at a word.
    /// Reads only the start of the page's text: a 1 MB page costs what a short one does.
    package static func autoSummary(_ rendered: RenderedMarkdown) -> String {
        // 2 KB of text holds 170 characters unless they are mostly long grapheme clusters;
        // when it does not, read the whole page (the same answer, the old way).
        var (text, readPart) = rendered.leadingText(maxBytes: 2048)
        text = text.trimmingWhitespaceAndNewlines()
        if readPart && text.count <= 170 {
            text = rendered.sections.map(\.text).joined(separator: " ").trimmingWhitespaceAndNewlines()
        }
        guard text.count > 160 else { return text }
        let cut = text.prefix(160)
        if let space = cut.lastIndex(of: " ") { return String(cut[..<space]) + "…" }
        return String(cut) + "…"
    }
}

/// What an edition publishes.
package enum Publication {
    package static func isPublished(_ meta: FrontMatter, kind: ContentPaths.Kind, edition: Edition) -> Bool {
        guard edition == .field else { return true }
        let audience = meta.fields["audience"]?.string
        if audience == "internal" { return false }
        if let isPublic = meta.fields["public"]?.bool { return isPublic }
        if audience == "field" { return true }
        // Homes and section indexes are structure: published unless marked otherwise.
        return kind != .page
    }
}
