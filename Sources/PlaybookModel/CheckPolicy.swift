import Yams

/// The site-wide severity policy: `checks:` in playbook.yml, per rule id or prefix, like
/// Docusaurus's `onBrokenLinks` and MkDocs's `validation:` block:
///
///     checks:
///       link/anchor: warning      # one rule
///       link/*: warning           # every rule under link/
///       translation/missing: off  # not reported at all
///
/// The most specific entry wins (a rule id over `area/*` over `*`). Only rules about what a page
/// says can be relaxed; a fault that keeps a page from being built at all (invalid YAML, an
/// unreadable file, a URL collision, a schema error) stays an error whatever the policy says.
public struct CheckPolicy: Sendable, Equatable {
    public enum Level: String, Sendable { case error, warning, off }

    /// Pattern ("link/anchor", "link/*", "*") → level, as written.
    public private(set) var entries: [String: Level] = [:]

    public init(entries: [String: Level] = [:]) { self.entries = entries }

    /// The rules about what a page says, which `checks:` may relax and `lint_ignore` may
    /// silence. Every other rule means the site cannot be built as written.
    public static let adjustableRules: Set<String> = Set(ApologyRules.all.map(\.id) + [
        "link/broken", "link/anchor",
        "translation/stale", "translation/missing", "translation/orphaned", "translation/untracked",
        "front-matter/unknown-key", "front-matter/foreign-key",
        "markdown/raw-html", "markdown/attribute-list",
        "content/skipped", "edition/empty", "i18n/missing-string",
    ])

    /// Whether `checks:` may change `rule`'s severity.
    public static func isAdjustable(_ rule: String) -> Bool { adjustableRules.contains(rule) }

    /// The level the policy gives `rule`, nil when no entry matches (the rule's own severity).
    public func level(of rule: String) -> Level? {
        guard !entries.isEmpty, Self.isAdjustable(rule) else { return nil }
        if let exact = entries[rule] { return exact }
        var best: (length: Int, level: Level)?
        for (pattern, level) in entries where pattern.hasSuffix("*") {
            let prefix = pattern.dropLast()
            if rule.hasPrefix(prefix), prefix.count >= (best?.length ?? -1) { best = (prefix.count, level) }
        }
        return best?.level
    }

    /// `diagnostics` with the policy applied: dropped (`off`) or given the policy's severity.
    public func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !entries.isEmpty else { return diagnostics }
        return diagnostics.compactMap(apply)
    }

    public func apply(_ d: Diagnostic) -> Diagnostic? {
        switch level(of: d.rule) {
        case nil: return d
        case .off: return nil
        case .warning: return d.severity == .warning ? d : d.with(severity: .warning)
        case .error: return d.severity == .error ? d : d.with(severity: .error)
        }
    }

    /// Whether the policy turns some warning into an error.
    public var escalates: Bool { entries.values.contains(.error) }

    /// Reads the `checks:` mapping; its faults are `config/checks` diagnostics.
    package static func parse(_ node: Node, file: String) -> (CheckPolicy, [Diagnostic]) {
        var policy = CheckPolicy()
        var diagnostics: [Diagnostic] = []
        guard let map = node.mapping else {
            return (policy, [Diagnostic(file: file, line: node.mark?.line, "`checks` must be a mapping of rule → error, warning or off (for example `checks: {\"link/anchor\": warning}`)", rule: "config/checks")])
        }
        for (key, value) in map {
            guard let pattern = key.string else { continue }
            let line = key.mark?.line
            guard let raw = value.string, let level = Level(rawValue: raw.lowercased()) ?? (value.bool == false ? .off : nil) else {
                diagnostics.append(Diagnostic(file: file, line: line, "`checks.\(pattern)` must be error, warning or off", rule: "config/checks"))
                continue
            }
            if pattern.hasSuffix("*") {
                let prefix = pattern.dropLast()
                if !adjustableRules.contains(where: { $0.hasPrefix(prefix) }) {
                    diagnostics.append(Diagnostic(file: file, line: line, "`checks.\(pattern)` matches no rule that can be relaxed; rules: \(adjustableRules.sorted().joined(separator: ", "))", rule: "config/checks"))
                    continue
                }
            } else if !isAdjustable(pattern) {
                let hint = KnownKeys.suggestion(for: pattern, in: adjustableRules).map { "; did you mean `\($0)`?" }
                    ?? " (a fault that keeps a page from being built cannot be relaxed); rules that can: \(adjustableRules.sorted().joined(separator: ", "))"
                diagnostics.append(Diagnostic(file: file, line: line, "`checks.\(pattern)` is not a rule that can be relaxed\(hint)", rule: "config/checks"))
                continue
            }
            policy.entries[pattern] = level
        }
        return (policy, diagnostics)
    }
}
