import PlaybookModel
import Yams

/// Loads every language's strings from the theme.
package enum StringsLoader {
    /// UI strings a language lacks (it shows its fallback's instead): one warning per key, for
    /// `playbook check`. The default language's file defines the keys.
    package static func missingKeys(theme: [String: [UInt8]], config: SiteConfig) throws -> [Diagnostic] {
        missingKeys(in: try load(theme: theme, config: config), theme: theme, config: config)
    }

    /// `missingKeys(theme:config:)` of strings already loaded.
    package static func missingKeys(in strings: [String: Strings], theme: [String: [UInt8]], config: SiteConfig) -> [Diagnostic] {
        guard let reference = strings[config.defaultLanguage]?.tables.first(where: { $0.lang == config.defaultLanguage })?.table else { return [] }
        var warnings: [Diagnostic] = []
        for lang in config.languages where lang.code != config.defaultLanguage {
            let own = strings[lang.code]?.tables.first(where: { $0.lang == lang.code })?.table ?? [:]
            if theme["i18n/\(lang.code).yml"] == nil {
                // No file at all: one warning for the language, not one per string.
                let fallback = config.chain(for: lang.code).dropFirst().first ?? config.defaultLanguage
                warnings.append(Diagnostic(file: "templates/i18n/\(lang.code).yml", "no UI strings for \(lang.name): readers see all \(reference.count) UI strings in \(fallback); copy templates/i18n/\(config.defaultLanguage).yml from the default theme and translate it", severity: .warning, rule: "i18n/missing-string"))
                continue
            }
            let missing = reference.keys.filter { own[$0] == nil }.sorted()
            // A regional variant overrides a few strings on purpose; its parent covers the rest.
            let covered = missing.filter { key in
                config.chain(for: lang.code).dropFirst().contains { code in
                    code != config.defaultLanguage && strings[code]?.tables.first(where: { $0.lang == code })?.table[key] != nil
                }
            }
            for key in missing where !covered.contains(key) {
                let fallback = config.chain(for: lang.code).dropFirst().first { code in
                    strings[code]?.tables.first(where: { $0.lang == code })?.table[key] != nil
                } ?? config.defaultLanguage
                warnings.append(Diagnostic(file: "templates/i18n/\(lang.code).yml", "UI string `\(key)` is missing; readers see the \(fallback) text", severity: .warning, rule: "i18n/missing-string"))
            }
        }
        return warnings
    }

    package static func load(theme: [String: [UInt8]], config: SiteConfig) throws -> [String: Strings] {
        var tables: [String: [String: Node]] = [:]
        var errors: [Diagnostic] = []
        for lang in config.languages {
            let path = "i18n/\(lang.code).yml"
            guard let bytes = theme[path] else { continue }
            do {
                let text = try SourceTree.decodeOrFail(bytes, shown: "templates/" + path)
                if let deep = YAMLErrors.tooDeep(text, file: "templates/" + path, lineOffset: 0) { errors.append(deep); continue }
                guard let node = try Yams.compose(yaml: text), let map = node.mapping else {
                    errors.append(Diagnostic(file: "templates/" + path, line: 1, "expected `key: text` lines", rule: "i18n/syntax"))
                    continue
                }
                var table: [String: Node] = [:]
                for (k, v) in map { if let key = k.string { table[key] = v } }
                tables[lang.code] = table
            } catch let failure as BuildFailure {
                errors += failure.diagnostics
            } catch {
                errors.append(YAMLErrors.describe(error, file: "templates/" + path, lineOffset: 0))
            }
        }
        if !errors.isEmpty { throw BuildFailure(errors) }
        var result: [String: Strings] = [:]
        for lang in config.languages {
            let chain = config.chain(for: lang.code).compactMap { code in tables[code].map { (code, $0) } }
            result[lang.code] = Strings(lang: lang.locale, tables: chain)
        }
        return result
    }
}
