import Foundation
import Markdown
import Testing
@testable import PlaybookCore

/// URLs from file names and front matter, the link resolver, and the link check's lines.
@Suite struct LinkTests {
    @Test func urlSegmentsKeepApartWhatHugoKeepsApart() {
        let names = ["clang", "clang++", "a_b", "a-b", "tool.sh", "tool-sh", "c~1", "c-1"]
        let segments = names.map(ContentPaths.segment)
        #expect(segments == ["clang", "clang++", "a_b", "a-b", "tool.sh", "tool-sh", "c~1", "c-1"])
        #expect(Set(segments).count == names.count)
        // Folded and separated as before, so existing URLs stay.
        #expect(ContentPaths.segment("01-own-the-problem") == "01-own-the-problem")
        #expect(ContentPaths.segment("Oceń  szkody!") == "ocen-szkody")
        #expect(ContentPaths.segment("don't panic") == "dont-panic")
        #expect(ContentPaths.segment("Привет мир") == "привет-мир")
        // Names that are nearly segments already take the full rule (the byte check lets through
        // only names the rule leaves as they are).
        #expect(["a--b", "-a", "a-", "a.", ".a", "A", "a b", "a'b", "a-.b", "a.-b", "_a_", "x+~1"].map(ContentPaths.segment)
                == ["a-b", "a", "a", "a", "a", "a", "a-b", "ab", "a-.b", "a.-b", "_a_", "x+~1"])
        // NFC and NFD spell the same segment, byte for byte.
        #expect(Array(ContentPaths.segment("Cafe\u{301} ℌ").utf8) == Array(ContentPaths.segment("Café ℌ").utf8))
        #expect(ContentPaths.segment("한국어".decomposedStringWithCanonicalMapping) == "한국어")
        // Safe on disk and in a URL: no hidden files, no . or .. segments, no trailing dots.
        #expect(ContentPaths.segment(".hidden") == "hidden")
        #expect(ContentPaths.segment("v1.") == "v1")
        #expect(ContentPaths.segment("a/b?c#d%e") == "a-b-c-d-e")
        // Punctuation-only names are spelled by code point instead of failing.
        #expect(ContentPaths.segment("!") == "u21")
        #expect(ContentPaths.segment("[[") == "u5b-u5b")
        #expect(ContentPaths.segment("..") == "u2e-u2e")
        #expect(ContentPaths.segment("🔥") == "u1f525")
    }

    @Test func frontMatterSlugAndURL() throws {
        #expect(try ContentPaths.url(of: "en/cmds/x.md", slug: "New Name", url: nil)! == ("en/cmds/new-name/", .page))
        #expect(try ContentPaths.url(of: "en/cmds/x.md", slug: nil, url: "/guide/Intro/")! == ("en/guide/intro/", .page))
        #expect(try ContentPaths.url(of: "pl/cmds/x.md", slug: nil, url: "/pl/guide/intro")! == ("pl/guide/intro/", .page))
        #expect(throws: ContentPaths.PathProblem.self) { try ContentPaths.url(of: "en/x.md", slug: nil, url: "/a/../../b/") }
        #expect(throws: ContentPaths.PathProblem.self) { try ContentPaths.url(of: "en/x.md", slug: "a/b", url: nil) }
        #expect(throws: ContentPaths.PathProblem.self) { try ContentPaths.url(of: "en/x.md", slug: nil, url: "/") }
        #expect(throws: ContentPaths.PathProblem.self) { try ContentPaths.url(of: "en/s/_index.md", slug: "x", url: nil) }
    }

    /// A site: en and nl (nl falls back to en), pages, a keyed translation at another path, assets.
    static func resolver(_ page: String = "en/guide/index.md", fallbackPages: Bool = true) -> LinkResolver {
        var config = SiteConfig()
        config.languages = [LanguageConfig(code: "en", name: "English", locale: "en", fallback: []), LanguageConfig(code: "nl", name: "Nederlands", locale: "nl", fallback: ["en"])]
        config.fallbackPages = fallbackPages
        let urls = [
            "en/guide/index.md": "en/guide/index/", "en/guide/page_two.md": "en/guide/page_two/", "en/guide/_index.md": "en/guide/",
            "en/guide/renamed.md": "en/guide/new-name/", "en/steps/stop.md": "en/steps/stop/", "nl/steps/stoppen.md": "nl/steps/stoppen/",
            "en/guide/draft.md": "en/guide/draft/", "nl/guide/index.md": "nl/guide/index/",
        ]
        let keys = ["en/steps/stop.md": "stop", "nl/steps/stoppen.md": "stop"]
        let targets = LinkTargets(urls: urls, keys: keys, published: Set(urls.keys).subtracting(["en/guide/draft.md"]),
                                  assets: ["en/guide/chart.png", "en/guide/img_dir/run book.pdf"], config: config)
        return LinkResolver(pagePath: page, pageURL: urls[page]!, config: config, targets: targets)
    }

    static func resolve(_ url: String, _ r: LinkResolver = resolver()) -> (LinkResolution, PageLinks) {
        var links = PageLinks()
        let result = r.resolve(LinkSite(url: url, line: 7), into: &links)
        return (result, links)
    }

    @Test func relativeRootAbsoluteAndURLFormsResolve() {
        let two = LinkResolution.replace("../../../en/guide/page_two/index.html")
        for url in ["page_two.md", "page_two.MD", "page_two.markdown", "page_two", "../page_two/", "/guide/page_two", "/guide/page_two.md",
                    "/guide/page_two/", "/en/guide/page_two/index.html", "/guide/Page_Two/"] {
            let (r, links) = Self.resolve(url)
            #expect(r == two, "\(url)")
            #expect(links.broken.isEmpty, "\(url)")
        }
        #expect(Self.resolve("/guide/page_two/#a").0 == .replace("../../../en/guide/page_two/index.html#a"))
        #expect(Self.resolve("renamed.md").0 == .replace("../../../en/guide/new-name/index.html"))
        #expect(Self.resolve("/guide/").0 == .replace("../../../en/guide/index.html"))
        #expect(Self.resolve("/").0 == .replace("../../../en/index.html"))
        #expect(Self.resolve("draft.md").0 == .unlink)  // exists, not published in this edition
        #expect(Self.resolve("https://example.org/x.md").0 == .keep)
        #expect(Self.resolve("//cdn.example.org/x.png").0 == .keep)
    }

    @Test func filesAreCheckedAndLinkedUnderTheirOwnNames() {
        #expect(Self.resolve("chart.png").0 == .replace("../../../en/guide/chart.png"))
        #expect(Self.resolve("/guide/chart.png?v=2").0 == .replace("../../../en/guide/chart.png?v=2"))
        #expect(Self.resolve("img_dir/run%20book.pdf").0 == .replace("../../../en/guide/img_dir/run%20book.pdf"))
        for missing in ["bounce-chart.png", "data/absent.csv", "gone.MD", "gone.markdown", "/guide/nowhere/", "../../../../etc/passwd"] {
            let (r, links) = Self.resolve(missing)
            #expect(r == .keep, "\(missing)")
            #expect(links.broken.map(\.line) == [7], "\(missing)")
        }
        #expect(Self.resolve("chrat.png").1.broken.first?.suggestion == "chart.png")
        #expect(Self.resolve("../guide/page-two.md").1.broken.first?.suggestion == "page_two.md")
        #expect(Self.resolve("/steps/stpo.md").1.broken.first?.suggestion == "../steps/stop.md")
    }

    @Test func anchorsAsGitHubAndHugoWriteThem() {
        let (r, links) = Self.resolve("page_two.md#oceń-szkody")
        #expect(r == .replace("../../../en/guide/page_two/index.html#ocen-szkody"))
        #expect(links.anchors == [PageLinks.Anchor(line: 7, written: "page_two.md#oceń-szkody", page: "en/guide/page_two/", id: "ocen-szkody")])
        #expect(Self.resolve("page_two.md#oce%C5%84-szkody").0 == r)
        #expect(Self.resolve("#señal-de-año").0 == .replace("#senal-de-ano"))
        #expect(Self.resolve("#Plain_Id").0 == .keep)  // an id written as ids are written is kept as it is
        #expect(Self.resolve("#Plain_Id").1.anchors.first?.id == "Plain_Id")
    }

    @Test func linksStayInTheReadersLanguage() {
        let nl = Self.resolver("nl/guide/index.md")
        // nl has no page_two: its fallback copy, in nl.
        #expect(Self.resolve("page_two.md", nl).0 == .replace("../../../nl/guide/page_two/index.html"))
        // The translation at another path (translation_key), by file or by URL.
        #expect(Self.resolve("../steps/stop.md", nl).0 == .replace("../../../nl/steps/stoppen/index.html"))
        #expect(Self.resolve("/steps/stop/", nl).0 == .replace("../../../nl/steps/stoppen/index.html"))
        // Without fallback copies, the original.
        #expect(Self.resolve("page_two.md", Self.resolver("nl/guide/index.md", fallbackPages: false)).0 == .replace("../../../en/guide/page_two/index.html"))
    }

    @Test func rawHTMLAttributesAreRewrittenWithTheirLines() {
        var options = MarkdownOptions()
        options.allowRawHTML = true
        var seen: [LinkSite] = []
        let md = "Text\n\n<div>\n<img alt=x\n  src=\"a&amp;b.png\"> <!-- <img src=\"no.png\"> -->\n<a href='q.pdf'>q</a>\n</div>\n\nInline <a href=\"r.md\">r</a>\n"
        let html = MarkdownRenderer(options: options).render(md) { link in
            seen.append(link)
            return .replace("X/" + link.url)
        }.html
        #expect(seen.map(\.url) == ["a&b.png", "q.pdf", "r.md"])
        #expect(seen.map(\.line) == [5, 6, 9])
        #expect(seen.map(\.isImage) == [true, false, false])
        #expect(html.contains("src=\"X/a&amp;b.png\"") && html.contains("href='X/q.pdf'") && html.contains("<!-- <img src=\"no.png\"> -->"))
    }

    /// Each occurrence on its own line: repeated targets, escapes, entities, `<…>`, percent-encoded
    /// anchors, text after front matter and after internal blocks.
    @Test func everyOccurrenceIsReportedOnItsOwnLine() throws {
        var files = Fixture.fourLanguages
        files["content/en/playbook/lines.md"] = """
        ---
        title: Lines
        ---
        [a](missing.md)

        [b](missing.md) [c](missing\\_one.md) [d](<no such.md>) [e](a&amp;b.md)
        <!-- internal -->
        Staff only: [f](gone.md)
        <!-- /internal -->

        [g](damage.md#oce%C5%84-nothing)
        [h](damage.md#ocen-szkdy)
        """
        let f = try Fixture(files)
        defer { f.remove() }
        let report = Checker.check(CheckOptions(source: f.root))
        let found = report.diagnostics.filter { $0.file == "content/en/playbook/lines.md" }.map { "\($0.line ?? 0) \($0.rule) \($0.message.split(separator: "`")[1])" }
        #expect(found == [
            "4 link/broken missing.md", "6 link/broken a&b.md", "6 link/broken missing.md", "6 link/broken missing_one.md", "6 link/broken no such.md",
            "8 link/broken gone.md", "11 link/anchor damage.md#oce%C5%84-nothing", "12 link/anchor damage.md#ocen-szkdy",
        ])
        #expect(report.diagnostics.contains { $0.line == 12 && $0.message.hasSuffix("did you mean `#ocen-szkody`?") })
        var field = CheckOptions(source: f.root)
        field.edition = .field
        #expect(!Checker.check(field).diagnostics.contains { $0.message.contains("gone.md") })
    }

    /// Slugs that Hugo keeps apart no longer collide; a same-path file without a key translates
    /// the keyed one; a file clashing with a front matter `url:` is still an error.
    @Test func collisionsOnlyWhereURLsReallyMeet() throws {
        var files = Fixture.fourLanguages
        for name in ["clang", "clang++", "a_b", "a-b", "tool.sh", "tool-sh", "!", "[["] { files["content/en/cmds/\(name).md"] = "# \(name)\n" }
        files["content/en/keyed.md"] = "---\ntitle: K\ntranslation_key: k\n---\nText.\n"
        files["content/pl/keyed.md"] = "---\ntitle: K pl\n---\nTekst.\n"
        let f = try Fixture(files)
        defer { f.remove() }
        _ = try f.build()
        for url in ["clang", "clang++", "a_b", "a-b", "tool.sh", "tool-sh", "u21", "u5b-u5b"] {
            #expect(f.read("public/en/cmds/\(url)/index.html") != nil, "\(url)")
        }
        try f.write("content/en/cmds/moved.md", "---\ntitle: M\nurl: /cmds/clang/\n---\nText.\n")
        #expect(throws: BuildFailure.self) { try f.build() }
        try FileManager.default.removeItem(atPath: f.root + "/content/en/cmds/moved.md")
        // A page whose folder would be a copied file's path.
        try f.write("content/en/cmds/report.pdf", "%PDF")
        try f.write("content/en/cmds/report.pdf.md", "# Report\n")
        do { _ = try f.build(); Issue.record("the build should fail") } catch let failure as BuildFailure {
            #expect(failure.errors.map(\.description) == ["content/en/cmds/report.pdf.md: error: [url/collision] gives the URL /en/cmds/report.pdf/, the path content/en/cmds/report.pdf is copied to; rename one of them or give the page a `slug:`"])
        }
    }

    /// The link check is linear in the diagnostics it reports (it once split the whole source per problem).
    @Test func manyBrokenAnchorsAreCheckedOnce() throws {
        var files = Fixture.fourLanguages
        files["content/en/many.md"] = "# Many\n\n" + (0..<3000).map { "[x](#missing-\($0))\n" }.joined()
        let f = try Fixture(files)
        defer { f.remove() }
        let diagnostics = Checker.check(CheckOptions(source: f.root)).diagnostics.filter { $0.file == "content/en/many.md" }
        #expect(diagnostics.count == 3000)
        #expect(diagnostics.map { $0.line ?? 0 } == Array(3..<3003))
    }

    /// serve stays equivalent to full builds when links resolve differently: a translation at
    /// another path appears (fallback copies' links and switchers follow), a missing file
    /// appears, a page gets a `slug:`, a same-path file loses its key.
    @Test func rebuildsFollowLinkTargets() throws {
        var files = Fixture.fourLanguages
        files["content/en/playbook/start.md"] = "# Start\n\nNext: [damage](damage.md#ocen-szkody), [plan](plan.md), ![chart](chart.png).\n"
        files["content/en/playbook/chart.png"] = "png"
        files["content/en/playbook/keyed.md"] = "---\ntitle: Keyed\ntranslation_key: kk\n---\nSee [start](start.md).\n"
        files["content/pl/playbook/keyed.md"] = "---\ntitle: Keyed pl\n---\nZobacz [start](start.md).\n"
        let f = try Fixture(files)
        defer { f.remove() }
        let b = IncrementalBuilderTests.builder(f)
        try IncrementalBuilderTests.expectEquivalent(b, f, try b.build())
        // A Dutch translation of damage.md at another path: nl copies of start link to it.
        try f.write("content/nl/playbook/schade.md", "---\ntitle: Schade\n---\n## Oceń szkody\n")
        try f.write("content/en/playbook/damage.md", "---\ntranslation_key: damage\n---\n# Assess the damage\n\n## Oceń szkody\n\nText.\n")
        try f.write("content/nl/playbook/schade.md", "---\ntitle: Schade\ntranslation_key: damage\n---\n## Oceń szkody\n")
        var changes = try b.rebuild(changed: ["content/nl/playbook/schade.md", "content/en/playbook/damage.md"])
        try IncrementalBuilderTests.expectEquivalent(b, f, changes)
        #expect(String(decoding: b.outputs["nl/playbook/start/index.html"]!, as: UTF8.self).contains("href=\"../../../nl/playbook/schade/index.html#ocen-szkody\""))
        // The file a link needs goes, then comes back.
        try FileManager.default.removeItem(atPath: f.root + "/content/en/playbook/chart.png")
        #expect(throws: BuildFailure.self) { try b.rebuild(changed: ["content/en/playbook/chart.png"]) }
        try f.write("content/en/playbook/chart.png", "png")
        changes = try b.rebuild(changed: ["content/en/playbook/chart.png"])
        try IncrementalBuilderTests.expectEquivalent(b, f, changes)
        // A slug moves a page; the links to it follow.
        try f.write("content/en/playbook/plan.md", "---\ntitle: Create a plan\nslug: the-plan\nweight: 4\n---\nPlan.\n")
        changes = try b.rebuild(changed: ["content/en/playbook/plan.md"])
        try IncrementalBuilderTests.expectEquivalent(b, f, changes)
        #expect(String(decoding: b.outputs["en/playbook/start/index.html"]!, as: UTF8.self).contains("the-plan/index.html"))
        // The key goes from the English file: the Polish same-path file stays its translation.
        try f.write("content/en/playbook/keyed.md", "---\ntitle: Keyed\n---\nSee [start](start.md).\n")
        changes = try b.rebuild(changed: ["content/en/playbook/keyed.md"])
        try IncrementalBuilderTests.expectEquivalent(b, f, changes)
    }
}
