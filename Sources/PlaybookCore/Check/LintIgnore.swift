import Yams

/// `lint_ignore: [{rule: apology/vague-subject, reason: "…"}]` in a page's front matter
/// silences one rule for that file. A silence must say why; one without a reason is an error.
enum LintIgnore {
    /// Rules a page may silence (schema errors and the table's consistency cannot be silenced).
    static var silenceable: Set<String> {
        Set(ApologyLint.rules.map(\.id) + ["link/broken", "link/anchor", "translation/stale", "translation/orphaned"])
    }

    /// Silenced rules per content file ("content/en/apologies/x.md"), and errors in the silences.
    static func read(_ pages: [ParsedPage]) -> ([String: Set<String>], [Diagnostic]) {
        var silenced: [String: Set<String>] = [:]
        var errors: [Diagnostic] = []
        for page in pages {
            let (rules, errs) = read(page)
            if !rules.isEmpty { silenced["content/" + page.path] = rules }
            errors += errs
        }
        return (silenced, errors)
    }

    /// The rules one page silences, and the errors in its silences.
    static func read(_ page: ParsedPage) -> (Set<String>, [Diagnostic]) {
        guard let node = page.meta.fields["lint_ignore"] else { return ([], []) }
        var silenced: Set<String> = []
        var errors: [Diagnostic] = []
        let file = "content/" + page.path
        var r = SchemaReader(file: file, meta: page.meta, rule: "lint/ignore")
        let example = "a list of {rule: apology/vague-subject, reason: \"why this file may break the rule\"}"
        guard let seq = r.sequence(node, "lint_ignore", expected: example) else { return ([], r.errors) }
        for (i, item) in seq.enumerated() {
            guard let m = r.mapping(item, "lint_ignore[\(i)]", keys: ["rule", "reason"], parent: node) else { continue }
            guard let rule = r.text(m["rule"], "lint_ignore[\(i)].rule", parent: item) else { continue }
            let reason = m["reason"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if reason.isEmpty {
                errors.append(Diagnostic(file: file, line: r.line(m["reason"], fallback: item), "`lint_ignore` silences `\(rule)` without a reason; add `reason: \"…\"` saying why this file may break the rule", rule: "lint/ignore-without-reason"))
                continue
            }
            if !silenceable.contains(rule) {
                errors.append(Diagnostic(file: file, line: r.line(m["rule"], fallback: item), "`lint_ignore` names `\(rule)`, which is not a rule that can be silenced; expected one of \(silenceable.sorted().joined(separator: ", "))", severity: .warning, rule: "lint/unknown-rule"))
                continue
            }
            silenced.insert(rule)
        }
        return (silenced, errors + r.errors)
    }

    static func apply(_ diagnostics: [Diagnostic], silenced: [String: Set<String>]) -> [Diagnostic] {
        guard !silenced.isEmpty else { return diagnostics }
        return diagnostics.filter { p in
            let rule = p.rule
            guard let rules = silenced[p.file] else { return true }
            return !rules.contains(rule)
        }
    }
}
