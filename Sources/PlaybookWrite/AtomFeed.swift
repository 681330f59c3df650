import Escaping
import PlaybookAssemble
import PlaybookModel
import PlaybookRender
import TextFolding

/// `<lang>/postmortems/feed.xml`: an Atom feed (RFC 4287) of a language's field postmortems.
package enum AtomFeed {
    package static func xml(lang: String, site: Site, strings s: Strings?) -> String {
        let config = site.config
        let types = site.types
        let base = config.baseURL
        let feedPath = PageContext.feedPath(lang)
        let sectionURL = "\(lang)/\(TypedContent.postmortemSection)/"
        var entries: [(updated: String, title: String, xml: String)] = []
        for page in site.pages where page.lang == lang && page.kind == .page && !page.isFallback && page.section == TypedContent.postmortemSection {
            guard let source = page.source, let p = types.postmortems[source.path], p.audience == "field" else { continue }
            // The page's own dates, else when its file last changed; never the build's day,
            // which would change every entry on every build.
            let updated = source.meta.date.map { $0 + "T00:00:00Z" }
                ?? p.incident.compactMap(\.at.value).max().map(\.utc)
                ?? site.history.lastChange(of: source.path).map { $0 + "T00:00:00Z" }
                ?? "1970-01-01T00:00:00Z"
            let href = base.isEmpty ? String(page.url.dropFirst(sectionURL.count)) + "index.html" : base + page.url
            var e = "  <entry>\n"
            e += "    <id>\(HTMLEscape.xml(id(page.url, base: base)))</id>\n"
            e += "    <title>\(HTMLEscape.xml(page.title))</title>\n"
            e += "    <updated>\(updated)</updated>\n"
            e += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(HTMLEscape.xml(href))\"/>\n"
            if !page.summary.isEmpty { e += "    <summary>\(HTMLEscape.xml(page.summary))</summary>\n" }
            e += "    <category term=\"\(HTMLEscape.xml(p.severity))\" label=\"\(HTMLEscape.xml(p.severity.uppercased()))\"/>\n"
            for tag in source.meta.tags { e += "    <category term=\"\(HTMLEscape.xml(TextFold.slug(tag)))\" label=\"\(HTMLEscape.xml(tag))\"/>\n" }
            e += "  </entry>\n"
            entries.append((updated, page.title, e))
        }
        entries.sort { $0.updated != $1.updated ? $0.updated > $1.updated : $0.title.utf8.lexicographicallyPrecedes($1.title.utf8) }
        let feedUpdated = entries.map(\.updated).max() ?? CivilDate.rfc3339(epoch: types.buildDate.epoch)
        let section = site.sections[lang]?.first { site.pages[$0].section == TypedContent.postmortemSection }.map { site.pages[$0].title } ?? "Postmortems"
        let locale = config.language(lang)?.locale ?? lang
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(HTMLEscape.xml(locale))\">\n"
        out += "  <id>\(HTMLEscape.xml(id(feedPath, base: base)))</id>\n"
        out += "  <title>\(HTMLEscape.xml(section + " · " + config.title))</title>\n"
        if let sub = s?.text("feed_subtitle"), sub != "feed_subtitle" { out += "  <subtitle>\(HTMLEscape.xml(sub))</subtitle>\n" }
        out += "  <updated>\(feedUpdated)</updated>\n"
        out += "  <author><name>\(HTMLEscape.xml(config.title))</name></author>\n"
        out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(HTMLEscape.xml(base.isEmpty ? "feed.xml" : base + feedPath))\"/>\n"
        out += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(HTMLEscape.xml(base.isEmpty ? "index.html" : base + sectionURL))\"/>\n"
        out += "  <generator>playbook</generator>\n"
        for e in entries { out += e.xml }
        return out + "</feed>\n"
    }

    /// A permanent IRI: the absolute URL when the site has one, else a URN from the path.
    package static func id(_ path: String, base: String) -> String {
        base.isEmpty ? "urn:playbook:" + path.split(separator: "/").joined(separator: ":") : base + path
    }
}
