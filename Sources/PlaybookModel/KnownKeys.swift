import Yams

/// The keys `playbook` reads, the keys other tools use for the same thing, and "did you mean":
/// an unknown key that differs from a known one only by case or a typo is reported, not ignored.
package enum KnownKeys {
    /// Front matter every page may have, and each content type's own keys.
    package static let frontMatter: Set<String> = [
        "title", "summary", "date", "tags", "weight", "draft", "aliases", "translation_key", "source_hash",
        "lint_ignore", "public", "audience", "internal", "updated", "url", "slug",
        // playbook steps
        "step", "purpose", "owner", "risk",
        // postmortems
        "severity", "status", "incident", "impact", "steps_taken", "action_items",
        // apology templates
        "subject", "from", "reply_to", "recipients", "incident_type", "kind",
    ]

    /// Front-matter keys of Hugo and MkDocs that mean what one of ours means: read as ours.
    package static let frontMatterSynonyms: [String: String] = [
        "description": "summary",  // Hugo's and MkDocs's page summary
    ]

    /// Front-matter keys of Hugo, MkDocs (Material) and Docusaurus that have no equivalent here:
    /// reported once per page, with what becomes of them.
    package static let foreignFrontMatter: [String: String] = [
        "layout": "Hugo's page layout; every page here uses the theme's page template",
        "type": "Hugo's content type; here a page's type comes from its front matter (step, severity, subject)",
        "template": "MkDocs's page template; every page here uses the theme's page template",
        "hide": "MkDocs Material's navigation/toc hiding; not supported",
        "menu": "Hugo's menu entry; navigation here is built from the folders",
        "linkTitle": "Hugo's short title for links; the page title is used",
        "lastmod": "Hugo's last-modified date; not shown",
        "publishDate": "Hugo's publish date; use `draft: true` to hold a page back",
        "expiryDate": "Hugo's expiry date; not supported",
        "keywords": "not indexed separately; use `tags`",
        "categories": "a Hugo taxonomy; use `tags`",
        "toc": "the table of contents is always shown",
        "icon": "MkDocs Material's page icon; not shown",
        "search": "MkDocs's search settings; every published page is indexed",
        "sidebar_position": "Docusaurus's sidebar order; use `weight`",
        "sidebar_label": "Docusaurus's sidebar label; the page title is used",
        "nav_order": "the navigation order here is `weight`",
    ]

    /// Top-level keys of playbook.yml.
    package static let config: Set<String> = ["title", "base_url", "default_language", "source_language", "fallback_pages", "markdown", "languages", "checks"]
    package static let markdownConfig: Set<String> = ["unsafe_html"]
    package static let languageConfig: Set<String> = ["code", "name", "locale", "fallback", "title"]

    /// Hugo's and MkDocs's names for our settings.
    package static let configSynonyms: [String: String] = [
        "site_name": "title", "baseURL": "base_url", "baseurl": "base_url", "site_url": "base_url",
        "defaultContentLanguage": "default_language",
    ]

    /// The known key `key` was most likely meant to be: the same but for letter case, or within
    /// a small edit distance (1 for short keys, 2 from 6 letters). Nil when nothing is close.
    package static func suggestion(for key: String, in known: Set<String>) -> String? {
        let lower = key.lowercased()
        if let same = known.first(where: { $0.lowercased() == lower }) { return same }
        let limit = key.count >= 6 ? 2 : 1
        var best: (distance: Int, key: String)?
        for candidate in known.sorted() {
            let d = editDistance(lower, candidate, limit: limit)
            if d <= limit, d < (best?.distance ?? .max) { best = (d, candidate) }
        }
        return best?.key
    }

    /// Levenshtein distance with transpositions counted as one edit; stops early past `limit`.
    package static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if abs(x.count - y.count) > limit { return limit + 1 }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }

    /// Keys that appear twice in one mapping: (key, first line, second line). YAML requires
    /// unique keys and Hugo refuses them; libyaml lets the last one win silently.
    package static func duplicates(in mapping: Node.Mapping, lineOffset: Int) -> [(key: String, first: Int, second: Int)] {
        var seen: [String: Int] = [:]
        var out: [(String, Int, Int)] = []
        for (keyNode, _) in mapping {
            guard let key = keyNode.string else { continue }
            let line = (keyNode.mark?.line ?? 1) + lineOffset
            if let first = seen[key] { out.append((key, first, line)) } else { seen[key] = line }
        }
        return out
    }
}
