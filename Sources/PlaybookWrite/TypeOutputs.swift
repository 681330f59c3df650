import PlaybookAssemble
import PlaybookModel
import PlaybookRender

/// The files the content types add to a site: per language the summary table as JSON and CSV
/// and the field postmortems' Atom feed; per apology template page its `.eml`.
package enum TypeOutputs {
    package static func files(site: Site, theme: Theme, strings: [String: Strings]) -> [(path: String, html: String)] {
        site.config.languages.flatMap { languageFiles($0.code, site: site, strings: strings) }
            + emails(site.pages.filter { isTemplate($0, in: site) }, site: site, theme: theme)
    }

    /// The summary table's JSON and CSV and the postmortem feed of one language.
    package static func languageFiles(_ lang: String, site: Site, strings: [String: Strings]) -> [(path: String, html: String)] {
        var out: [(String, String)] = []
        let s = strings[lang]
        if let table = site.types.summaryTables[lang], !table.rows.isEmpty {
            out.append((OutputPaths.summaryJSON(lang), SummaryExport.json(table, config: site.config, strings: s)))
            out.append((OutputPaths.summaryCSV(lang), SummaryExport.csv(table, config: site.config, strings: s)))
        }
        // Only a language with a postmortems section has a feed (the section page links to it).
        if (site.sections[lang] ?? []).contains(where: { site.pages[$0].section == TypedContent.postmortemSection }) {
            out.append((PageContext.feedPath(lang), AtomFeed.xml(lang: lang, site: site, strings: s)))
        }
        return out
    }

    /// A page that shows an apology template (its own or a fallback copy) has an `.eml`.
    package static func isTemplate(_ page: SitePage, in site: Site) -> Bool {
        page.kind == .page && page.source.flatMap { site.types.apologies[$0.path] }.map { !$0.isGuide } == true
    }

    package static func emails(_ templates: [SitePage], site: Site, theme: Theme) -> [(path: String, html: String)] {
        parallelMap(templates) { page -> (String, String) in
            let a = site.types.apologies[page.source!.path]!
            let locale = site.config.language(page.contentLang)?.locale ?? page.contentLang
            let htmlContext: [String: Any] = [
                "subject": a.subject ?? "", "body": a.emailHTML, "site": ["title": site.config.title], "brand": a.brand(siteTitle: site.config.title),
                "lang": ["code": page.contentLang, "locale": locale],
            ]
            var html = theme.has("email") ? theme.render("email", htmlContext) : ""
            if html.isEmpty { html = "<!doctype html><html lang=\"\(locale)\"><head><meta charset=\"utf-8\"></head><body>\(a.emailHTML)</body></html>" }
            let parts = EmailMessage.Parts(subject: a.subject ?? "", from: a.from ?? "", replyTo: a.replyTo, lang: locale,
                                           text: a.emailText, html: html, date: site.types.buildDate.epoch)
            return (OutputPaths.email(of: page), EmailMessage.eml(parts))
        }
    }
}
