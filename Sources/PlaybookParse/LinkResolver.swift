import Markdown
import PlaybookModel
import TextFolding

/// The links of one page that the check stage looks at: targets that lead nowhere, and
/// `#anchors` to look up once every page's ids are known. Lines are lines of the file, from
/// cmark-gfm's source positions (one per occurrence, escapes and entities included).
public struct PageLinks: Sendable, Hashable {
    public struct Broken: Sendable, Hashable {
        public let line: Int
        /// The target as cmark read it (escapes undone, `<…>` removed).
        public let written: String
        /// A near name in the folder the link points into, as a link from this file.
        public let suggestion: String?

        package init(line: Int, written: String, suggestion: String?) {
            self.line = line
            self.written = written
            self.suggestion = suggestion
        }
    }

    public struct Anchor: Sendable, Hashable {
        public let line: Int
        public let written: String
        /// URL of the page the anchor is looked up on; nil: this page.
        public let page: String?
        /// The id looked up (and linked to): the fragment as written, or its folded form.
        public let id: String

        package init(line: Int, written: String, page: String?, id: String) {
            self.line = line
            self.written = written
            self.page = page
            self.id = id
        }
    }

    public package(set) var broken: [Broken] = []
    public package(set) var anchors: [Anchor] = []

    public init(broken: [Broken] = [], anchors: [Anchor] = []) {
        self.broken = broken
        self.anchors = anchors
    }
}

/// What links resolve against, made once per build from every content file (`init(heads:…)`)
/// and shared by all pages.
package struct LinkTargets: Sendable, Equatable {
    /// Content paths of pages this edition publishes, and of every page file.
    package var published: Set<String> = []
    package var everyPage: Set<String> = []
    /// Page URL ("en/playbook/x/") ↔ content path, with `slug:` and `url:` applied.
    package var pathsByURL: [String: String] = [:]
    package var urlsByPath: [String: String] = [:]
    /// Other files under content/ (images, PDFs), as paths relative to content/.
    package var assets: Set<String> = []
    /// Content path → translation key, and "lang\0key" → the page with that key in that language.
    package var keys: [String: String] = [:]
    package var translations: [String: String] = [:]
    /// Folder (content path) → the names of its files: suggestions for broken links.
    package var folders: [String: [String]] = [:]
    /// URLs the assembler makes without a file: homes and top-level sections.
    package var generated: Set<String> = []
    package var chains: [String: [String]] = [:]

    package init() {}

    package init(heads: [PageParser.Head], published: Set<String>, assets: [String], config: SiteConfig) {
        var urls: [String: String] = [:], keys: [String: String] = [:]
        for head in heads { urls[head.file.path] = head.url; keys[head.file.path] = head.translationKey }
        self.init(urls: urls, keys: keys, published: published, assets: Set(assets), config: config)
    }
}

extension LinkTargets {
    /// Brings the targets up to date for content file `path` (`head` nil: it is gone, or not a
    /// page any more). True when links to it may now resolve differently.
    package mutating func update(_ path: String, head: PageParser.Head?, published isPublished: Bool, config: SiteConfig) -> Bool {
        let oldURL = urlsByPath[path], oldKey = keys[path], wasPublished = published.contains(path)
        let lang = String(path.prefix { $0 != "/" })
        if let url = oldURL, pathsByURL[url] == path { pathsByURL.removeValue(forKey: url) }
        if let key = oldKey, translations[lang + "\u{0}" + key] == path { translations.removeValue(forKey: lang + "\u{0}" + key) }
        urlsByPath.removeValue(forKey: path); keys.removeValue(forKey: path); published.remove(path)
        if let head {
            everyPage.insert(path)
            pathsByURL[head.url] = path
            urlsByPath[path] = head.url
            keys[path] = head.translationKey
            translations[lang + "\u{0}" + head.translationKey] = path
            if isPublished { published.insert(path) }
            if oldURL == nil { addToFolder(path) }
            let section = ContentPaths.section(ofURL: head.url)
            if !section.isEmpty {
                for (code, chain) in chains where chain.contains(lang) { generated.insert(code + "/" + section + "/") }
            }
        } else if everyPage.remove(path) != nil {
            removeFromFolder(path)
            // A section may have lost its last page.
            self = LinkTargets(urls: urlsByPath, keys: keys, published: published, assets: assets, config: config)
        }
        return oldURL != head?.url || oldKey != head?.translationKey || wasPublished != isPublished
    }

    /// Pages whose URL folder is the path of a file copied from content/ (`report.pdf.md` beside
    /// `report.pdf`): both cannot be written.
    package func assetCollisions() -> [Diagnostic] {
        assets.sorted().compactMap { asset in
            guard let page = pathsByURL[asset + "/"] else { return nil }
            return Diagnostic(file: ContentPath(page).shown, "gives the URL /\(asset)/, the path content/\(asset) is copied to; rename one of them or give the page a `slug:`", rule: "url/collision")
        }
    }

    /// A file under content/ appeared (`exists`) or went. True when that changed anything.
    package mutating func updateAsset(_ path: String, exists: Bool) -> Bool {
        if exists {
            guard assets.insert(path).inserted else { return false }
            addToFolder(path)
        } else {
            guard assets.remove(path) != nil else { return false }
            removeFromFolder(path)
        }
        return true
    }

    /// The targets made again from what they hold (URLs and keys of every page).
    package init(urls: [String: String], keys: [String: String], published: Set<String>, assets: Set<String>, config: SiteConfig) {
        self.init()
        self.published = published
        self.assets = assets
        chains = Dictionary(config.languages.map { ($0.code, config.chain(for: $0.code)) }, uniquingKeysWith: { a, _ in a })
        var sections: [String: Set<String>] = [:]
        for (path, url) in urls {
            let lang = String(path.prefix { $0 != "/" })
            everyPage.insert(path)
            pathsByURL[url] = path
            urlsByPath[path] = url
            if let key = keys[path] { self.keys[path] = key; translations[lang + "\u{0}" + key] = path }
            let section = ContentPaths.section(ofURL: url)
            if !section.isEmpty { sections[lang, default: []].insert(section) }
        }
        for path in everyPage.union(assets) { addToFolder(path) }
        for lang in config.languages.map(\.code) {
            generated.insert(lang + "/")
            for from in chains[lang] ?? [lang] {
                for s in sections[from] ?? [] { generated.insert(lang + "/" + s + "/") }
            }
        }
    }

    private mutating func addToFolder(_ path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        folders[String(path[..<slash]), default: []].append(String(path[path.index(after: slash)...]))
    }

    private mutating func removeFromFolder(_ path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash]), name = String(path[path.index(after: slash)...])
        folders[folder]?.removeAll { $0 == name }
    }
}

/// Resolves the links written in a page: relative to the file (`../playbook/02-put-out-the-fire.md#x`),
/// relative to the page's URL as in Hugo (`../other-page/`), or root-absolute (`/guide/page_two/`:
/// the page's language folder first, then content/). Pages become relative links to their built
/// `index.html`, in the reader's language where the page or a fallback copy of it exists;
/// files are linked where they are copied; anchors are written as the ids headings get.
/// Whatever leads nowhere is kept as written and recorded in `PageLinks`.
package struct LinkResolver {
    package let pagePath: String
    package let pageURL: String
    package let config: SiteConfig
    package let targets: LinkTargets
    /// Maps a line of the Markdown body to the line of the file.
    package var fileLine: @Sendable (Int) -> Int = { $0 }

    package init(pagePath: String, pageURL: String, config: SiteConfig, targets: LinkTargets, fileLine: @escaping @Sendable (Int) -> Int = { $0 }) {
        self.pagePath = pagePath
        self.pageURL = pageURL
        self.config = config
        self.targets = targets
        self.fileLine = fileLine
    }
    /// Targets this page's links already located: a reference page links the same few pages
    /// hundreds of times, each with another anchor. One per page; never shared between threads.
    private let memo = LocatedMemo()

    private var lang: String { String(pagePath.prefix { $0 != "/" }) }

    package func resolve(_ link: LinkSite, into links: inout PageLinks) -> LinkResolution {
        let url = link.url
        if url.isEmpty || url.hasPrefix("//") || Self.hasScheme(url) { return .keep }
        // Split on bytes: walking a long reference page's links as Characters was a tenth of its parse.
        var path = Substring(url), query = "", fragment: Substring?
        if let hash = path.utf8.firstIndex(of: UInt8(ascii: "#")) { fragment = path[path.utf8.index(after: hash)...]; path = path[..<hash] }
        if let mark = path.utf8.firstIndex(of: UInt8(ascii: "?")) { query = String(path[mark...]); path = path[..<mark] }
        let line = fileLine(link.line)
        let id = fragment.flatMap(Self.anchorID)
        let suffix = query + (id.map { "#" + $0 } ?? fragment.map { "#" + $0 } ?? "")
        if path.isEmpty {
            guard let fragment, let id else { return .keep }
            links.anchors.append(.init(line: line, written: url, page: nil, id: id))
            return id == fragment ? .keep : .replace(suffix)
        }
        let root = memo.root(of: pageURL)
        guard let found = located(String(path)) else {
            links.broken.append(.init(line: line, written: url, suggestion: suggestion(for: String(path))))
            return .keep
        }
        switch found {
        case .asset(let file):
            return .replace(root + Self.encodePath(file) + suffix)
        case .page(let file, let target):
            guard targets.published.contains(file) else { return link.inRawHTML ? .keep : .unlink }
            if let id { links.anchors.append(.init(line: line, written: url, page: target, id: id)) }
            return .replace(root + target + "index.html" + suffix)
        case .generated(let target):
            if let id { links.anchors.append(.init(line: line, written: url, page: target, id: id)) }
            return .replace(root + target + "index.html" + suffix)
        }
    }

    package enum Located: Equatable {
        /// A content file, and the URL of the page to link (its own, a translation's or a fallback copy's).
        case page(String, url: String)
        case asset(String)
        /// A page the site makes without a file (a language's home, a section, tags, search).
        case generated(String)
    }

    /// `locate` of the percent-decoded `path` (as written), once per page and path.
    private func located(_ path: String) -> Located? {
        if let known = memo.byPath[path] { return known }
        let found = ContentPaths.percentDecoded(path).flatMap(locate)
        memo.byPath[path] = .some(found)
        return found
    }

    package final class LocatedMemo {
        package var byPath: [String: Located?] = [:]
        private var rootPrefix: String?
        /// The page's "../" prefix to the site root, counted once.
        package func root(of pageURL: String) -> String {
            if let rootPrefix { return rootPrefix }
            let made = ContentPaths.rootPrefix(of: pageURL)
            rootPrefix = made
            return made
        }
    }

    /// What `decoded` (a link's path, percent-decoded) names, or nil.
    package func locate(_ decoded: String) -> Located? {
        let folderLike = decoded.hasSuffix("/")
        var bases: [(file: String, url: String)] = []
        if decoded.hasPrefix("/") {
            let rest = String(decoded.drop { $0 == "/" })
            for base in [lang + "/" + rest, rest] {
                if let p = ContentPaths.resolve(base, from: "x"), !p.isEmpty { bases.append((p, p)) }
            }
        } else {
            // Links between source files are relative to the file; Hugo-style links to the
            // page's URL ("../other-page/"). Accept both, the file first.
            guard let file = ContentPaths.resolve(decoded, from: pagePath), !file.isEmpty else { return nil }
            let url = ContentPaths.resolve(decoded, from: pageURL + "x") ?? file
            bases.append((file, url))
        }
        for (file, url) in bases {
            let name = file.pathSegments.last.map(String.init) ?? ""
            let ext = name.contains(".") ? String(name[name.index(after: name.lastIndex(of: ".")!)...]).lowercased() : ""
            if ["md", "markdown", "mdown"].contains(ext) {
                if let p = page(file: String(file.dropLast(ext.count)) + "md") { return p }
                if targets.assets.contains(file) { return .asset(file) }
                continue
            }
            if !ext.isEmpty && !folderLike, targets.assets.contains(file) { return .asset(file) }
            if let p = page(url: url) { return p }
            if !folderLike, let p = page(file: file + ".md") { return p }
            if let p = page(file: file + "/_index.md") { return p }
            if let p = page(file: file + "/index.md") { return p }  // MkDocs's section page
        }
        return nil
    }

    /// The page of content file `file` as seen from this page's language: the file itself; when
    /// it does not exist, the page it falls back to — its translation in this language at
    /// another path (`translation_key`), else the fallback copy, else the original.
    package func page(file: String) -> Located? {
        if targets.everyPage.contains(file), let url = targets.urlsByPath[file] { return .page(file, url: url) }
        let fileLang = String(file.prefix { $0 != "/" })
        guard let chain = targets.chains[fileLang] else { return nil }
        let relative = ContentPaths.languageRelative(file)
        for from in chain.dropFirst() {
            let source = from + "/" + relative
            guard targets.everyPage.contains(source), let url = targets.urlsByPath[source] else { continue }
            if let key = targets.keys[source], let t = targets.translations[fileLang + "\u{0}" + key], let tu = targets.urlsByPath[t] {
                return .page(t, url: tu)
            }
            return .page(source, url: config.fallbackPages ? PageURL(url).inLanguage(fileLang).path : url)
        }
        return nil
    }

    /// The page at site URL `url` ("en/guide/page_two", "en/guide/page_two/index.html"), its
    /// segments compared as URL segments (so `Page_Two` finds `page_two/`).
    package func page(url: String) -> Located? {
        var parts = url.pathSegments.map(String.init)
        if parts.last == "index.html" { parts.removeLast() }
        guard let urlLang = parts.first, let chain = targets.chains[urlLang] else { return nil }
        let rest = parts.dropFirst().map(ContentPaths.segment).map { $0 + "/" }.joined()
        let here = urlLang + "/" + rest
        if let file = targets.pathsByURL[here] { return .page(file, url: here) }
        for from in chain.dropFirst() {
            guard let source = targets.pathsByURL[from + "/" + rest] else { continue }
            if let key = targets.keys[source], let t = targets.translations[urlLang + "\u{0}" + key], let tu = targets.urlsByPath[t] {
                return .page(t, url: tu)
            }
            return .page(source, url: config.fallbackPages ? here : from + "/" + rest)
        }
        if targets.generated.contains(here) { return .generated(here) }
        let first = parts.dropFirst().first
        if first == "tags" || ((first == "search" || first == "translations") && parts.count == 2) { return .generated(here) }
        return nil
    }

    /// A name close to the broken target's in the folder it points into, as a link from this file.
    package func suggestion(for written: String) -> String? {
        guard let decoded = ContentPaths.percentDecoded(written) else { return nil }
        let relative = decoded.hasPrefix("/") ? lang + "/" + decoded.drop { $0 == "/" } : decoded
        guard let target = decoded.hasPrefix("/") ? ContentPaths.resolve(relative, from: "x") : ContentPaths.resolve(decoded, from: pagePath)
        else { return nil }
        var folder = target, name = ""
        if !decoded.hasSuffix("/"), let slash = target.lastIndex(of: "/") {
            folder = String(target[..<slash])
            name = String(target[target.index(after: slash)...])
        }
        guard !name.isEmpty else { return nil }
        if let names = targets.folders[folder], let best = Suggest.closest(to: name, in: names) {
            return Self.relativeLink(from: pagePath, to: folder + "/" + best)
        }
        // A page with that file name in another folder of the language (it moved). Only links
        // that are already broken pay for this scan.
        let suffix = "/" + (name.hasSuffix(".md") ? name : name + ".md")
        let moved = targets.everyPage.filter { $0.hasPrefix(lang + "/") && $0.hasSuffix(suffix) }.sorted().first
        return moved.map { Self.relativeLink(from: pagePath, to: $0) }
    }

    /// `to` (a content path) as a link from the file at `from`.
    package static func relativeLink(from: String, to: String) -> String {
        let a = from.pathSegments.dropLast(), b = to.pathSegments
        var common = 0
        while common < a.count, common < b.count - 1, a[a.startIndex + common] == b[common] { common += 1 }
        return String(repeating: "../", count: a.count - common) + b[common...].joined(separator: "/")
    }

    /// The id an anchor names: the fragment as written (percent-decoded) when it is a plain id,
    /// else the id a heading with that text gets (`oceń-szkody`, `oce%C5%84-szkody` →
    /// `ocen-szkody`), which is how GitHub and Hugo users write anchors to Unicode headings.
    package static func anchorID(_ fragment: Substring) -> String? {
        guard !fragment.isEmpty else { return nil }
        let decoded = ContentPaths.percentDecoded(String(fragment)) ?? String(fragment)
        let plain = decoded.utf8.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
        }
        if plain { return decoded }
        let slug = TextFold.slug(decoded)
        return slug.isEmpty ? decoded : slug
    }

    /// Percent-encodes what cannot stand in a URL path as it is (spaces, `#`, `?`, `%`, quotes,
    /// non-ASCII), so a file copied under its own name is linked exactly.
    package static func encodePath(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    private static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return !url.utf8[..<colon].contains(UInt8(ascii: "/"))
    }
}

/// "Did you mean …": the closest of a few names by edit distance.
package enum Suggest {
    /// The candidate nearest to `word` (case-insensitive), if it is near enough to be a typo.
    package static func closest(to word: String, in candidates: [String], limit: Int? = nil) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        let most = limit ?? max(2, w.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let s = Array(c.lowercased().unicodeScalars)
            guard abs(s.count - w.count) <= most else { continue }
            let d = distance(w, s, cap: best.map { min($0.1, most) } ?? most)
            if d <= most, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    /// Levenshtein distance, or `cap + 1` as soon as it must exceed `cap`.
    package static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cap: Int) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, current[j])
            }
            if rowMin > cap { return cap + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
