import PlaybookAssemble
import PlaybookModel

/// The crisis-response summary table as data: `<lang>/crisis-response.json` and `.csv`.
package enum SummaryExport {
    package static func columns(_ s: Strings?) -> [(key: String, label: String)] {
        [("step", "col_step"), ("title", "col_title"), ("purpose", "col_purpose"), ("owner", "col_owner"), ("risk", "col_risk"), ("language", "col_language"), ("url", "col_url")]
            .map { ($0.0, s?.text($0.1) ?? $0.0) }
    }

    /// Where a row's page is: absolute with a base URL, else relative to the site root.
    package static func location(_ row: SummaryTable.Row, config: SiteConfig) -> String {
        (config.baseURL.isEmpty ? "" : config.baseURL) + row.url + (config.baseURL.isEmpty ? "index.html" : "")
    }

    package static func json(_ table: SummaryTable, config: SiteConfig, strings s: Strings?) -> String {
        var out = "{\n"
        out += "  \"language\": \(JSData.quote(table.lang)),\n"
        out += "  \"title\": \(JSData.quote(s?.text("summary_table_title") ?? "Crisis-response summary")),\n"
        out += "  \"columns\": {" + columns(s).map { "\(JSData.quote($0.key)): \(JSData.quote($0.label))" }.joined(separator: ", ") + "},\n"
        out += "  \"steps\": ["
        for (i, row) in table.rows.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"step\": \(row.step), \"title\": \(JSData.quote(row.title)), \"purpose\": \(JSData.quote(row.purpose)), "
            out += "\"owner\": \(JSData.quote(row.owner)), \"risk\": \(JSData.quote(row.risk)), "
            out += "\"language\": \(JSData.quote(row.contentLang)), \"fallback\": \(row.contentLang != table.lang), "
            out += "\"url\": \(JSData.quote(location(row, config: config)))}"
        }
        return out + (table.rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    /// RFC 4180: CRLF line ends, every field quoted when it holds a comma, quote or line break.
    package static func csv(_ table: SummaryTable, config: SiteConfig, strings s: Strings?) -> String {
        var lines = [columns(s).map { field($0.label) }.joined(separator: ",")]
        for row in table.rows {
            lines.append([String(row.step), row.title, row.purpose, row.owner, row.risk, row.contentLang, location(row, config: config)]
                .map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    package static func field(_ value: String) -> String {
        // Formula-looking cells are prefixed with ' so spreadsheets do not run them.
        var v = value
        if let first = v.first, "=+-@".contains(first), Int(v) == nil { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
