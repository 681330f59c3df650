import PlaybookAssemble

/// Where the write stage puts the files that rendered pages link to (a summary table's data, an
/// apology's email draft): the render stage links to them, the write stage writes them, and
/// neither needs the other to know the name.
package enum OutputPaths {
    /// The crisis-response summary table as data: "<lang>/crisis-response.json" and ".csv".
    package static func summaryJSON(_ lang: String) -> String { "\(lang)/crisis-response.json" }
    package static func summaryCSV(_ lang: String) -> String { "\(lang)/crisis-response.csv" }

    /// An apology template's email draft, "wrong-send.eml", next to the page's index.html.
    package static func emailFileName(of page: SitePage) -> String {
        (page.url.pathSegments.last.map(String.init) ?? "email") + ".eml"
    }

    /// `emailFileName(of:)` below the site root.
    package static func email(of page: SitePage) -> String { page.url + emailFileName(of: page) }
}
