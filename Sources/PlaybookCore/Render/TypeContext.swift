import Yams
import TextFolding

/// The template values of the three content types, added to every page's context:
/// `summary_table` (every page), `postmortem` (a postmortem page), `postmortem_index` (the
/// postmortems section), `apology` (an apology template), `feed_url`, and `is_section_<name>`.
/// Keys are documented in templates/README.md.
extension PageContext {
    func addTypeValues(_ c: inout [String: Any], page: SitePage) {
        let types = site.types
        let s = strings[page.lang]
        if !page.section.isEmpty { c["is_section_" + page.section] = true }
        if let table = types.summaryTables[page.lang], !table.rows.isEmpty {
            c["summary_table"] = summaryTable(table, from: page, strings: s)
        }
        if page.section == TypedContent.postmortemSection, hasPostmortemSection(page.lang) {
            c["feed_url"] = ContentPaths.rootPrefix(of: page.url) + Self.feedPath(page.lang)
        }
        guard let source = page.source else { return }
        if let fields = internalFields(source) { c["internal_fields"] = fields; c["has_internal_fields"] = true }
        if page.kind == .section && page.section == TypedContent.postmortemSection {
            let rows = page.children.compactMap { i -> [String: Any]? in
                let child = site.pages[i]
                guard let path = child.source?.path, let p = types.postmortems[path] else { return nil }
                return postmortemRow(p, page: child, from: page, strings: s)
            }
            if !rows.isEmpty { c["postmortem_index"] = ["rows": rows] }
        }
        if let p = types.postmortems[source.path] {
            c["postmortem"] = postmortem(p, page: page, source: source, strings: s)
        }
        if let a = types.apologies[source.path], !a.isGuide {
            c["apology"] = apology(a, page: page, strings: s)
        }
    }

    static func feedPath(_ lang: String) -> String { "\(lang)/\(TypedContent.postmortemSection)/feed.xml" }

    func hasPostmortemSection(_ lang: String) -> Bool {
        (site.sections[lang] ?? []).contains { site.pages[$0].section == TypedContent.postmortemSection }
    }

    // MARK: Summary table

    private func summaryTable(_ table: SummaryTable, from page: SitePage, strings s: Strings?) -> [String: Any] {
        let root = ContentPaths.rootPrefix(of: page.url)
        let rows = table.rows.map { row -> [String: Any] in
            var d: [String: Any] = ["step": row.step, "title": row.title, "purpose": row.purpose, "owner": row.owner, "risk": row.risk,
                                    "url": link(row.url, from: page)]
            if row.contentLang != table.lang, let from = site.config.language(row.contentLang) {
                d["fallback"] = true
                d["fallback_label"] = s?.text("fallback_badge", ["language": from.name]) ?? from.name
                d["content_lang"] = from.locale
            }
            return d
        }
        return ["rows": rows, "json_url": root + SummaryExport.jsonPath(table.lang), "csv_url": root + SummaryExport.csvPath(table.lang)]
    }

    // MARK: Postmortems

    func severityLabel(_ severity: String) -> String { severity.uppercased() }

    func statusLabel(_ status: String, _ s: Strings?) -> String {
        s?.text("status_" + status.replacingOccurrences(of: "-", with: "_")) ?? status
    }

    static func groupedNumber(_ n: Int, separator: String) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(d)
        }
        return out
    }

    func number(_ n: Int, _ s: Strings?) -> String {
        let sep = s?.text("number_group_separator") ?? ","
        return Self.groupedNumber(n, separator: sep == "number_group_separator" ? "," : sep)
    }

    private func unknown(_ s: Strings?) -> String { s?.text("unknown") ?? "Unknown" }

    func duration(_ seconds: Int, _ s: Strings?) -> String {
        guard let s else { return "\(seconds / 60) min" }
        let minutes = seconds / 60
        let days = minutes / 1440, hours = minutes % 1440 / 60, mins = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append(s.plural("days", count: days)) }
        if hours > 0 { parts.append(s.plural("hours", count: hours)) }
        if mins > 0 && days == 0 || parts.isEmpty { parts.append(s.plural("minutes", count: mins)) }
        return parts.joined(separator: " ")
    }

    func time(_ t: Timestamp, _ s: Strings?) -> [String: Any] {
        ["iso": t.text, "label": (s?.formatDate(t.day) ?? t.day) + ", " + t.time + " " + t.zoneLabel]
    }

    private func postmortemRow(_ p: Postmortem, page: SitePage, from: SitePage, strings s: Strings?) -> [String: Any] {
        var d: [String: Any] = ["title": page.title, "url": link(page.url, from: from), "summary": page.summary,
                                "severity": p.severity, "severity_label": severityLabel(p.severity),
                                "status": p.status, "status_label": statusLabel(p.status, s),
                                "people_affected": p.peopleAffected.value.map { number($0, s) } ?? unknown(s),
                                "people_affected_value": p.peopleAffected.value.map(String.init) ?? ""]
        if let day = page.source?.meta.date { d["date"] = s?.formatDate(day) ?? day; d["date_iso"] = day } else { d["date"] = unknown(s); d["date_iso"] = "" }
        if page.isFallback, let lang = site.config.language(page.contentLang) {
            d["fallback"] = true
            d["fallback_label"] = s?.text("fallback_badge", ["language": lang.name]) ?? lang.name
            d["content_lang"] = lang.locale
        }
        return d
    }

    private func postmortem(_ p: Postmortem, page: SitePage, source: ParsedPage, strings s: Strings?) -> [String: Any] {
        let yes = s?.text("yes") ?? "Yes", no = s?.text("no") ?? "No"
        var d: [String: Any] = [
            "severity": p.severity, "severity_label": severityLabel(p.severity),
            "status": p.status, "status_label": statusLabel(p.status, s),
            "audience": p.audience, "audience_label": s?.text("audience_" + p.audience) ?? p.audience,
            "owner": p.owner == "unknown" ? unknown(s) : p.owner,
            "people_affected": p.peopleAffected.value.map { number($0, s) } ?? unknown(s),
            "personal_data_exposed": p.personalDataExposed.value.map { $0 ? yes : no } ?? unknown(s),
            "personal_data_exposed_yes": p.personalDataExposed.value == true,
            "duration": p.duration.map { duration($0, s) } ?? unknown(s),
        ]
        if !p.segments.isEmpty { d["segments"] = p.segments.joined(separator: ", ") }

        // Timeline: milestones and crisis steps, in time order; entries with unknown times keep
        // their written order after the timed ones.
        let stepRows = site.types.summaryTables[page.lang]?.rows ?? []
        var events: [(epoch: Int?, entry: [String: Any])] = []
        for (name, at) in p.incident {
            var e: [String: Any] = ["kind": "milestone", "label": s?.text(name) ?? name, "milestone": name]
            if let t = at.value { e["time"] = time(t, s) } else { e["time_unknown"] = unknown(s) }
            events.append((at.value?.epoch, e))
        }
        for step in p.stepsTaken {
            var e: [String: Any] = ["kind": "step", "step": step.step, "note": step.note,
                                    "label": s?.text("step_n", ["step": String(step.step)]) ?? "Step \(step.step)"]
            if let row = stepRows.first(where: { $0.step == step.step }) {
                e["step_title"] = row.title
                e["step_url"] = link(row.url, from: page)
            }
            if let t = step.at.value { e["time"] = time(t, s) } else { e["time_unknown"] = unknown(s) }
            events.append((step.at.value?.epoch, e))
        }
        let ordered = events.enumerated().sorted { a, b in
            switch (a.element.epoch, b.element.epoch) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.offset < b.offset
            }
        }.map(\.element.entry)
        d["timeline"] = ordered

        let today = site.types.buildDate.day
        var openCount = 0
        d["action_items"] = p.actionItems.map { item -> [String: Any] in
            var e: [String: Any] = ["what": item.what, "owner": item.owner == "unknown" ? unknown(s) : item.owner,
                                    "done": item.done, "open": !item.done,
                                    "state_label": item.done ? (s?.text("done") ?? "Done") : (s?.text("open") ?? "Open")]
            if let due = item.due.value {
                e["due"] = s?.formatDate(due) ?? due
                e["due_iso"] = due
                if !item.done && due < today { e["overdue"] = true; e["overdue_label"] = s?.text("overdue") ?? "Overdue" }
            } else { e["due"] = unknown(s) }
            if !item.done { openCount += 1 }
            return e
        }
        d["has_action_items"] = !p.actionItems.isEmpty
        d["open_count"] = openCount

        return d
    }

    /// Internal-only front matter (`internal:` and `internal_*`), shown to staff in the internal
    /// edition; the field edition dropped these fields when it parsed the page.
    private func internalFields(_ source: ParsedPage) -> [[String: String]]? {
        var out: [[String: String]] = []
        for key in source.meta.fields.keys.sorted() where FrontMatter.isInternalField(key) {
            guard let node = source.meta.fields[key] else { continue }
            if let m = node.mapping {
                for (k, v) in m { if let name = k.string { out.append(["key": name, "value": Self.plain(v)]) } }
            } else {
                out.append(["key": key, "value": Self.plain(node)])
            }
        }
        return out.isEmpty ? nil : out
    }

    static func plain(_ node: Yams.Node) -> String {
        if let s = node.scalar?.string { return s }
        if let seq = node.sequence { return seq.map(plain).joined(separator: ", ") }
        if let m = node.mapping { return m.map { "\($0.key.string ?? ""): \(plain($0.value))" }.joined(separator: "; ") }
        return ""
    }

    // MARK: Apologies

    private func apology(_ a: Apology, page: SitePage, strings s: Strings?) -> [String: Any] {
        var d: [String: Any] = [
            "subject": a.subject ?? "", "from": a.from ?? "", "reply_to": a.replyTo ?? "",
            "recipients": a.recipients ?? "",
            "recipients_label": a.recipients == "affected" ? (s?.text("recipients_affected") ?? "Affected recipients only") : (a.recipients ?? ""),
            "email_html": a.emailHTML, "text": a.emailText, "brand": a.brand(siteTitle: site.config.title),
            "eml_url": EmailMessage.fileName(of: page), "eml_name": EmailMessage.fileName(of: page),
        ]
        if let type = a.incidentType {
            d["incident_type"] = type
            d["incident_type_label"] = s?.text("incident_type_" + type.replacingOccurrences(of: "-", with: "_")) ?? type
        }
        return d
    }
}
