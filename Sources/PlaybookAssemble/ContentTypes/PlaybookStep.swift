import PlaybookModel
import PlaybookParse

/// A crisis-response step page: front matter `step` (1…6), `purpose`, `owner`, `risk`.
package struct PlaybookStep: Sendable {
    package static let numbers = 1...6
    package let path: String
    package let lang: String
    package let url: String
    package let translationKey: String
    package let title: String
    package let number: Int
    package let purpose: String
    package let owner: String
    package let risk: String
    /// The page's checklist (task list items), in order: the run sheet's items for this step.
    package let tasks: [String]
    /// File line of the `step` key, for errors about the table.
    package let line: Int?

    /// A page is a step page when its front matter has `step`.
    package static func decode(_ page: ParsedPage) -> (PlaybookStep?, [Diagnostic]) {
        guard page.kind == .page, let stepNode = page.meta.fields["step"] else { return (nil, []) }
        var r = SchemaReader(file: ContentPath(page.path).shown, meta: page.meta, rule: "schema/step")
        let f = page.meta.fields
        var number: Int?
        if stepNode.scalar != nil, let n = stepNode.int, numbers.contains(n) { number = n } else {
            r.fail("step", stepNode, expected: "a whole number from 1 to 6 (the step's place in the crisis response)")
        }
        let purpose = r.text(f["purpose"], "purpose")
        let owner = r.text(f["owner"], "owner")
        let risk = r.text(f["risk"], "risk")
        guard let number, let purpose, let owner, let risk else { return (nil, r.errors) }
        return (PlaybookStep(path: page.path, lang: page.lang, url: page.url, translationKey: page.translationKey, title: page.title,
                             number: number, purpose: purpose, owner: owner, risk: risk, tasks: page.body.tasks, line: page.meta.line(of: "step")), r.errors)
    }
}
