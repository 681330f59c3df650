/// The apology lint's rules (`ApologyLint` runs them in the check stage). Their ids live here,
/// below the stages, because the `checks:` policy and `lint_ignore`, read with the config,
/// must know which rules they may relax.
package enum ApologyRules {
    package struct Rule: Sendable {
        package let id: String
        package let severity: Diagnostic.Severity
        package let summary: String
    }

    package static let all: [Rule] = [
        Rule(id: "apology/missing-subject", severity: .error, summary: "the template has no subject line"),
        Rule(id: "apology/vague-subject", severity: .warning, summary: "the subject does not say what the email is about"),
        Rule(id: "apology/no-reply", severity: .error, summary: "sender or reply-to is a no-reply address"),
        Rule(id: "apology/no-apology", severity: .error, summary: "the body never apologizes"),
        Rule(id: "apology/audience", severity: .error, summary: "recipients are not limited to the affected people"),
        Rule(id: "apology/data-breach-steps", severity: .error, summary: "a data-breach email does not tell recipients what to do (change password, turn on two-factor)"),
        Rule(id: "apology/data-breach-contact", severity: .error, summary: "a data-breach email gives no contact point (phone number or email address)"),
        Rule(id: "apology/suppression-list", severity: .error, summary: "an apology for a send to a suppression list (the advice is not to send)"),
        Rule(id: "apology/merge-tag", severity: .error, summary: "an unresolved merge tag such as <FirstName> or {{first_name}}"),
        Rule(id: "apology/missing-translation", severity: .warning, summary: "the template exists in some languages but not all"),
    ]

    package static func severity(_ id: String) -> Diagnostic.Severity { all.first { $0.id == id }?.severity ?? .error }
}
