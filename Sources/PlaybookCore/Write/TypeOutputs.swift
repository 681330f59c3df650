/// The files the content types add to a site: per language the summary table as JSON and CSV
/// and the field postmortems' Atom feed; per apology template page its `.eml`.
enum TypeOutputs {
    static func files(site: Site, theme: Theme, strings: [String: Strings]) -> [(path: String, html: String)] {
        var out: [(String, String)] = []
        let context = PageContext(site: site, strings: strings)
        for lang in site.config.languages.map(\.code) {
            let s = strings[lang]
            if let table = site.types.summaryTables[lang], !table.rows.isEmpty {
                out.append((SummaryExport.jsonPath(lang), SummaryExport.json(table, config: site.config, strings: s)))
                out.append((SummaryExport.csvPath(lang), SummaryExport.csv(table, config: site.config, strings: s)))
            }
            if context.hasPostmortemSection(lang) {
                out.append((PageContext.feedPath(lang), AtomFeed.xml(lang: lang, site: site, strings: s)))
            }
        }
        let templates = site.pages.filter { page in
            page.kind == .page && page.source.flatMap { site.types.apologies[$0.path] }.map { !$0.isGuide } == true
        }
        out += parallelMap(templates) { page -> (String, String) in
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
            return (EmailMessage.path(of: page), EmailMessage.eml(parts))
        }
        return out
    }
}
