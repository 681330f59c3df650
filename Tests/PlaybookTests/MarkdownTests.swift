import Foundation
@testable import Markdown
import Testing

@Suite struct MarkdownTests {
    let renderer = MarkdownRenderer()

    @Test func gfmExtensionsAndFootnotes() {
        let md = """
        | Step | Owner |
        |---|---|
        | 1 | Marketing |

        ~~gone~~ and https://example.com/x and a note[^1].

        - [x] stop the send
        - [ ] tell legal

        [^1]: The footnote.
        """
        let html = renderer.render(md).html
        #expect(html.contains("<table>"))
        #expect(html.contains("<th>Step</th>"))
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains("<a href=\"https://example.com/x\">"))
        #expect(html.contains("<li><label class=\"task\"><input type=\"checkbox\" class=\"task-box\" checked> stop the send</label></li>"))
        #expect(!html.contains("disabled"))
        #expect(html.contains("class=\"footnotes\""))
    }

    @Test func taskItemsAreLabelledCheckboxesAndListed() {
        let md = "- [ ] stop *the* [send](x.md) <b>now</b>\n  and wait\n- [x] tell `legal`\n\n1. [ ] loose\n\n   more\n"
        let r = renderer.render(md)
        #expect(r.tasks == ["stop the send now and wait", "tell legal", "loose"])
        #expect(r.html.contains("<li><label class=\"task\"><input type=\"checkbox\" class=\"task-box\"> stop <em>the</em> <a href=\"x.md\">send</a>"))
        #expect(r.html.contains("<li>\n<p><label class=\"task\"><input type=\"checkbox\" class=\"task-box\"> loose</label></p>\n<p>more</p>"))
        #expect(!r.html.contains("<b>"))
    }

    @Test func rawHTMLAndScriptsAreFilteredByDefault() {
        let md = "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> [x](javascript:alert(3))\n"
        let html = renderer.render(md).html
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("javascript:"))
        var options = MarkdownOptions()
        options.allowRawHTML = true
        let unsafe = MarkdownRenderer(options: options).render("<b>bold</b> <script>x</script>\n").html
        #expect(unsafe.contains("<b>bold</b>"))
        #expect(!unsafe.contains("<script>"))  // tagfilter still applies
    }

    /// CommonMark's convention, read by highlight.js and Prism; `lang` is for human languages.
    @Test func fencedCodeLanguageIsAClassOnCode() {
        let html = renderer.render("```ruby startline=3\nputs 1\n```\n").html
        #expect(html == "<pre><code class=\"language-ruby\">puts 1\n</code></pre>\n")
    }

    /// Heading ids never take the theme's ids (`pb-…`) or footnotes' (`fn-…`, `fnref-…`).
    @Test func headingIdsStayOutOfTheThemesAndFootnotesIds() {
        let md = "## PB main\n\n## fnref 1\n\n## fn 1\n\n## h pb main\n\nNote[^1].\n\n[^1]: Text.\n"
        let r = renderer.render(md)
        #expect(r.headings.map(\.id) == ["h-pb-main", "h-fnref-1", "h-fn-1", "h-pb-main-1"])
        let ids = r.html.matches(of: #/id="([^"]+)"/#).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count, "\(ids)")
        #expect(ids.contains("fn-1") && ids.contains("fnref-1"))
    }

    /// `javascript:`, `vbscript:`, `file:` and `data:text/html` targets are never live: in Markdown
    /// links and images and, with raw HTML on, in any URL attribute (entities decoded as a browser
    /// would); event-handler attributes go too.
    @Test(arguments: [false, true]) func dangerousLinkTargetsAreNeutralisedInBothModes(_ unsafe: Bool) {
        var options = MarkdownOptions()
        options.allowRawHTML = unsafe
        let md = """
        [a](javascript:alert(1)) [b](VBScript:x) [c](file:///etc/passwd) [d](data:text/html;base64,PHNjcmlwdD4=)
        ![e](javascript:alert(2)) ![ok](data:image/png;base64,iVBORw0K) [fine](https://example.org/x) [rel](../x/index.html)

        <a href="javascript:alert(3)">raw</a> <a href=" &#106;avascript&colon;alert(4)">enc</a> <a href='java&#x09;script:alert(5)'>tab</a>
        <img src=x onerror="alert(6)"> <svg><a xlink:href="javascript:alert(7)">s</a></svg> <a href="https://example.org/ok" title="t">ok</a>

        <div onclick="alert(8)"><form action="javascript:alert(9)"><button formaction=JAVASCRIPT:alert(10)>x</button></form></div>
        """
        let html = MarkdownRenderer(options: options).render(md).html
        let lower = html.lowercased()
        for bad in ["javascript:", "vbscript:", "file:", "data:text", "&#106;avascript", "&colon;", "java&#x09;script", "onerror", "onclick"] {
            #expect(!lower.contains(bad), "\(bad) in \(html)")
        }
        #expect(html.contains("src=\"data:image/png;base64,iVBORw0K\""))
        #expect(html.contains("<a href=\"https://example.org/x\">fine</a>") && html.contains("<a href=\"../x/index.html\">rel</a>"))
        #expect(html.contains("<a href=\"\">a</a>"))
        if unsafe {
            #expect(html.contains("<a href=\"\">raw</a>") && html.contains("<a href=\"https://example.org/ok\" title=\"t\">ok</a>"))
            #expect(html.contains("<img src=x >") && html.contains("<form action=\"\">"))
        }
    }

    @Test func headingsGetUniqueFoldedIdsAndToc() {
        let md = "## Oceń szkody\n\ntext\n\n### Oceń szkody\n\n## Step *one*\n\n#### Deep\n"
        let r = renderer.render(md)
        #expect(r.headings.map(\.id) == ["ocen-szkody", "ocen-szkody-1", "step-one", "deep"])
        #expect(r.tableOfContents.map(\.level) == [2, 3, 2])
        #expect(r.html.contains("<h2 id=\"step-one\">Step <em>one</em><a class=\"anchor\" href=\"#step-one\""))
        #expect(r.sections.map(\.headingId) == [nil, "ocen-szkody", "ocen-szkody-1", "step-one", "deep"])
        #expect(r.sections[1].text.contains("text"))
    }

    /// Search text is what a reader sees: words of every block, split at headings, entities
    /// decoded, image descriptions in; heading anchors, callout titles and footnote markers out.
    @Test func sectionTextIsTheVisibleText() {
        let md = """
        Intro *with* `code` &amp; a [link](x.md), line
        one.[^1]

        ## Step *one*

        > [!WARNING]
        > Watch out.

        ![Alt words](pic.png)

        | Cell A | Cell B |
        |---|---|
        | 1 | 2 |

        ```
        let x = 1
        ```

        - item one
        - item two

        [^1]: The note.
        """
        let r = MarkdownRenderer().render(md)
        #expect(r.sections.map(\.headingId) == [nil, "step-one"])
        #expect(r.sections[0].text == "Intro with code & a link, line one.")
        #expect(r.sections[1].heading == "Step one")
        let text = r.sections[1].text
        #expect(text.hasPrefix("Watch out. Alt words Cell A Cell B 1 2 let x = 1 item one item two"), "\(text)")
        #expect(text.contains("The note."))
        #expect(!text.contains("Warning") && !text.contains("[!WARNING]") && !text.contains("#") && !text.contains("↩"))
        #expect(!text.contains("  ") && !text.contains("\n"))
    }

    @Test func sectionTextKeepsHeadingsFromRawHTMLAsText() {
        var options = MarkdownOptions()
        options.allowRawHTML = true
        let r = MarkdownRenderer(options: options).render("<h2 id=\"fake\">Raw heading</h2>\n\n## Real\n\nBody\n")
        #expect(r.sections.map(\.headingId) == [nil, "real"])
        #expect(r.sections[0].text == "Raw heading")
        #expect(r.sections[1].text == "Body")
    }

    @Test func leadingTitleIsExtracted() {
        let r = renderer.render("# The title\n\nBody\n\n## Next\n", extractTitle: true)
        #expect(r.extractedTitle == "The title")
        #expect(!r.html.contains("<h1"))
        #expect(r.headings.map(\.id) == ["next"])
        let kept = renderer.render("Intro\n\n# Not first\n", extractTitle: true)
        #expect(kept.extractedTitle == nil)
    }

    /// Found by fuzzing: a link inside the extracted title heading was rewritten after the
    /// heading had been freed.
    @Test func linksInsideTheTitleHeadingAreSafe() {
        var seen: [String] = []
        let r = renderer.render("# Title [m](../x.md)\n\nBody [n](y.md)\n", extractTitle: true) { link in seen.append(link.url); return .replace("z") }
        #expect(r.extractedTitle == "Title m")
        #expect(seen == ["../x.md", "y.md"])
        #expect(r.html == "<p>Body <a href=\"z\">n</a></p>\n")
    }

    @Test func alertsBecomeCallouts() {
        let md = "> [!WARNING]\n> Stop the campaign **now**.\n\n> [!tip]\n>\n> Second paragraph.\n\n> [!NOTE] inline text\n"
        var options = MarkdownOptions()
        options.alertTitles[.warning] = "Ostrzeżenie"
        let html = MarkdownRenderer(options: options).render(md).html
        #expect(html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Ostrzeżenie</p>\n<p>Stop the campaign <strong>now</strong>.</p>\n</div>"))
        #expect(html.contains("callout-tip"))
        #expect(html.contains("<p>Second paragraph.</p>"))
        #expect(html.contains("<blockquote>\n<p>[!NOTE] inline text</p>"))  // not an alert on GitHub either
    }

    @Test func linksAreRewrittenOrReported() {
        var lines: [String: Int] = [:]
        let r = renderer.render("[a](other.md#x)\n[b](missing.md) [c](https://x.org)\n\n- [d](gone.md)") { link in
            lines[link.url] = link.line
            switch link.url {
            case "other.md#x": return .replace("../other/index.html#x")
            case "gone.md": return .unlink
            default: return .keep
            }
        }
        #expect(lines == ["other.md#x": 1, "missing.md": 2, "https://x.org": 2, "gone.md": 4])
        #expect(r.html.contains("<a href=\"../other/index.html#x\">a</a>"))
        #expect(r.html.contains("<a href=\"missing.md\">b</a>"))
        #expect(r.html.contains("<a href=\"https://x.org\">c</a>"))
        #expect(r.html.contains("<li>d</li>") && !r.html.contains("gone.md"))
    }

    /// The interposed cmark_manage_extensions_special_characters is the one libcmark-gfm calls,
    /// so parses run in parallel without the global lock.
    @Test func threadFixIsActive() {
        _ = renderer.render("~~x~~")
        #expect(CmarkSetup.needsParseLock == false)
    }

    /// libcmark-gfm's special-character table is process-global (see CmarkThreadFix): parsing
    /// on many threads must give exactly what parsing on one gives.
    @Test func parallelParsingMatchesSerial() {
        let docs = (0..<4000).map { i in
            "# Doc \(i)\n\n~~struck \(i)~~ www.example.com/\(i) and https://x.org/\(i)\n\n| a | b |\n|---|---|\n| \(i) | ~~\(i)~~ |\n\n- [ ] task \(i)\n"
        }
        let serial = docs.map { renderer.render($0).html }
        var parallel = [String](repeating: "", count: docs.count)
        parallel.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: docs.count) { i in
                (base + i).pointee = renderer.render(docs[i]).html
            }
        }
        let mismatches = zip(serial, parallel).filter { $0 != $1 }.count
        #expect(mismatches == 0)
        #expect(serial.allSatisfy { $0.contains("<del>struck") && $0.contains("<a href=\"http://www.example.com/") })
    }
}
