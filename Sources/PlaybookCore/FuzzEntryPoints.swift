import Markdown
import PlaybookIndex
import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// Entry points for the libFuzzer targets (Sources/Fuzz*): the stages that take untrusted
/// bytes, each run exactly as a build runs it. They must never crash, whatever the input.
public enum FuzzEntryPoints {
    /// Bytes of a content file → text → front matter split → YAML → typed front matter.
    public static func frontMatter(_ bytes: [UInt8]) {
        guard let text = try? SourceText.decode(bytes), let parts = try? FrontMatterSplitter.split(text) else { return }
        if let yaml = parts.yaml {
            var (fm, _) = FrontMatter.parse(yaml: yaml, file: "fuzz.md", firstLine: parts.yamlFirstLine)
            _ = fm.interpret(file: "fuzz.md")
        }
        _ = InternalBlocks.apply(parts.body, keep: true, file: "fuzz.md", firstLine: parts.bodyFirstLine)
    }

    /// Bytes of a content file → the whole Markdown stage of a page (internal passages, cmark-gfm
    /// with extensions, heading ids, callouts, link rewriting, title extraction).
    public static func markdownPage(_ bytes: [UInt8]) {
        guard let text = try? SourceText.decode(bytes) else { return }
        let body = (try? FrontMatterSplitter.split(text))?.body ?? text
        let (kept, _) = InternalBlocks.apply(body, keep: true, file: "fuzz.md", firstLine: 1)
        var config = SiteConfig()
        config.allowRawHTML = bytes.first.map { $0 & 1 == 1 } ?? false
        let targets = LinkTargets(urls: ["en/guide/other.md": "en/guide/other/", "en/guide/gone.md": "en/guide/gone/"], keys: [:],
                                  published: ["en/guide/other.md"], assets: ["en/guide/chart.png"], config: config)
        let resolver = LinkResolver(pagePath: "en/guide/page.md", pageURL: "en/guide/page/", config: config, targets: targets)
        var options = MarkdownOptions()
        options.allowRawHTML = config.allowRawHTML
        var links = PageLinks()
        let rendered = MarkdownRenderer(options: options).render(kept, extractTitle: true, rewriteLink: { resolver.resolve($0, into: &links) })
        _ = InternalBlocks.finishHTML(rendered.html, label: "Internal")
        _ = PageParser.autoSummary(rendered)
    }

    /// Text → the search stage: folding tokenizer, stemmer (Snowball or the Polish one, picked by
    /// the first byte), BM25F index builder and the shard writer's JavaScript encoding.
    public static func searchIndex(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        let lang = ["en", "nl", "es", "pl"][Int(bytes.first ?? 0) % 4]
        let lines = text.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        let sections = MarkdownRenderer().render(text).sections
        var builder = LanguageIndexBuilder(lang: lang)
        for (i, type) in ["playbook", "postmortems"].enumerated() {
            builder.add(SearchDocument(
                url: "\(lang)/x\(i)/", title: lines.first ?? "", summary: lines.count > 1 ? lines[1] : "",
                tags: lines.count > 2 ? [lines[2]] : [], sections: sections, type: type,
                severity: i == 1 ? "sev1" : nil, contentLang: i == 0 ? lang : "en", isFallback: i == 1))
        }
        _ = ShardWriter().files(for: builder.finish(), labels: SearchLabels())
    }
}
