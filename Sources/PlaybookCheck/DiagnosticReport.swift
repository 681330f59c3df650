import PlaybookModel

/// Diagnostics printed for people: every error, every warning of a rule that has a few, and for
/// a rule with many warnings (24,000 `translation/missing` lines would bury the one error that
/// matters) its first few and a count, then a count per rule. `--verbose` prints them all; JSON always has them all.
public enum DiagnosticReport {
    /// A rule with more diagnostics than this is summarised.
    public static let summariseAbove = 10
    /// Examples shown of a summarised rule.
    public static let examples = 3

    /// The lines to print, in file order, summarised unless `verbose`. `listAll` is the command
    /// that lists them all ("playbook check --verbose").
    public static func lines(_ diagnostics: [Diagnostic], verbose: Bool, listAll: String) -> [String] {
        guard !verbose else { return diagnostics.map(\.description) }
        var byRule: [String: [Diagnostic]] = [:]
        for d in diagnostics { byRule["\(d.severity.rawValue) \(d.rule)", default: []].append(d) }
        // Errors are always printed in full: each one stops the build.
        let many = Set(byRule.filter { $0.value.count > summariseAbove && $0.value[0].severity == .warning }.keys)
        var out = diagnostics.filter { !many.contains("\($0.severity.rawValue) \($0.rule)") }.map(\.description)
        for key in many.sorted() {
            let list = byRule[key]!
            let d = list[0]
            out += list.prefix(examples).map(\.description)
            out.append("  … and \(list.count - examples) more \(d.severity.rawValue)s of [\(d.rule)] (\(listAll) lists them all)")
        }
        return out
    }

    /// "2 errors, 24,001 warnings: link/anchor 2 errors; translation/missing 24,000 warnings; …".
    public static func counts(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let total = "\(plural(errors, "error")), \(plural(diagnostics.count - errors, "warning"))"
        guard !diagnostics.isEmpty else { return total }
        var byRule: [String: (errors: Int, warnings: Int)] = [:]
        for d in diagnostics {
            if d.severity == .error { byRule[d.rule, default: (0, 0)].errors += 1 } else { byRule[d.rule, default: (0, 0)].warnings += 1 }
        }
        let parts = byRule.keys.sorted().map { rule -> String in
            let c = byRule[rule]!
            return rule + " " + [c.errors > 0 ? plural(c.errors, "error") : nil, c.warnings > 0 ? plural(c.warnings, "warning") : nil].compactMap { $0 }.joined(separator: ", ")
        }
        return total + " (" + parts.joined(separator: "; ") + ")"
    }

    package static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
