import Testing
import Markdown
@testable import PlaybookCore

@Suite struct ParseTests {
    @Test func splitsFrontMatterKeepingLines() throws {
        let parts = try FrontMatterSplitter.split("---\ntitle: X\ntags: [a]\n---\n# Body\n")
        #expect(parts.yaml == "title: X\ntags: [a]\n")
        #expect(parts.yamlFirstLine == 2)
        #expect(parts.body == "# Body\n")
        #expect(parts.bodyFirstLine == 5)
        let none = try FrontMatterSplitter.split("# Just markdown\n---\n")
        #expect(none.yaml == nil && none.body == "# Just markdown\n---\n")
        #expect(throws: FrontMatterSplitter.SplitError.unclosed(line: 1)) { try FrontMatterSplitter.split("---\ntitle: X\n\nbody") }
    }

    @Test func sourceTextHandlesBOMAndLineEndingsAndRejectsBinary() throws {
        #expect(try SourceText.decode([0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: X\r\n---\r\nA\rB".utf8)) == "---\ntitle: X\n---\nA\nB")
        #expect(throws: SourceText.Problem.invalidUTF8(line: 2)) { try SourceText.decode(Array("ok\nbad \u{0}".utf8).dropLast() + [0xC3, 0x28]) }
        #expect(throws: SourceText.Problem.nulByte(line: 3)) { try SourceText.decode(Array("a\nb\nc\u{0}".utf8)) }
    }

    @Test func frontMatterTypesAreCheckedWithFileLines() {
        let yaml = "title: Fine\ndate: yesterday\nweight: heavy\ntags: [a, b]\ndraft: maybe\n"
        let (fm, errors) = FrontMatter.parse(yaml: yaml, file: "content/en/x.md", firstLine: 2)
        #expect(fm.title == "Fine")
        #expect(fm.tags == ["a", "b"])
        #expect(errors.map(\.line) == [3, 4, 6])
        #expect(errors[0].description.hasPrefix("content/en/x.md:3: error: [front-matter/invalid] `date: yesterday` is not a date"))
        let (_, yamlErrors) = FrontMatter.parse(yaml: "title: [unclosed\n", file: "f.md", firstLine: 2)
        #expect(yamlErrors.count == 1 && yamlErrors[0].line! >= 2)
    }

    /// Found by fuzzing: deep YAML nesting overflowed the stack inside libyaml/Yams.
    @Test func deeplyNestedYAMLIsAnErrorNotACrash() {
        let (_, errors) = FrontMatter.parse(yaml: "title: x\ntags: " + String(repeating: "[", count: 5000) + "\n", file: "f.md", firstLine: 2)
        #expect(errors.first?.description == "f.md:3: error: [yaml/too-deep] YAML nests deeper than 64 levels here; flatten it")
        let (fm, ok) = FrontMatter.parse(yaml: "a: [[1, [2]], {b: [3]}]\n# [[[[ in a comment\nc: '[[[['\n", file: "f.md", firstLine: 2)
        #expect(ok.isEmpty && fm.fields["c"]?.string == "[[[[")
    }

    /// Found by fuzzing: a link that climbs exactly to content/ crashed the resolver.
    @Test func linksClimbingToTheContentRootAreUnresolved() {
        let r = LinkResolver(pagePath: "en/guide/page.md", pageURL: "en/guide/page/", config: SiteConfig(), targets: LinkTargets())
        for url in ["../..", "../../", "../../x", "../../../etc/passwd"] {
            var links = PageLinks()
            #expect(r.resolve(LinkSite(url: url, line: 3), into: &links) == .keep)
            #expect(links.broken.map(\.line) == [3], "\(url) should be reported")
        }
        FuzzEntryPoints.markdownPage(Array("--[plk](../../pin../..)pindex.md)".utf8))
    }

    @Test func datesAreValidated() {
        #expect(DateText.day(of: "2015-10-07") == "2015-10-07")
        #expect(DateText.day(of: "2015-10-07T09:00:00+02:00") == "2015-10-07")
        #expect(DateText.day(of: "2015-02-29") == nil)
        #expect(DateText.day(of: "2016-02-29") == "2016-02-29")
        #expect(DateText.day(of: "07/10/2015") == nil)
    }

    @Test func contentPathsGivePrettyURLs() {
        #expect(ContentPaths.url(of: "en/_index.md")! == ("en/", .home))
        #expect(ContentPaths.url(of: "pl/playbook/_index.md")! == ("pl/playbook/", .section))
        #expect(ContentPaths.url(of: "pl/playbook/Oceń szkody.md")! == ("pl/playbook/ocen-szkody/", .page))
        #expect(ContentPaths.url(of: "en/!!.md")! == ("en/u21-u21/", .page))
        #expect(ContentPaths.link(to: "en/playbook/", from: "en/postmortems/x/") == "../../../en/playbook/index.html")
        #expect(ContentPaths.rootPrefix(of: "") == "" && ContentPaths.rootPrefix(of: "en/") == "../")
        #expect(ContentPaths.rootPrefix(of: "en/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/") == String(repeating: "../", count: 18))
        #expect(ContentPaths.rootPrefix(of: "/en//x/") == "../../")
        #expect(ContentPaths.resolve("../playbook/a.md", from: "en/postmortems/x.md") == "en/playbook/a.md")
        #expect(ContentPaths.resolve("../../../a.md", from: "en/x.md") == nil)
    }

    @Test func internalBlocksAreDroppedOrMarked() {
        let body = "Public.\n\n<!-- internal -->\nSecret channel.\n<!-- /internal -->\n\nMore.\n"
        let (field, e1) = InternalBlocks.apply(body, keep: false, file: "f", firstLine: 5)
        #expect(e1.isEmpty && !field.contains("Secret") && field.contains("More."))
        let (staff, _) = InternalBlocks.apply(body, keep: true, file: "f", firstLine: 5)
        #expect(staff.contains("Secret") && staff.contains(InternalBlocks.beginToken))
        let (_, e2) = InternalBlocks.apply("a\n<!-- internal -->\nb\n", keep: false, file: "f", firstLine: 5)
        #expect(e2.first?.line == 6)
        // Staff see the passage in a labelled box; search indexes its words, not the label or the markers.
        var rendered = MarkdownRenderer().render(staff)
        rendered.html = InternalBlocks.finishHTML(rendered.html, label: "Internal")
        #expect(rendered.html.contains("<p class=\"internal-label\">Internal</p>"))
        #expect(rendered.sections.map(\.text) == ["Public. Secret channel. More."])
    }

    @Test func configParsesLanguagesAndChains() throws {
        let yaml = """
        title: T
        languages:
          - {code: en, name: English}
          - {code: es, name: Español}
          - {code: es-MX, name: Español (México), fallback: [es, en]}
        """
        let config = try SiteConfig.parse(yaml: yaml, file: "playbook.yml")
        #expect(config.languages.map(\.code) == ["en", "es", "es-MX"])
        #expect(config.chain(for: "es-MX") == ["es-MX", "es", "en"])
        #expect(config.chain(for: "es") == ["es", "en"])
        #expect(throws: BuildFailure.self) { try SiteConfig.parse(yaml: "languages:\n  - {code: en}\n  - {code: nl, fallback: [fr]}\n", file: "p.yml") }
    }
}
