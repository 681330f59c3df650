import PlaybookModel

/// The crisis-response summary table of one language: step · purpose · primary
/// responsibility · deliverability / risk impact, one row per step, each linking to its page.
public struct SummaryTable: Sendable {
    public struct Row: Sendable {
        public let step: Int
        public let title: String
        public let purpose: String
        public let owner: String
        public let risk: String
        /// Site URL of the step page in the table's language ("nl/playbook/01-own-the-problem/").
        public let url: String
        /// Language of the row's text: differs from the table's when the step page is a fallback copy.
        public let contentLang: String
        public let sourcePath: String
        /// The step page's checklist items, in the row's language.
        public let tasks: [String]
    }

    public let lang: String
    public let rows: [Row]

    /// Tables for every language from the step pages, with the errors that make a table wrong:
    /// a duplicate step, a missing step, a language whose steps differ from the source language's.
    /// A site without step pages has no table (and no errors).
    package static func build(_ steps: [PlaybookStep], config: SiteConfig) -> ([String: SummaryTable], [Diagnostic]) {
        guard !steps.isEmpty else { return ([:], []) }
        var errors: [Diagnostic] = []
        var byLang: [String: [Int: PlaybookStep]] = [:]
        for step in steps.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            if let other = byLang[step.lang]?[step.number] {
                errors.append(Diagnostic(file: ContentPath(step.path).shown, line: step.line,
                                         "step \(step.number) is also content/\(other.path); each step appears once per language: renumber one of them",
                                         rule: "summary/duplicate-step"))
                continue
            }
            byLang[step.lang, default: [:]][step.number] = step
        }
        // The reference: the source language's steps (else the default language's).
        let reference = byLang[config.sourceLanguage] != nil ? config.sourceLanguage : (byLang[config.defaultLanguage] != nil ? config.defaultLanguage : nil)
        if let reference, let refSteps = byLang[reference] {
            let refByKey = Dictionary(refSteps.values.map { ($0.translationKey, $0) }, uniquingKeysWith: { a, _ in a })
            for (lang, table) in byLang where lang != reference {
                for step in table.values.sorted(by: { $0.number < $1.number }) {
                    if let ref = refByKey[step.translationKey] {
                        if ref.number != step.number {
                            errors.append(Diagnostic(file: ContentPath(step.path).shown, line: step.line,
                                                     "this page is step \(step.number), but its \(reference) original content/\(ref.path) is step \(ref.number): the \(lang) summary table would differ in its steps; use `step: \(ref.number)`",
                                                     rule: "summary/differs"))
                        }
                    } else {
                        errors.append(Diagnostic(file: ContentPath(step.path).shown, line: step.line,
                                                 "step \(step.number) in \(lang) has no step page in \(reference) with the same path or translation_key: the \(lang) summary table would differ in its steps",
                                                 rule: "summary/differs"))
                    }
                }
            }
        }
        var tables: [String: SummaryTable] = [:]
        for lang in config.languages.map(\.code) {
            var rows: [Row] = []
            let chain = config.chain(for: lang)
            for number in PlaybookStep.numbers {
                guard let from = chain.first(where: { byLang[$0]?[number] != nil }), let step = byLang[from]?[number] else {
                    if lang == (reference ?? lang) || byLang[reference ?? ""]?[number] != nil {
                        let folder = (byLang[lang] ?? byLang[reference ?? lang])?.values.first.map { "content/" + $0.path.split(separator: "/").dropLast().joined(separator: "/") + "/" } ?? "content/\(lang)/"
                        errors.append(Diagnostic(file: folder, "step \(number) of 6 is missing in \(lang): add a page with `step: \(number)`, `purpose`, `owner` and `risk`", rule: "summary/missing-step"))
                    }
                    continue
                }
                let url = from == lang || !config.fallbackPages ? step.url : PageURL(step.url).inLanguage(lang).path
                rows.append(Row(step: number, title: step.title, purpose: step.purpose, owner: step.owner, risk: step.risk,
                                url: url, contentLang: from, sourcePath: step.path, tasks: step.tasks))
            }
            tables[lang] = SummaryTable(lang: lang, rows: rows)
        }
        return (tables, errors)
    }
}
