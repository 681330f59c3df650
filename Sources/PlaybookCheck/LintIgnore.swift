import PlaybookAssemble
import PlaybookModel
import PlaybookParse
import Yams

/// `lint_ignore: [{rule: apology/vague-subject, reason: "…"}]` in a page's front matter
/// silences one rule for that file; in a section's `_index.md` (or MkDocs's `index.md`) it
/// silences the rule for every file of the section below it too, like Hugo's `cascade`. A
/// silence must say why; one without a reason is an error. The rules that can be silenced are
/// the ones the `checks:` policy can relax (CheckPolicy.adjustableRules).
package enum LintIgnore {
    package static var silenceable: Set<String> { CheckPolicy.adjustableRules }

    /// Silenced rules per content file ("content/en/apologies/x.md"), and errors in the silences.
    package static func read(_ pages: [ParsedPage]) -> ([String: Set<String>], [Diagnostic]) {
        var silenced: [String: Set<String>] = [:]
        var errors: [Diagnostic] = []
        for page in pages {
            let (rules, errs) = read(page)
            if !rules.isEmpty { silenced[ContentPath(page.path).shown] = rules }
            errors += errs
        }
        return (silenced, errors)
    }

    /// The rules one page silences, and the errors in its silences.
    package static func read(_ page: ParsedPage) -> (Set<String>, [Diagnostic]) {
        guard let node = page.meta.fields["lint_ignore"] else { return ([], []) }
        var silenced: Set<String> = []
        var errors: [Diagnostic] = []
        let file = ContentPath(page.path).shown
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

    package static func apply(_ diagnostics: [Diagnostic], silenced: [String: Set<String>]) -> [Diagnostic] {
        guard !silenced.isEmpty else { return diagnostics }
        return diagnostics.filter { !isSilenced($0, by: { silenced[$0] }) }
    }

    /// Whether `d` is silenced by its own file's `lint_ignore` or by the `_index.md` of a
    /// section it is in. `rules` gives the silenced rules of a content file ("content/en/x.md").
    package static func isSilenced(_ d: Diagnostic, by rules: (String) -> Set<String>?) -> Bool {
        guard d.file.hasPrefix("content/") else { return false }
        if rules(d.file)?.contains(d.rule) == true { return true }
        var folder = d.file.hasSuffix("/") ? String(d.file.dropLast()) : d.file
        if let name = folder.split(separator: "/").last, name == "_index.md" || name == "index.md" {
            folder = String(folder[..<folder.lastIndex(of: "/")!])  // a section's own silences are its file's
        }
        while let slash = folder.lastIndex(of: "/"), folder[..<slash] != "content" {
            folder = String(folder[..<slash])
            for index in ["/_index.md", "/index.md"] where rules(folder + index)?.contains(d.rule) == true { return true }
        }
        return false
    }
}
