/// A diagnostic about the user's input: which file, which line (when known), which rule, what is
/// wrong and what to do about it. Errors fail a build; warnings are reported and the build goes
/// on. Every stage (build, check, translations, serve) reports through this one type, so the same
/// tree gives the same diagnostics whichever command reads it. Builds collect every error they
/// find before failing.
public struct Diagnostic: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }
    public let file: String
    /// 1-based line in `file`, nil when the diagnostic is about the whole file.
    public let line: Int?
    public let message: String
    public let severity: Severity
    /// The rule's id, `area/name` ("yaml/syntax", "link/anchor"): what `lint_ignore` and the
    /// `checks:` policy in playbook.yml name. README "Diagnostics" lists them all.
    public let rule: String

    public init(file: String, line: Int? = nil, _ message: String, severity: Severity = .error, rule: String) {
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
        self.rule = rule
    }

    /// The same diagnostic at another severity (the `checks:` policy's doing).
    public func with(severity: Severity) -> Diagnostic {
        Diagnostic(file: file, line: line, message, severity: severity, rule: rule)
    }

    /// `file:line: severity: [rule] message` — the format editors and CI annotators parse.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(severity.rawValue): [\(rule)] \(message)"
    }
}

/// A build that found errors: every diagnostic of the stages that ran (its warnings too, so that
/// a failed build reports what `playbook check` reports).
public struct BuildFailure: Error, CustomStringConvertible {
    /// Errors and warnings, in report order.
    public let diagnostics: [Diagnostic]
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// `playbook --version`.
public enum PlaybookVersion {
    public static let text = "0.16.0"
}
