import Yams

/// One language of the site, from `playbook.yml`.
public struct LanguageConfig: Sendable, Equatable {
    public var code: String
    public var name: String
    /// BCP 47 tag for `lang` and `hreflang` attributes (defaults to the code).
    public var locale: String
    /// Languages to borrow pages and UI strings from, in order, when this one lacks them.
    public var fallback: [String]
    /// The site's title in this language (defaults to the site title).
    public var title: String? = nil

    public init(code: String, name: String, locale: String, fallback: [String], title: String? = nil) {
        self.code = code
        self.name = name
        self.locale = locale
        self.fallback = fallback
        self.title = title
    }
}

/// Site settings from `playbook.yml`. Every key is optional; a source tree without the
/// file builds with these defaults (English, Dutch, Polish, Spanish).
public struct SiteConfig: Sendable {
    public var title = "Playbook"
    /// Absolute URL of the published site, used for sitemap, canonical and hreflang links.
    /// Pages link to each other relatively, so the site also works elsewhere.
    public var baseURL = ""
    public var defaultLanguage = "en"
    /// The language translations are made from (for staleness tracking).
    public var sourceLanguage = "en"
    public var languages: [LanguageConfig] = [
        LanguageConfig(code: "en", name: "English", locale: "en", fallback: []),
        LanguageConfig(code: "nl", name: "Nederlands", locale: "nl", fallback: ["en"]),
        LanguageConfig(code: "pl", name: "Polski", locale: "pl", fallback: ["en"]),
        LanguageConfig(code: "es", name: "Español", locale: "es", fallback: ["en"]),
    ]
    /// Build a language's missing pages from its fallback chain (marked as such).
    public var fallbackPages = true
    /// Pass raw HTML in Markdown through (tagfilter still applies). Off: raw HTML is dropped.
    public var allowRawHTML = false
    /// The severity policy from `checks:` (see CheckPolicy).
    public var checks = CheckPolicy()
    /// Warnings about playbook.yml itself (unknown keys, other tools' keys): reported with every
    /// build and check.
    public var warnings: [Diagnostic] = []

    public init() {}

    public func language(_ code: String) -> LanguageConfig? { languages.first { $0.code == code } }

    /// The chain to search for something missing in `code`: the language itself, its
    /// fallbacks (recursively), then the default language.
    public func chain(for code: String) -> [String] {
        var result: [String] = []
        func visit(_ c: String) {
            guard !result.contains(c), let lang = language(c) else { return }
            result.append(c)
            lang.fallback.forEach(visit)
        }
        visit(code)
        if !result.contains(defaultLanguage) { result.append(defaultLanguage) }
        return result
    }
}

extension SiteConfig {
    /// Parses `playbook.yml`. `file` is the name used in error messages.
    public static func parse(yaml text: String, file: String) throws -> SiteConfig {
        var config = SiteConfig()
        if let deep = YAMLErrors.tooDeep(text, file: file, lineOffset: 0) { throw BuildFailure([deep]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw BuildFailure([YAMLErrors.describe(error, file: file, lineOffset: 0, yamlLines: text.split(separator: "\n", omittingEmptySubsequences: false).count - 1, text: text)])
        }
        guard let root else { return config }
        guard let written = root.mapping else {
            throw BuildFailure([Diagnostic(file: file, line: root.mark?.line, "expected a mapping of settings (title:, languages:, …)", rule: "config/invalid")])
        }
        var errors: [Diagnostic] = []
        for (key, first, second) in KnownKeys.duplicates(in: written, lineOffset: 0) {
            errors.append(Diagnostic(file: file, line: second, "`\(key)` is given twice, on lines \(first) and \(second); keep one", rule: "config/duplicate-key"))
        }
        let map = vocabulary(written, file: file, warnings: &config.warnings)
        func string(_ key: String) -> String? { map[key]?.string }
        if let v = string("title") { config.title = v }
        if let v = string("base_url") { config.baseURL = v.hasSuffix("/") || v.isEmpty ? v : v + "/" }
        if let v = string("default_language") { config.defaultLanguage = v }
        if let v = string("source_language") { config.sourceLanguage = v }
        if let v = map["fallback_pages"]?.bool { config.fallbackPages = v }
        if let md = map["markdown"]?.mapping {
            if let v = md["unsafe_html"]?.bool { config.allowRawHTML = v }
            config.warnings += unknownKeys(md, known: KnownKeys.markdownConfig, within: "markdown", file: file)
        }
        if let node = map["checks"] {
            let (policy, faults) = CheckPolicy.parse(node, file: file)
            config.checks = policy
            errors += faults
        }
        if let langs = map["languages"] {
            guard let seq = langs.sequence, !seq.isEmpty else {
                throw BuildFailure([Diagnostic(file: file, line: langs.mark?.line, "`languages` must be a non-empty list of {code, name, locale, fallback}", rule: "config/invalid")])
            }
            config.languages = []
            for item in seq {
                guard let m = item.mapping, let code = m["code"]?.string, !code.isEmpty else {
                    errors.append(Diagnostic(file: file, line: item.mark?.line, "each language needs a `code` (for example `code: en`)", rule: "config/invalid"))
                    continue
                }
                config.warnings += unknownKeys(m, known: KnownKeys.languageConfig, within: "languages[\(code)]", file: file)
                if config.language(code) != nil {
                    errors.append(Diagnostic(file: file, line: item.mark?.line, "language `\(code)` is listed twice", rule: "config/invalid"))
                }
                let fallback = m["fallback"].map { node in node.sequence?.compactMap(\.string) ?? node.string.map { [$0] } ?? [] }
                config.languages.append(LanguageConfig(
                    code: code, name: m["name"]?.string ?? code, locale: m["locale"]?.string ?? code,
                    fallback: fallback ?? [], title: m["title"]?.string))
            }
        }
        let codes = Set(config.languages.map(\.code))
        if !codes.contains(config.defaultLanguage) {
            errors.append(Diagnostic(file: file, "default_language `\(config.defaultLanguage)` is not one of the languages (\(config.languages.map(\.code).joined(separator: ", ")))", rule: "config/invalid"))
        }
        if !codes.contains(config.sourceLanguage) {
            errors.append(Diagnostic(file: file, "source_language `\(config.sourceLanguage)` is not one of the languages", rule: "config/invalid"))
        }
        for lang in config.languages where lang.code != config.defaultLanguage && map["languages"] != nil {
            for f in lang.fallback where !codes.contains(f) {
                errors.append(Diagnostic(file: file, "language `\(lang.code)` falls back to `\(f)`, which is not configured", rule: "config/invalid"))
            }
        }
        // A language without an explicit chain falls back to the default language.
        for i in config.languages.indices where config.languages[i].fallback.isEmpty && config.languages[i].code != config.defaultLanguage {
            config.languages[i].fallback = [config.defaultLanguage]
        }
        if !errors.isEmpty { throw BuildFailure(errors) }
        return config
    }

    /// The top-level settings with Hugo's and MkDocs's names for ours read as ours
    /// (`site_name` → `title`); unknown keys reported with a did-you-mean.
    private static func vocabulary(_ map: Node.Mapping, file: String, warnings: inout [Diagnostic]) -> Node.Mapping {
        var out: [(Node, Node)] = []
        let written = Set(map.keys.compactMap(\.string))
        for (keyNode, value) in map {
            guard let key = keyNode.string else { continue }
            if let ours = KnownKeys.configSynonyms[key], !written.contains(ours) {
                warnings.append(Diagnostic(file: file, line: keyNode.mark?.line, "`\(key)` is read as `\(ours)`; write `\(ours)`", severity: .warning, rule: "config/foreign-key"))
                out.append((Node(ours), value))
                continue
            }
            out.append((keyNode, value))
        }
        let mapped = Node.Mapping(out)
        warnings += unknownKeys(mapped, known: KnownKeys.config, within: nil, file: file)
        return mapped
    }

    /// A warning for each key of `map` that is not in `known`, with the closest known key.
    private static func unknownKeys(_ map: Node.Mapping, known: Set<String>, within: String?, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (keyNode, _) in map {
            guard let key = keyNode.string, !known.contains(key) else { continue }
            let shown = within.map { "\($0).\(key)" } ?? key
            var hint = KnownKeys.suggestion(for: key, in: known).map { "; did you mean `\($0)`?" } ?? "; known keys: " + known.sorted().map { "`\($0)`" }.joined(separator: ", ")
            if within == nil, key == "links" || key == "validation" || key == "onBrokenLinks" || key == "onBrokenAnchors" {
                hint = "; severities are set under `checks:`, for example `checks: {\"link/*\": warning}`"
            }
            out.append(Diagnostic(file: file, line: keyNode.mark?.line, "unknown setting `\(shown)` is ignored\(hint)", severity: .warning, rule: "config/unknown-key"))
        }
        return out
    }
}
