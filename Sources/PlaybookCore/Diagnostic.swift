/// A problem in the user's input: which file, which line (when known), what is wrong and
/// what to do about it. Builds collect every error they find before failing.
public struct Diagnostic: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }
    public let file: String
    public let line: Int?
    public let message: String
    public let severity: Severity
    public let rule: String?

    public init(file: String, line: Int? = nil, _ message: String, severity: Severity = .error, rule: String? = nil) {
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
        self.rule = rule
    }

    /// `file:line: severity: [rule] message` — the format editors and CI annotators parse.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let ruleText = rule.map { "[\($0)] " } ?? ""
        return "\(location): \(severity.rawValue): \(ruleText)\(message)"
    }
}

/// Several input errors at once; the build stops after a stage that found any.
public struct BuildFailure: Error, CustomStringConvertible {
    public let errors: [Diagnostic]
    public init(_ errors: [Diagnostic]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
