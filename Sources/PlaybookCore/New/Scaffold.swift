import Foundation
import TextFolding

/// `playbook new postmortem|apology|page TITLE`: a new content file with the full schema and
/// the section headings in the file's language (from templates/i18n/<lang>.yml). Never
/// overwrites a file.
public enum Scaffold {
    public enum Kind: String, Sendable { case postmortem, apology, page }

    /// Writes the file; returns its path relative to the source tree.
    public static func create(_ kind: Kind, title: String, lang: String?, section: String = "playbook", source: String) throws -> String {
        let tree = try SourceTree.load(root: source)
        let config = tree.config
        let code = lang ?? config.defaultLanguage
        guard config.language(code) != nil else {
            throw BuildFailure([Diagnostic(file: "playbook.yml", "`\(code)` is not a language of this site (\(config.languages.map(\.code).joined(separator: ", ")))", rule: "command/usage")])
        }
        let slug = TextFold.slug(title)
        guard !slug.isEmpty, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BuildFailure([Diagnostic(file: "content/", "the title needs letters or digits to make a file name from", rule: "command/usage")])
        }
        let strings = try StringsLoader.load(theme: tree.theme, config: config)[code]
        let folder: String
        let text: String
        switch kind {
        case .postmortem:
            folder = TypedContent.postmortemSection
            text = postmortem(title: title, strings: strings)
        case .apology:
            folder = TypedContent.apologySection
            text = apology(title: title, strings: strings, existing: tree.content.filter { $0.path.hasPrefix("\(code)/\(folder)/") })
        case .page:
            folder = TextFold.slug(section).isEmpty ? "playbook" : TextFold.slug(section)
            text = "---\ntitle: \(quote(title))\nsummary: \"\"\npublic: false\ntags: []\n---\n\n"
        }
        let relative = "content/\(code)/\(folder)/\(slug).md"
        let full = source + "/" + relative
        if FileSystem.exists(full) {
            throw BuildFailure([Diagnostic(file: relative, "already exists; choose another title or edit that file", rule: "command/usage")])
        }
        try FileSystem.makeDirectory(source + "/content/\(code)/\(folder)")
        try FileSystem.write(text, to: full)
        return relative
    }

    static func postmortem(title: String, strings: Strings?) -> String {
        var headings = strings?.list("scaffold_postmortem_headings") ?? []
        if headings.count != 5 {
            headings = ["What happened", "When we learned of it", "What we did to correct it", "The aftermath", "What we do so it does not happen again"]
        }
        let todo = strings.map { $0.text("scaffold_todo") } ?? "TODO"
        var s = """
        ---
        title: \(quote(title))
        summary: \(quote(todo))
        date: unknown
        severity: sev3            # sev1 | sev2 | sev3
        status: draft             # draft | in-review | published
        audience: internal        # internal | field (field: published in the field edition)
        owner: "unknown"
        incident:                 # ISO 8601 with zone (2024-03-05T09:12:00+01:00), or unknown
          started: unknown
          detected: unknown
          mitigated: unknown
          resolved: unknown
        impact:
          people_affected: unknown   # a whole number, or unknown
          segments: []
          personal_data_exposed: unknown   # true | false | unknown
        steps_taken: []           # - {step: 1, at: unknown, note: "…"}
        action_items: []          # - {what: "…", owner: "…", due: YYYY-MM-DD or unknown, done: false}
        tags: []
        internal: {}              # internal-only fields, never in the field edition
        ---

        """
        for h in headings { s += "\n## \(h)\n\n\(todo)\n" }
        return s
    }

    static func apology(title: String, strings: Strings?, existing: [ContentFile]) -> String {
        // Sender and reply-to as in the language's other templates, else placeholders.
        var from = "Our team <team@example.com>"
        var replyTo = "support@example.com"
        for file in existing.sorted(by: { $0.path < $1.path }) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            guard let fromLine = text.split(separator: "\n").first(where: { $0.hasPrefix("from:") }),
                  let replyLine = text.split(separator: "\n").first(where: { $0.hasPrefix("reply_to:") }) else { continue }
            from = unquote(fromLine.dropFirst(5))
            replyTo = unquote(replyLine.dropFirst(9))
            break
        }
        let todo = strings.map { $0.text("scaffold_todo") } ?? "TODO"
        var body = strings?.list("scaffold_apology_body") ?? []
        if body.isEmpty { body = ["Hello,", "We are sorry. TODO: what went wrong, in one or two sentences.", "TODO: what we have done about it.", "If you have a question, simply reply to this email."] }
        return """
        ---
        title: \(quote(title))
        summary: \(quote(todo))
        subject: \(quote(title))
        from: \(quote(from))
        reply_to: \(quote(replyTo))
        recipients: affected      # only the people affected
        audience: internal        # field | internal
        incident_type: wrong-send # wrong-send | wrong-segment | broken-personalization | data-breach | suppression-list-send | duplicate-send
        tags: [apology]
        ---


        """ + body.joined(separator: "\n\n") + "\n"
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " ") + "\""
    }

    private static func unquote(_ s: Substring) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { t = String(t.dropFirst().dropLast()) }
        return t
    }
}
