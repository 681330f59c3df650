import PlaybookAssemble
import PlaybookModel
import PlaybookParse

/// The apology lint: the playbook's own DO/DON'T for apology emails, checked on every
/// template in every language. Each rule has an id that `lint_ignore` can silence for one file.
package enum ApologyLint {
    package static func severity(_ id: String) -> Diagnostic.Severity { ApologyRules.severity(id) }

    /// Words that make an apology, per language (lower-case prefixes).
    package static let apologyWords: [String: [String]] = [
        "en": ["sorry", "apolog"],
        "nl": ["excuses", "excuus", "spijt"],
        "pl": ["przeprasza", "przepros"],
        "es": ["disculp", "lament", "lo sentimos", "lo siento", "sentimos"],
    ]
    package static let passwordWords = ["password", "passphrase", "wachtwoord", "hasło", "hasła", "hasel", "haseł", "contraseña", "clave"]
    package static let twoFactorWords = ["two-factor", "two factor", "2fa", "two-step", "two step", "multi-factor", "mfa", "tweestaps", "tweefactor", "twee-factor",
                                 "dwuskładnik", "dwuetap", "dos factores", "dos pasos", "doble factor", "multifactor"]
    /// Whole subjects (folded) that say nothing about the email.
    package static let vagueSubjects: Set<String> = [
        "sorry", "oops", "we goofed", "important", "important information", "important notice", "important update", "update", "an update",
        "a quick update", "quick update", "news", "notice", "hello", "hi", "fyi", "information", "attention", "apology", "apologies", "our apologies",
        "a message from us", "a note from us", "please read", "read this", "re", "fwd",
        "excuses", "onze excuses", "belangrijk", "belangrijke informatie", "mededeling", "oeps", "nieuws", "hallo",
        "przepraszamy", "ważne", "ważna informacja", "informacja", "aktualizacja", "ups", "komunikat", "dzień dobry",
        "lo sentimos", "disculpas", "importante", "aviso", "actualización", "información", "ups", "hola", "noticias",
    ]

    package static func run(_ types: TypedContent, pages: [ParsedPage], config: SiteConfig, lines: SourceLines) -> [Diagnostic] {
        let templates = types.apologies.values.filter { !$0.isGuide }
        let metas = Dictionary(pages.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        for a in templates.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            guard let page = metas[a.path] else { continue }
            out += lint(a, page: page, lines: lines)
        }
        return out + missingTranslations(templates, page: { metas[$0] }, config: config)
    }

    /// A template's translation group lacks a configured language.
    package static func missingTranslations(_ templates: [Apology], page: (String) -> ParsedPage?, config: SiteConfig) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var groups: [String: [Apology]] = [:]
        for a in templates.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            groups[page(a.path)?.translationKey ?? a.path, default: []].append(a)
        }
        let all = config.languages.map(\.code)
        for key in groups.keys.sorted() {
            let members = groups[key]!
            let have = Set(members.map(\.lang))
            let missing = all.filter { !have.contains($0) }
            guard !missing.isEmpty else { continue }
            let anchor = members.first { $0.lang == config.sourceLanguage } ?? members[0]
            out.append(diagnostic("apology/missing-translation", a: anchor, line: page(anchor.path)?.meta.line(of: "incident_type"),
                             "this template has no \(missing.joined(separator: ", ")) version: recipients who read \(missing.count == 1 ? "that language" : "those languages") get none in their language; add content/\(missing[0])/\(ContentPaths.languageRelative(anchor.path))"))
        }
        return out
    }

    private static func diagnostic(_ id: String, a: Apology, line: Int?, _ message: String) -> Diagnostic {
        Diagnostic(file: ContentPath(a.path).shown, line: line, message, severity: severity(id), rule: id)
    }

    package static func lint(_ a: Apology, page: ParsedPage, lines: SourceLines) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let meta = page.meta
        let body = a.markdown
        let lower = body.lowercased()
        func bodyLine(_ needle: String) -> Int? { lines.line(in: a.path, containing: needle, from: a.bodyFirstLine) }

        // Subject
        let subject = a.subject?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if subject.isEmpty {
            out.append(diagnostic("apology/missing-subject", a: a, line: meta.line(of: "subject") ?? meta.line(of: "title"),
                             "no subject line: add `subject:` saying what the email is about, for example \"We sent you an email by mistake\""))
        } else if isVague(subject) {
            out.append(diagnostic("apology/vague-subject", a: a, line: meta.line(of: "subject"),
                             "subject \"\(subject)\" is vague: say what the email is about (\"Our last email was not meant for you\")"))
        }
        // Sender and reply-to
        for (key, value) in [("from", a.from), ("reply_to", a.replyTo)] {
            guard let value, let address = EmailAddress(value) else { continue }
            let local = address.localPart.lowercased().filter { $0.isLetter }
            if local.contains("noreply") || local.contains("donotreply") || local.contains("nereply") {
                out.append(diagnostic("apology/no-reply", a: a, line: meta.line(of: key),
                                 "`\(key)` is a no-reply address (\(address.address)): people will answer an apology; use an address someone reads"))
            }
        }
        // An apology in the body, in the page's language.
        let words = apologyWords[a.lang] ?? apologyWords.values.flatMap { $0 }
        if !words.contains(where: { lower.contains($0) }) {
            let blank = body.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.trimmingCharacters(in: .whitespaces).isEmpty }.count
            out.append(diagnostic("apology/no-apology", a: a, line: a.bodyFirstLine + blank,
                             "the body never apologizes: say plainly that you are sorry (looked for: \(words.joined(separator: ", ")))"))
        }
        // Audience
        let recipients = a.recipients?.trimmingCharacters(in: .whitespaces).lowercased()
        if recipients != "affected" {
            out.append(diagnostic("apology/audience", a: a, line: meta.line(of: "recipients"),
                             "recipients are \(a.recipients.map { "`\($0)`" } ?? "not set"): an apology goes only to the people affected; write `recipients: affected`"))
        }
        // Data breach: what to do, and whom to contact.
        if a.incidentType == "data-breach" {
            var lacking: [String] = []
            if !passwordWords.contains(where: { lower.contains($0) }) { lacking.append("change their password") }
            if !twoFactorWords.contains(where: { lower.contains($0) }) { lacking.append("turn on two-factor authentication") }
            if !lacking.isEmpty {
                out.append(diagnostic("apology/data-breach-steps", a: a, line: meta.line(of: "incident_type"),
                                 "a data-breach email must tell recipients what to do: \(lacking.joined(separator: " and "))"))
            }
            if !hasContactPoint(body) {
                out.append(diagnostic("apology/data-breach-contact", a: a, line: meta.line(of: "incident_type"),
                                 "a data-breach email must give a contact point: a phone number or an email address people can write to"))
            }
        }
        if a.incidentType == "suppression-list-send" {
            out.append(diagnostic("apology/suppression-list", a: a, line: meta.line(of: "incident_type"),
                             "do not send an apology to a suppression list: it emails people who must not be emailed a second time; stop the send and fix the list instead (see the guide on when not to send)"))
        }
        // Merge tags, in the subject and in the Markdown source (cmark would hide `<FirstName>`).
        if let tag = mergeTags(in: subject).first {
            out.append(diagnostic("apology/merge-tag", a: a, line: meta.line(of: "subject"),
                             "unresolved merge tag `\(tag)` in the subject: write the text out (merge tags are what broke last time)"))
        }
        var seen: Set<String> = []
        for tag in mergeTags(in: body) where seen.insert(tag).inserted {
            out.append(diagnostic("apology/merge-tag", a: a, line: bodyLine(tag),
                             "unresolved merge tag `\(tag)`: write the text out (\"Hello,\") so nothing can break a second time"))
        }
        return out
    }

    package static func isVague(_ subject: String) -> Bool {
        let folded = subject.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        let words = String(folded).split(separator: " ")
        if words.count <= 1 { return true }
        return vagueSubjects.contains(words.joined(separator: " "))
    }

    package static func hasContactPoint(_ text: String) -> Bool {
        // An email address.
        let chars = Array(text)
        for (i, c) in chars.enumerated() where c == "@" {
            if i > 0, i + 3 < chars.count, chars[i - 1].isLetter || chars[i - 1].isNumber, chars[(i + 1)...].prefix(64).contains(".") { return true }
        }
        // A phone number: 7 or more digits in a run of digits, spaces, dashes, dots, parentheses.
        var digits = 0
        for c in text {
            if c.isASCII && c.isNumber { digits += 1; if digits >= 7 { return true } }
            else if c == " " || c == "-" || c == "." || c == "(" || c == ")" || c == "+" || c == "\u{00A0}" { continue }
            else { digits = 0 }
        }
        return false
    }

    /// Merge tags as written: `<FirstName>`, `{{first_name}}`, `{% x %}`, `*|FNAME|*`, `%%Name%%`, `[[name]]`, `${name}`.
    package static func mergeTags(in text: String) -> [String] {
        var out: [String] = []
        let pairs: [(String, String)] = [("{{", "}}"), ("{%", "%}"), ("*|", "|*"), ("%%", "%%"), ("[[", "]]"), ("${", "}")]
        for (open, close) in pairs {
            var rest = text[...]
            while let o = rest.range(of: open) {
                guard let c = rest[o.upperBound...].range(of: close) else { break }
                let inner = rest[o.upperBound..<c.lowerBound]
                if !inner.isEmpty && inner.count <= 60 && !inner.contains("\n") { out.append(String(rest[o.lowerBound..<c.upperBound])) }
                rest = rest[c.upperBound...]
            }
        }
        // <FirstName>, <first_name>, < FNAME >: an identifier in angle brackets that is no HTML tag.
        var rest = text[...]
        while let o = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: o)...]
            guard let c = after.firstIndex(where: { $0 == ">" || $0 == "<" || $0 == "\n" }) else { break }
            if after[c] == ">" {
                let inner = after[..<c].trimmingCharacters(in: .whitespaces)
                if let first = inner.first, first.isLetter, inner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " " }),
                   !htmlTags.contains(inner.lowercased()) {
                    out.append(String(rest[o...c]))
                }
            }
            rest = after[c...].first == "<" ? after[c...] : after[after.index(after: c)...]
        }
        return out
    }

    package static let htmlTags: Set<String> = ["a", "b", "i", "u", "s", "p", "br", "hr", "em", "strong", "small", "sub", "sup", "span", "div", "ul", "ol", "li",
                                        "table", "tr", "td", "th", "thead", "tbody", "blockquote", "code", "pre", "kbd", "mark", "del", "ins", "q", "cite",
                                        "h1", "h2", "h3", "h4", "h5", "h6", "img", "center", "font", "abbr", "dl", "dt", "dd", "details", "summary"]
}
