import Foundation
import Templates
import Yams

/// UI strings of one language from `templates/i18n/<lang>.yml`, looked up along the
/// language's fallback chain, with CLDR plural categories.
public struct Strings: @unchecked Sendable {
    public let lang: String
    /// Tables in lookup order: the language's own, then its fallbacks'.
    package let tables: [(lang: String, table: [String: Node])]

    /// The flat strings for templates (`{{t.key}}`); plural entries appear as their `other` form.
    public let templateValues: [String: String]
    /// Each key's string from the first table that has one as a plain scalar (what `text` looks
    /// up), converted from YAML once: pages ask for dates and notices thousands of times.
    private let scalars: [String: String]
    /// Per key, each table's plural forms (category → text) or plain text, in lookup order.
    private let pluralEntries: [String: [(forms: [String: String], scalar: String?)]]
    private let monthsShort: [String]
    private let dateFormat: String?
    /// Dates already formatted: a site has few distinct days, and every list shows them again.
    private let formattedDates = SharedMemo<String, String>()

    package init(lang: String, tables: [(lang: String, table: [String: Node])]) {
        self.lang = lang
        self.tables = tables
        var values: [String: String] = [:]
        var scalars: [String: String] = [:]
        for (_, table) in tables.reversed() {
            for (key, node) in table {
                if let s = node.scalar?.string { values[key] = s; scalars[key] = s } else if let other = node["other"]?.string { values[key] = other }
            }
        }
        templateValues = values
        self.scalars = scalars
        monthsShort = Self.list("months_short", in: tables)
        dateFormat = scalars["date_format"]
        var plurals: [String: [(forms: [String: String], scalar: String?)]] = [:]
        for (_, table) in tables {
            for (key, node) in table {
                var forms: [String: String] = [:]
                for (k, v) in node.mapping ?? [:] { if let k = k.string, let v = v.string { forms[k] = v } }
                plurals[key, default: []].append((forms, node.scalar?.string))
            }
        }
        pluralEntries = plurals
    }

    /// `{{t.…}}` of one edition: in the field edition `footer_note` is `footer_note_field`, so
    /// that the field site never calls itself internal (a theme needs no edition test).
    public func templateValues(for edition: Edition) -> [TemplateKey: TemplateValue] {
        var values = templateValues
        if edition == .field { values["footer_note"] = values["footer_note_field"] ?? values["footer_note"] }
        return TemplateValue.keyed(values.mapValues(TemplateValue.string))
    }

    /// The string for `key`, with `{name}` placeholders filled; the key itself if no language has it.
    public func text(_ key: String, _ args: [String: String] = [:]) -> String {
        scalars[key].map { Strings.fill($0, args) } ?? key
    }

    public func has(_ key: String) -> Bool { tables.first?.table[key] != nil }

    /// "{count} results" in the right plural form: Polish 1 wynik, 2 wyniki, 5 wyników.
    public func plural(_ key: String, count: Int, _ args: [String: String] = [:]) -> String {
        let category = PluralRules.category(for: count, language: lang)
        var all = args
        all["count"] = String(count)
        for entry in pluralEntries[key] ?? [] {
            if let s = entry.forms[category] ?? entry.forms["other"] ?? entry.scalar { return Strings.fill(s, all) }
        }
        return "\(count) \(key)"
    }

    public func list(_ key: String) -> [String] { Self.list(key, in: tables) }

    private static func list(_ key: String, in tables: [(lang: String, table: [String: Node])]) -> [String] {
        for (_, table) in tables {
            if let seq = table[key]?.sequence { return seq.compactMap(\.string) }
        }
        return []
    }

    /// "2015-10-07" → "7 Oct 2015" / "7 okt 2015" / "7 paź 2015" / "7 oct 2015".
    public func formatDate(_ day: String) -> String {
        formattedDates.value(for: day, makeDate)
    }

    private func makeDate(_ day: String) -> String {
        // Split on bytes (a Character split walks grapheme clusters).
        let parts = day.utf8.split(separator: UInt8(ascii: "-")).map { Substring($0) }
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let d = Int(parts[2]) else { return day }
        let name = monthsShort.count == 12 && (1...12).contains(month) ? monthsShort[month - 1] : String(month)
        return dateFormat.map { Strings.fill($0, ["day": String(d), "month": name, "year": String(year)]) } ?? "date_format"
    }

    /// Replaces `{name}` placeholders in one pass over the bytes (this runs for every date and
    /// notice on every page; Foundation's replacingOccurrences was a visible cost).
    package static func fill(_ template: String, _ args: [String: String]) -> String {
        guard !args.isEmpty else { return template }
        var out: [UInt8] = []
        let bytes = Array(template.utf8)
        out.reserveCapacity(bytes.count + 32)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x7B, let close = bytes[(i + 1)...].firstIndex(of: 0x7D),
               let value = args[String(decoding: bytes[(i + 1)..<close], as: UTF8.self)] {
                out.append(contentsOf: value.utf8)
                i = close + 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// CLDR cardinal plural rules for whole numbers, for the languages we ship and their regions.
public enum PluralRules {
    public static func category(for n: Int, language: String) -> String {
        let base = language.split(separator: "-").first.map(String.init) ?? language
        switch base {
        case "pl":
            if n == 1 { return "one" }
            let m10 = n % 10, m100 = n % 100
            if (2...4).contains(m10) && !(12...14).contains(m100) { return "few" }
            return "many"
        case "fr", "pt":
            return n == 0 || n == 1 ? "one" : "other"
        default:  // en, nl, es, de, …
            return n == 1 ? "one" : "other"
        }
    }
}
