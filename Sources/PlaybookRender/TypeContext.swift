import PlaybookAssemble
import PlaybookModel
import PlaybookParse
import Templates
import TextFolding
import Yams

/// The template values of the three content types, added to every page's context:
/// `summary_table` (every page), `postmortem` (a postmortem page), `postmortem_index` (the
/// postmortems section), `apology` (an apology template), `feed_url`, and `is_section_<name>`.
/// Keys are documented in templates/README.md.
extension PageContext {
    package func addTypeValues(_ c: inout Context, page: SitePage) {
        let types = site.types
        let s = strings[page.lang]
        if !page.section.isEmpty { c[TemplateKey("is_section_" + page.section)] = true }
        if page.section == TypedContent.postmortemSection, hasPostmortemSection(page.lang) {
            c["feed_url"] = .string(ContentPaths.rootPrefix(of: page.url) + Self.feedPath(page.lang))
        }
        addRunSheetValues(&c, page: page)
        guard let source = page.source else { return }
        if page.kind == .page, let table = types.summaryTables[page.lang], let at = table.rows.firstIndex(where: { $0.url == page.url }) {
            c["step_nav"] = .map(stepNavigation(table, at: at, from: page, strings: s))
        }
        if let fields = internalFields(source) { c["internal_fields"] = .maps(fields); c["has_internal_fields"] = true }
        if page.kind == .section && page.section == TypedContent.postmortemSection {
            let rows = page.children.compactMap { i -> Context? in
                let child = site.pages[i]
                guard let path = child.source?.path, let p = types.postmortems[path] else { return nil }
                return postmortemRow(p, page: child, from: page, strings: s)
            }
            if !rows.isEmpty { c["postmortem_index"] = ["rows": .maps(rows)] }
            if !rows.isEmpty { c["postmortem_charts"] = .string(sectionCharts(page, strings: s)) }
        }
        if let p = types.postmortems[source.path] {
            c["postmortem"] = .map(postmortem(p, page: page, source: source, strings: s))
        }
        if let a = types.apologies[source.path], !a.isGuide {
            c["apology"] = .map(apology(a, page: page, strings: s))
        }
    }

    package static func feedPath(_ lang: String) -> String { "\(lang)/\(TypedContent.postmortemSection)/feed.xml" }

    package func hasPostmortemSection(_ lang: String) -> Bool {
        (site.sections[lang] ?? []).contains { site.pages[$0].section == TypedContent.postmortemSection }
    }

    // MARK: Summary table

    /// The language's summary table with links from `page`'s folder (every page has it).
    package func summaryTableValue(for page: SitePage) -> TemplateValue? {
        guard let table = site.types.summaryTables[page.lang], !table.rows.isEmpty else { return nil }
        return .map(summaryTable(table, from: page, strings: strings[page.lang]))
    }

    private func summaryTable(_ table: SummaryTable, from page: SitePage, strings s: Strings?) -> Context {
        let root = ContentPaths.rootPrefix(of: page.url)
        let rows = table.rows.map { row -> Context in
            var d: Context = ["step": .int(row.step), "title": .string(row.title), "purpose": .string(row.purpose),
                              "owner": .string(row.owner), "risk": .string(row.risk), "url": .string(link(row.url, from: page)),
                              "tasks": .list(row.tasks.map(TemplateValue.string)), "total": .int(row.tasks.count)]
            if row.contentLang != table.lang, let from = site.config.language(row.contentLang) {
                d["fallback"] = true
                d["fallback_label"] = .string(s?.text("fallback_badge", ["language": from.name]) ?? from.name)
                d["content_lang"] = .string(from.locale)
            }
            return d
        }
        return ["rows": .maps(rows), "json_url": .string(root + OutputPaths.summaryJSON(table.lang)), "csv_url": .string(root + OutputPaths.summaryCSV(table.lang))]
    }

    // MARK: Run sheet

    /// The incident run sheet (`assets/runsheet.js`): `runsheet_overview` on the language's home
    /// and the section page of its steps (progress of every step, log, status update);
    /// `runsheet_step` (the step number) on a step page; `runsheet_steps` (`step`, `title`, `url`,
    /// `total` checklist items) on all of them.
    private func addRunSheetValues(_ c: inout Context, page: SitePage) {
        let step = page.kind == .page ? page.source.flatMap { site.types.steps[$0.path]?.number } : nil
        // Ticks are remembered per checklist: a step's across its translations, else per page.
        if let tasks = page.source?.body.tasks, !tasks.isEmpty { c["checklist_key"] = .string(step.map { "step-\($0)" } ?? page.url) }
        guard let table = site.types.summaryTables[page.lang], !table.rows.isEmpty else { return }
        let stepSection = table.rows[0].url.split(separator: "/").dropFirst().first.map(String.init)
        let number = step
        let overview = page.kind == .home || (page.kind == .section && page.section == stepSection)
        guard overview || number != nil else { return }
        if overview { c["runsheet_overview"] = true }
        if let number { c["runsheet_step"] = .int(number) }
        c["runsheet_steps"] = .maps(table.rows.map { row in
            ["step": .int(row.step), "title": .string(row.title), "url": .string(link(row.url, from: page)), "total": .int(row.tasks.count)]
        })
    }

    // MARK: Charts

    private static func text(_ v: TemplateValue) -> String? { if case .string(let s) = v { return s }; return nil }

    package func chartLabels(_ s: Strings?) -> Charts.Labels {
        Charts.Labels(text: { s?.text($0) ?? $0 }, plural: { key, n in s?.plural(key, count: n) ?? "\(n)" },
                      duration: { duration($0, s) }, monthsShort: s?.list("months_short") ?? [])
    }

    /// The postmortems section's charts, from the postmortems it lists (in the field edition,
    /// internal postmortems are not in the site at all, so no chart can show them).
    private func sectionCharts(_ section: SitePage, strings s: Strings?) -> String {
        let today = site.types.buildDate.day
        var incidents: [Charts.Incident] = []
        var owners: [String: (open: Int, overdue: Int)] = [:]
        for i in section.children {
            let child = site.pages[i]
            guard let path = child.source?.path, let p = site.types.postmortems[path] else { continue }
            let start = p.milestone("started")
            func since(_ name: String) -> Int? { guard let start, let t = p.milestone(name) else { return nil }; return t.epoch - start.epoch }
            incidents.append(Charts.Incident(title: child.title, url: link(child.url, from: section), severity: p.severity,
                                             day: start?.day ?? child.source?.meta.date.flatMap { $0.count >= 10 ? String($0.prefix(10)) : nil },
                                             toDetect: since("detected"), toMitigate: since("mitigated"), toResolve: since("resolved")))
            for item in p.actionItems where !item.done {
                let name = item.owner == "unknown" ? (s?.text("unknown") ?? "Unknown") : item.owner
                owners[name, default: (0, 0)].open += 1
                if let due = item.due.value, due < today { owners[name, default: (0, 0)].overdue += 1 }
            }
        }
        incidents.sort { ($0.day ?? "9999", $0.title) < ($1.day ?? "9999", $1.title) }
        let ownerList = owners.map { Charts.Owner(name: $0.key, open: $0.value.open, overdue: $0.value.overdue) }
            .sorted { ($1.overdue, $1.open, $0.name) < ($0.overdue, $0.open, $1.name) }
        let l = chartLabels(s)
        return Charts.incidentsOverTime(incidents, labels: l) + Charts.responseTimes(incidents, labels: l) + Charts.actionItems(ownerList, labels: l)
    }

    /// "Step 2 of 6" and the previous and next steps, for a step page (`step_nav`): `label`,
    /// `step`, `total`, `prev` and `next` (`url`, `title`, `label`, `step`; absent at the ends).
    private func stepNavigation(_ table: SummaryTable, at: Int, from page: SitePage, strings s: Strings?) -> Context {
        let row = table.rows[at], total = table.rows.count
        var d: Context = ["step": .int(row.step), "total": .int(total),
                          "label": .string(s?.text("step_of_total", ["step": String(row.step), "total": String(total)]) ?? "Step \(row.step) of \(total)")]
        func neighbour(_ i: Int, _ key: String) -> Context {
            let r = table.rows[i]
            var n: Context = ["url": .string(link(r.url, from: page)), "title": .string(r.title), "step": .int(r.step),
                              "label": .string(s?.text(key, ["step": String(r.step)]) ?? key)]
            if r.contentLang != page.lang, let from = site.config.language(r.contentLang) { n["content_lang"] = .string(from.locale) }
            return n
        }
        if at > 0 { d["prev"] = .map(neighbour(at - 1, "previous_step")) }
        if at + 1 < total { d["next"] = .map(neighbour(at + 1, "next_step")) }
        return d
    }

    // MARK: Postmortems

    package func severityLabel(_ severity: String) -> String { severity.uppercased() }

    package func statusLabel(_ status: String, _ s: Strings?) -> String {
        s?.text("status_" + status.replacingOccurrences(of: "-", with: "_")) ?? status
    }

    package static func groupedNumber(_ n: Int, separator: String) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(d)
        }
        return out
    }

    package func number(_ n: Int, _ s: Strings?) -> String {
        let sep = s?.text("number_group_separator") ?? ","
        return Self.groupedNumber(n, separator: sep == "number_group_separator" ? "," : sep)
    }

    private func unknown(_ s: Strings?) -> String { s?.text("unknown") ?? "Unknown" }

    package func duration(_ seconds: Int, _ s: Strings?) -> String {
        guard let s else { return "\(seconds / 60) min" }
        let minutes = seconds / 60
        let days = minutes / 1440, hours = minutes % 1440 / 60, mins = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append(s.plural("days", count: days)) }
        if hours > 0 { parts.append(s.plural("hours", count: hours)) }
        if mins > 0 && days == 0 || parts.isEmpty { parts.append(s.plural("minutes", count: mins)) }
        return parts.joined(separator: " ")
    }

    package func time(_ t: Timestamp, _ s: Strings?) -> TemplateValue {
        ["iso": .string(t.text), "label": .string((s?.formatDate(t.day) ?? t.day) + ", " + t.time + " " + t.zoneLabel)]
    }

    private func postmortemRow(_ p: Postmortem, page: SitePage, from: SitePage, strings s: Strings?) -> Context {
        var d: Context = ["title": .string(page.title), "url": .string(link(page.url, from: from)), "summary": .string(page.summary),
                          "severity": .string(p.severity), "severity_label": .string(severityLabel(p.severity)),
                          "status": .string(p.status), "status_label": .string(statusLabel(p.status, s)),
                          "people_affected": .string(p.peopleAffected.value.map { number($0, s) } ?? unknown(s)),
                          "people_affected_value": .string(p.peopleAffected.value.map(String.init) ?? "")]
        if let day = page.source?.meta.date {
            d["date"] = .string(s?.formatDate(day) ?? day); d["date_iso"] = .string(day)
        } else {
            d["date"] = .string(unknown(s)); d["date_iso"] = ""
        }
        if page.isFallback, let lang = site.config.language(page.contentLang) {
            d["fallback"] = true
            d["fallback_label"] = .string(s?.text("fallback_badge", ["language": lang.name]) ?? lang.name)
            d["content_lang"] = .string(lang.locale)
        }
        return d
    }

    private func postmortem(_ p: Postmortem, page: SitePage, source: ParsedPage, strings s: Strings?) -> Context {
        let yes = s?.text("yes") ?? "Yes", no = s?.text("no") ?? "No"
        var d: Context = [
            "severity": .string(p.severity), "severity_label": .string(severityLabel(p.severity)),
            "status": .string(p.status), "status_label": .string(statusLabel(p.status, s)),
            "audience": .string(p.audience), "audience_label": .string(s?.text("audience_" + p.audience) ?? p.audience),
            "owner": .string(p.owner == "unknown" ? unknown(s) : p.owner),
            "people_affected": .string(p.peopleAffected.value.map { number($0, s) } ?? unknown(s)),
            "personal_data_exposed": .string(p.personalDataExposed.value.map { $0 ? yes : no } ?? unknown(s)),
            "personal_data_exposed_yes": .bool(p.personalDataExposed.value == true),
            "duration": .string(p.duration.map { duration($0, s) } ?? unknown(s)),
        ]
        if !p.segments.isEmpty { d["segments"] = .string(p.segments.joined(separator: ", ")) }

        // Timeline: milestones and crisis steps, in time order; entries with unknown times keep
        // their written order after the timed ones.
        let stepRows = site.types.summaryTables[page.lang]?.rows ?? []
        var events: [(epoch: Int?, entry: Context)] = []
        for (name, at) in p.incident {
            var e: Context = ["kind": "milestone", "label": .string(s?.text(name) ?? name), "milestone": .string(name)]
            if let t = at.value { e["time"] = time(t, s) } else { e["time_unknown"] = .string(unknown(s)) }
            events.append((at.value?.epoch, e))
        }
        for step in p.stepsTaken {
            var e: Context = ["kind": "step", "step": .int(step.step), "note": .string(step.note),
                              "label": .string(s?.text("step_n", ["step": String(step.step)]) ?? "Step \(step.step)")]
            if let row = stepRows.first(where: { $0.step == step.step }) {
                e["step_title"] = .string(row.title)
                e["step_url"] = .string(link(row.url, from: page))
            }
            if let t = step.at.value { e["time"] = time(t, s) } else { e["time_unknown"] = .string(unknown(s)) }
            events.append((step.at.value?.epoch, e))
        }
        let sorted = events.enumerated().sorted { a, b in
            switch (a.element.epoch, b.element.epoch) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
        d["timeline"] = .maps(sorted.map(\.entry))

        let today = site.types.buildDate.day
        var openCount = 0
        d["action_items"] = .maps(p.actionItems.map { item -> Context in
            var e: Context = ["what": .string(item.what), "owner": .string(item.owner == "unknown" ? unknown(s) : item.owner),
                              "done": .bool(item.done), "open": .bool(!item.done),
                              "state_label": .string(item.done ? (s?.text("done") ?? "Done") : (s?.text("open") ?? "Open"))]
            if let due = item.due.value {
                e["due"] = .string(s?.formatDate(due) ?? due)
                e["due_iso"] = .string(due)
                if !item.done && due < today { e["overdue"] = true; e["overdue_label"] = .string(s?.text("overdue") ?? "Overdue") }
            } else { e["due"] = .string(unknown(s)) }
            if !item.done { openCount += 1 }
            return e
        })
        d["timeline_chart"] = .string(Charts.timeline(sorted.map { ev in
            var label = ev.entry["label"].flatMap(Self.text) ?? ""
            if let title = ev.entry["step_title"].flatMap(Self.text) { label += ": " + title }
            return Charts.Event(label: label, at: ev.epoch, timeLabel: ev.entry["time"]?["label"].flatMap(Self.text) ?? "",
                                milestone: ev.entry["kind"] == "milestone")
        }, labels: chartLabels(s)))
        d["has_action_items"] = .bool(!p.actionItems.isEmpty)
        d["open_count"] = .int(openCount)

        return d
    }

    /// Internal-only front matter (`internal:` and `internal_*`), shown to staff in the internal
    /// edition; the field edition dropped these fields when it parsed the page.
    private func internalFields(_ source: ParsedPage) -> [Context]? {
        var out: [Context] = []
        for key in source.meta.fields.keys.sorted() where FrontMatter.isInternalField(key) {
            guard let node = source.meta.fields[key] else { continue }
            if let m = node.mapping {
                for (k, v) in m { if let name = k.string { out.append(["key": .string(name), "value": .string(Self.plain(v))]) } }
            } else {
                out.append(["key": .string(key), "value": .string(Self.plain(node))])
            }
        }
        return out.isEmpty ? nil : out
    }

    package static func plain(_ node: Yams.Node) -> String {
        if let s = node.scalar?.string { return s }
        if let seq = node.sequence { return seq.map(plain).joined(separator: ", ") }
        if let m = node.mapping { return m.map { "\($0.key.string ?? ""): \(plain($0.value))" }.joined(separator: "; ") }
        return ""
    }

    // MARK: Apologies

    private func apology(_ a: Apology, page: SitePage, strings s: Strings?) -> Context {
        var d: Context = [
            "subject": .string(a.subject ?? ""), "from": .string(a.from ?? ""), "reply_to": .string(a.replyTo ?? ""),
            "recipients": .string(a.recipients ?? ""),
            "recipients_label": .string(a.recipients == "affected" ? (s?.text("recipients_affected") ?? "Affected recipients only") : (a.recipients ?? "")),
            "email_html": .string(a.emailHTML), "text": .string(a.emailText), "brand": .string(a.brand(siteTitle: site.config.title)),
            "eml_url": .string(OutputPaths.emailFileName(of: page)), "eml_name": .string(OutputPaths.emailFileName(of: page)),
        ]
        if let type = a.incidentType {
            d["incident_type"] = .string(type)
            d["incident_type_label"] = .string(s?.text("incident_type_" + type.replacingOccurrences(of: "-", with: "_")) ?? type)
        }
        return d
    }
}
