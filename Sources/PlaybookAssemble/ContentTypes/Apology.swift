import Markdown
import PlaybookModel
import PlaybookParse
import TextFolding
import Yams

/// An apology-email template (content/<lang>/apologies/*.md). A page with `kind: guide` is
/// guidance about apologies, not a template: it has no email and no schema beyond `audience`.
package struct Apology: Sendable {
    package static let incidentTypes = ["wrong-send", "wrong-segment", "broken-personalization", "data-breach", "suppression-list-send", "duplicate-send"]
    package static let audiences = ["field", "internal"]

    package let path: String
    package let lang: String
    package let isGuide: Bool
    package let subject: String?
    package let from: String?
    package let replyTo: String?
    package let recipients: String?
    package let audience: String?
    package let incidentType: String?
    /// The email's Markdown as written, internal passages blanked (lines kept, so lint
    /// diagnostics point into the file); empty for a guide.
    package let markdown: String
    /// File line of the body's first line.
    package let bodyFirstLine: Int
    /// The email body as HTML and as plain text (what the page shows, the copy button copies
    /// and the .eml carries).
    package var emailHTML = ""
    package var emailText = ""

    package static let emailKeys = ["subject", "from", "reply_to", "recipients", "incident_type"]

    /// A page that declares none of an email's fields is about apologies, not one itself.
    package static func isGuide(_ f: [String: Node]) -> Bool {
        f["kind"]?.string == "guide" || (f["kind"] == nil && !emailKeys.contains { f[$0] != nil })
    }

    /// `body` gives the email's Markdown as written and its first line; it is read only for a
    /// template (a guide's text is the page's, and nothing checks it as an email).
    package static func decode(_ page: ParsedPage, body: () -> (text: String, firstLine: Int)) -> (Apology?, [Diagnostic]) {
        var r = SchemaReader(file: ContentPath(page.path).shown, meta: page.meta, rule: "schema/apology")
        let f = page.meta.fields
        let declaresEmail = emailKeys.contains { f[$0] != nil }
        let isGuide = Self.isGuide(f)
        if f["kind"] == nil && !declaresEmail {
            r.note("no email fields (\(emailKeys.joined(separator: ", "))): shown as a page about apologies, not as a template; add them to make it a template, or `kind: guide` to say so", at: nil, key: "title", severity: .warning)
        }
        if let kind = f["kind"], kind.string != "guide" {
            r.fail("kind", kind, expected: "`guide` (a page about apologies that is not itself a template), or no `kind`")
        }
        let audience = f["audience"] == nil && isGuide ? nil : r.oneOf(f["audience"], "audience", audiences)
        if isGuide {
            return (Apology(path: page.path, lang: page.lang, isGuide: true, subject: nil, from: nil, replyTo: nil, recipients: nil,
                            audience: audience, incidentType: nil, markdown: "", bodyFirstLine: 1), r.errors)
        }
        let (text, bodyFirstLine) = body()
        let markdown = blankInternalPassages(text)
        _ = r.text(f["title"], "title")
        // A missing or empty subject is the lint's business (apology/missing-subject); other shapes are schema errors.
        var subject: String?
        if let node = f["subject"] {
            if node.scalar == nil { r.fail("subject", node, expected: "the email's subject line as text") } else { subject = node.string }
        }
        let from = r.text(f["from"], "from")
        let replyTo = r.text(f["reply_to"], "reply_to")
        for (key, value) in [("from", from), ("reply_to", replyTo)] {
            if let value, EmailAddress(value) == nil {
                r.fail(key, f[key], expected: "an email address, `Name <name@example.com>` or `name@example.com`")
            }
        }
        let recipients = r.text(f["recipients"], "recipients")
        let incidentType = r.oneOf(f["incident_type"], "incident_type", incidentTypes)
        var apology = Apology(path: page.path, lang: page.lang, isGuide: false, subject: subject, from: from, replyTo: replyTo, recipients: recipients,
                              audience: audience, incidentType: incidentType, markdown: markdown, bodyFirstLine: bodyFirstLine)
        // Raw HTML stays out of emails whatever the site allows; links are kept as written.
        apology.emailHTML = MarkdownRenderer(options: MarkdownOptions()).render(markdown, extractTitle: false, rewriteLink: { _ in .keep }).html
        apology.emailText = PlainText.fromMarkdown(markdown)
        return (apology, r.errors)
    }

    /// The sender's name ("Northwind Mail") heads the branded email; else the site's title.
    package func brand(siteTitle: String) -> String {
        from.flatMap(EmailAddress.init)?.name ?? siteTitle
    }

    /// Replaces the lines of `<!-- internal -->` passages (and their markers) by empty lines:
    /// notes for staff never belong in the email, in any edition.
    package static func blankInternalPassages(_ body: String) -> String {
        guard ByteSearch.contains(body, InternalBlocks.open) else { return body }
        var inside = false
        var out: [Substring] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t == InternalBlocks.open { inside = true; out.append(""); continue }
            if t == InternalBlocks.close { inside = false; out.append(""); continue }
            out.append(inside ? "" : line)
        }
        return out.joined(separator: "\n")
    }
}

/// `Name <local@domain>` or `local@domain`.
package struct EmailAddress: Sendable, Equatable {
    package let name: String?
    package let address: String

    package init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        var name: String?
        var addr = t
        if t.hasSuffix(">"), let open = t.lastIndex(of: "<") {
            addr = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
            let n = t[..<open].trimmingCharacters(in: .whitespaces)
            name = n.isEmpty ? nil : (n.hasPrefix("\"") && n.hasSuffix("\"") && n.count >= 2 ? String(n.dropFirst().dropLast()) : n)
        }
        let parts = addr.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !addr.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "," || $0 == "\n" || $0 == "\r" }) else { return nil }
        if let n = name, n.contains(where: { $0 == "\n" || $0 == "\r" }) { return nil }
        self.name = name
        self.address = addr
    }

    package var localPart: String { String(address.split(separator: "@")[0]) }
}
