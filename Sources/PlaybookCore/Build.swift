import Dispatch
import Foundation
import PlaybookIndex
import PlaybookLoad
import PlaybookModel
import PlaybookRender
import PlaybookWrite

/// What `playbook build` was asked to do.
public struct BuildOptions: Sendable {
    public var source: String
    public var output: String
    /// Edition, drafts, build date.
    public var settings = BuildSettings()
    /// Replace an output folder that holds files this tool did not write (`OutputFolder`).
    public var force = false
    public var edition: Edition { get { settings.edition } set { settings.edition = newValue } }
    public var includeDrafts: Bool { get { settings.includeDrafts } set { settings.includeDrafts = newValue } }
    public var buildDate: BuildDate? { get { settings.buildDate } set { settings.buildDate = newValue } }

    public init(source: String = ".", output: String = "public") {
        self.source = source
        self.output = output
    }
}

/// What a build did.
public struct BuildReport: Sendable {
    /// Pages per language (own pages, then fallback copies), in configured order.
    public var languages: [(code: String, pages: Int, fallbacks: Int)] = []
    public var filesWritten = 0
    public var seconds = 0.0
    public var warnings: [Diagnostic] = []
}

/// The pipeline: load → parse → assemble → render → write.
public enum Builder {
    /// Builds the site of `options.source` into `options.output`.
    /// - Throws: `OutputRefused` when the output may not be replaced (before any work, and again
    ///   right before the swap); `BuildFailure` with every error of the first stage that found any.
    public static func build(_ options: BuildOptions) throws -> BuildReport {
        let start = DispatchTime.now()
        var report = BuildReport()
        var clock = StageClock()
        // Before any work: an output the rule refuses fails at once (the writer checks again).
        _ = try OutputFolder.admit(output: options.output, source: options.source, force: options.force)

        // Load → parse → assemble → check, stopping at the first stage with errors; the build
        // streams: sources are let go once parsed.
        var front = try Pipeline.front(source: options.source, settings: options.settings, until: .checks, onError: .stop,
                                       retention: .streaming, clock: &clock)
        report.warnings = front.diagnostics
        guard var site = front.site, let theme = front.theme else { throw BuildFailure([Diagnostic(file: options.source, "the checks did not run", rule: "build/failed")]) }
        front.site = nil
        let strings = front.strings
        let config = front.tree.config, contentAssets = front.tree.contentAssets
        // The apology sources, the parsed pages (the site has its own copies) and the front
        // matter nodes are not needed past the checks.
        front.tree.content = []
        front.parsed = []
        site.dropCheckedFrontMatter()
        Memory.returnFreed()
        clock.mark("free sources")
        // Render + index + write, streamed: each page's HTML is written as soon as it exists,
        // each language's search index as soon as it is built (Index/, beside the rendering).
        let writer = try OutputWriter(output: options.output, source: options.source, force: options.force)
        var search: SearchStage.Background?
        do {
            // The site-wide files that show page bodies (feeds, .eml files) are made first; then
            // the bodies leave the site, to be released as each page renders and each language
            // is indexed.
            var extras = TypeOutputs.files(site: site, theme: theme, strings: strings).map { ($0.path, Array($0.html.utf8)) }
                + SearchPages.render(site: site, theme: theme, strings: strings)
            if let notFound = NotFoundPage.render(site: site, theme: theme, strings: strings) { extras.append((NotFoundPage.path, notFound)) }
            let bodies = site.takeBodies()
            let renderer = SiteRenderer(site: site, theme: theme, strings: strings)
            extras = renderer.aliases().map { ($0.path, Array($0.html.utf8)) } + extras  // aliases first, as before
            var paths = site.pages.map { SiteRenderer.outputPath(of: $0.url) }
            paths += extras.map(\.path)
            paths += theme.assets.map(\.path)
            paths += contentAssets.map { ContentPaths.assetOutput(of: $0) }
            try writer.prepare(paths + SearchStage.folders(site))
            report.filesWritten = paths.count + 2
            paths = []
            // The site-wide files go first: kept until the end, they were held through the
            // rendering (the .eml files alone are 20 MB at 40,000 pages).
            for (path, html) in extras { try writer.write(html, to: path) }
            extras = []
            clock.mark("prepare output, site-wide files")

            let indexing = SearchStage.Background(site: site, bodies: bodies, strings: strings) { path, bytes in try writer.write(bytes, to: path) }
            search = indexing
            func renderAndWrite(_ i: Int) -> String? {
                do {
                    try writer.write(renderer.render(page: i, html: bodies.takeHTML(i)), to: SiteRenderer.outputPath(of: site.pages[i].url))
                    return nil
                } catch { return "\(error)" }
            }
            // The translation dashboards list every page of every language: one at a time, after
            // the others, so that two of their contexts (each as big as the site's list of pages) are
            // never held at once.
            let dashboards = site.pages.indices.filter { site.pages[$0].kind == .translations }
            let failures = parallelMap(site.pages.indices.filter { site.pages[$0].kind != .translations }, renderAndWrite)
                + dashboards.map(renderAndWrite)
            if let failure = failures.compactMap({ $0 }).first {
                throw BuildFailure([Diagnostic(file: options.output, failure, rule: "output/write")])
            }
            clock.mark("render+write pages")
            try indexing.finish()
            clock.mark("search index (\(String(format: "%.1f", indexing.seconds)) s beside the pages)")
            try writer.write(renderer.renderRoot(), to: "index.html")
            for (path, bytes) in theme.assets { try writer.write(bytes, to: path) }
            let admission = SourceAdmission(root: options.source)
            for path in contentAssets {
                try writer.write(try admission.asset(path), to: ContentPaths.assetOutput(of: path))
            }
            if let sitemap = Sitemap.xml(for: site) { try writer.write(sitemap, to: "sitemap.xml") }
            report.filesWritten += indexing.filesWritten
            clock.mark("write the rest")
            try writer.commit()
            clock.mark("commit")
        } catch {
            // The index may still be writing into the staging folder: let it finish first.
            try? search?.wait()
            writer.abandon()
            if error is BuildFailure || error is OutputRefused { throw error }
            throw BuildFailure([Diagnostic(file: options.output, "\(error)", rule: "output/write")])
        }

        for lang in config.languages {
            let own = site.pages.filter { $0.lang == lang.code && $0.source != nil }
            report.languages.append((lang.code, own.filter { !$0.isFallback }.count, own.filter(\.isFallback).count))
        }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return report
    }

    static func sorted(_ errors: [Diagnostic]) -> [Diagnostic] {
        errors.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }
}
