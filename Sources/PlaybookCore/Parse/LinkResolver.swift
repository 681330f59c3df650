import Markdown
import TextFolding

/// Rewrites links written between source files (`../playbook/02-put-out-the-fire.md#x`) to the
/// built pages (`../../../en/playbook/02-put-out-the-fire/index.html#x`), and content assets
/// to where they are copied.
struct LinkResolver {
    let pagePath: String
    let pageURL: String
    let config: SiteConfig
    let published: Set<String>
    let everyPage: Set<String>
    /// Page URL ("en/playbook/x/") → content path, for links written against URLs as in Hugo.
    let pathsByURL: [String: String]
    /// Content path → page URL, made once per build (slugging a path is the costly part of a
    /// link); a path missing here has its URL computed.
    var urlsByPath: [String: String] = [:]
    /// Language → its fallback chain, made once per build.
    var chains: [String: [String]] = [:]

    func resolve(_ url: String) -> LinkResolution {
        if url.isEmpty || url.hasPrefix("#") || url.hasPrefix("/") || hasScheme(url) { return .keep }
        var path = url
        var suffix = ""
        if let i = path.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(path[i...])
            path = String(path[..<i])
        }
        // A link that climbs to content/ itself (or above) names no page (found by fuzzing).
        guard let decoded = ContentPaths.percentDecoded(path), let target = ContentPaths.resolve(decoded, from: pagePath), !target.isEmpty else {
            return .unresolved
        }
        let lang = String(pagePath.prefix { $0 != "/" })
        let root = ContentPaths.rootPrefix(of: pageURL)
        var candidates: [String] = []
        if target.hasSuffix(".md") {
            candidates = [target]
        } else if path.hasSuffix("/") || !(target.split(separator: "/").last ?? "").contains(".") {
            // Hugo-style links are relative to the page's URL ("../other-page/"); links between
            // source folders are relative to the file. Accept both, URL first.
            // Segments are slugged as page URLs are: a link written for MkDocs, whose URLs keep
            // `_` and letter case ("../0x00_2021-notice/"), finds the page.
            if let urlTarget = ContentPaths.resolve(decoded + "/x", from: pageURL + "x") {
                let folders = urlTarget.split(separator: "/").dropLast().enumerated().map { i, s in i == 0 ? String(s) : TextFold.slug(String(s)) }
                if let page = pathsByURL[folders.joined(separator: "/") + "/"] { candidates.append(page) }
            }
            candidates.append(target + "/_index.md")
            candidates.append(target + "/index.md")  // MkDocs's section page
        } else {
            return .replace(root + ContentPaths.assetOutput(of: target) + suffix)
        }
        for candidate in candidates {
            let relative = ContentPaths.languageRelative(candidate)
            let targetLang = String(candidate.prefix { $0 != "/" })
            // A page missing in this language still has a URL here when a fallback fills it.
            let sources = targetLang == lang ? (chains[lang] ?? config.chain(for: lang)).map { $0 + "/" + relative } : [candidate]
            guard let source = sources.first(where: everyPage.contains) else { continue }
            guard published.contains(source) else { return .unlink }
            let targetPath = targetLang == lang && source != candidate && config.fallbackPages ? candidate : source
            guard let targetURL = urlsByPath[targetPath] ?? ContentPaths.url(of: targetPath)?.url else { continue }
            return .replace(root + targetURL + "index.html" + suffix)
        }
        return .unresolved
    }

    private func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        return !url[..<colon].contains("/")
    }
}
