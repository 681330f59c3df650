import Foundation
import PlaybookAssemble
import PlaybookLoad
import PlaybookModel
import TextFolding

/// `playbook new postmortem|apology|page TITLE`: a new content file with the full schema and
/// the section headings in the file's language (from templates/i18n/<lang>.yml). Never
/// overwrites a file.
public enum Scaffold {
    public enum Kind: String, Sendable { case postmortem, apology, page }

    /// Writes the file; returns its path relative to the source tree.
    /// `fromLog`: a postmortem's incident times, steps taken and timeline are filled from the
    /// run sheet's incident log at that path (see IncidentLog); its language is the default
    /// when `lang` is nil. Throws `BuildFailure` naming what is wrong with the log.
    public static func create(_ kind: Kind, title: String, lang: String?, section: String = "playbook", source: String, fromLog: String? = nil) throws -> String {
        let log = try fromLog.map(IncidentLog.read)
        if fromLog != nil && kind != .postmortem {
            throw BuildFailure([Diagnostic(file: fromLog!, "--from makes postmortems only: `playbook new postmortem \"Title\" --from LOG`", rule: "command/usage")])
        }
        let tree = try SourceTree.load(root: source)
        let config = tree.config
        let code = lang ?? log?.language.flatMap { config.language($0) != nil ? $0 : nil } ?? config.defaultLanguage
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
            text = postmortem(title: title, strings: strings, log: log)
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

    static func postmortem(title: String, strings: Strings?, log: IncidentLog? = nil) -> String {
        var headings = strings?.list("scaffold_postmortem_headings") ?? []
        if headings.count != 5 {
            headings = ["What happened", "When we learned of it", "What we did to correct it", "The aftermath", "What we do so it does not happen again"]
        }
        let todo = strings.map { $0.text("scaffold_todo") } ?? "TODO"
        var s = """
        ---
        title: \(quote(title))
        summary: \(quote(todo))
        date: \(log?.milestones.first?.at?.day ?? "unknown")
        severity: sev3            # sev1 | sev2 | sev3
        status: draft             # draft | in-review | published
        audience: internal        # internal | field (field: published in the field edition)
        owner: "unknown"
        incident:                 # ISO 8601 with zone (2024-03-05T09:12:00+01:00), or unknown
        \(incident(log))
        impact:
          people_affected: unknown   # a whole number, or unknown
          segments: []
          personal_data_exposed: unknown   # true | false | unknown
        \(stepsTaken(log))
        action_items: []          # - {what: "…", owner: "…", due: YYYY-MM-DD or unknown, done: false}
        tags: []
        internal: {}              # internal-only fields, never in the field edition
        ---

        """
        for (i, h) in headings.enumerated() {
            s += "\n## \(h)\n\n\(todo)\n"
            // What we did, and when: every ticked checklist item of the log.
            if i == 2, let log, !log.ticks.isEmpty { s += "\n" + timeline(log, strings: strings) }
        }
        return s
    }

    private static func incident(_ log: IncidentLog?) -> String {
        Postmortem.milestones.map { name in
            "  \(name): " + (log?.milestones.first { $0.name == name }?.at?.text ?? "unknown")
        }.joined(separator: "\n")
    }

    private static func stepsTaken(_ log: IncidentLog?) -> String {
        guard let log, !log.stepsTaken.isEmpty else { return "steps_taken: []           # - {step: 1, at: unknown, note: \"…\"}" }
        return "steps_taken:\n" + log.stepsTaken.map { "  - {step: \($0.step), at: \($0.at?.text ?? "unknown"), note: \(quote($0.note))}" }.joined(separator: "\n")
    }

    /// "- 5 Mar 2024, 09:12 UTC+01:00 — Step 2: Stop or pause the campaign …", in time order.
    private static func timeline(_ log: IncidentLog, strings: Strings?) -> String {
        log.ticks.map { tick in
            let when = tick.at.map { (strings?.formatDate($0.day) ?? $0.day) + ", " + $0.time + " " + $0.zoneLabel } ?? (strings?.text("unknown") ?? "Unknown")
            let step = strings?.text("step_n", ["step": String(tick.step)]) ?? "Step \(tick.step)"
            return "- \(when) — \(step): \(markdownEscaped(tick.text))\n"
        }.joined()
    }

    /// Plain text made safe to put into Markdown: ASCII punctuation that could start markup is
    /// backslash-escaped (CommonMark allows that for every ASCII punctuation character).
    static func markdownEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\`*_{}[]<>()#+-.!|~&".contains(ch) { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
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
