import Escaping
import PlaybookAssemble
import PlaybookModel
import TextFolding

/// The postmortem charts, drawn at build time as inline SVG: no script, no network, the same
/// bytes on every build (integer pixel arithmetic, fixed formatting, input order kept).
/// Colours come from CSS classes (`assets/charts.css`, linked by the templates that show charts) so that dark mode and print follow the
/// theme; no inline styles (the Content-Security-Policy has no 'unsafe-inline'). Every chart is a
/// `<figure>` whose SVG is labelled by a one-sentence summary and followed by the numbers as a
/// table (the text alternative; WAI "complex images" pattern).
package enum Charts {
    /// One incident as the section charts see it.
    package struct Incident {
        package let title: String
        package let url: String
        package let severity: String
        /// Day the incident started (its `incident.started`, else the page's date), "YYYY-MM-DD".
        package let day: String?
        /// Seconds from start to detection, mitigation and resolution (nil: unknown).
        package let toDetect: Int?, toMitigate: Int?, toResolve: Int?
    }

    /// Open action items of one owner; `overdue` of them past their due date.
    package struct Owner { let name: String; let open: Int; let overdue: Int }

    /// One point of a postmortem's timeline.
    package struct Event { let label: String; let at: Int?; let timeLabel: String; let milestone: Bool }

    /// Text in the page's language; `plural` for counts.
    package struct Labels {
        package let text: (String) -> String
        package let plural: (String, Int) -> String
        package let duration: (Int) -> String
        package let monthsShort: [String]
    }

    package static let width = 640

    private static func e(_ s: String) -> String { HTMLEscape.escape(s) }

    private static func figure(id: String, title: String, summary: String, svg: String, table: String, labels: Labels) -> String {
        "<figure class=\"chart\" id=\"\(id)\"><figcaption id=\"\(id)-title\">\(e(title))</figcaption>\n" + svg
            + "<details><summary>\(e(labels.text("chart_data")))</summary><div class=\"table-scroll\"><table>\(table)</table></div></details></figure>\n"
    }

    private static func svgOpen(id: String, height: Int, summary: String) -> String {
        "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" focusable=\"false\"><desc id=\"\(id)-desc\">\(e(summary))</desc>\n"
    }

    private static func days(_ day: String) -> Int? {
        let p = day.utf8.split(separator: UInt8(ascii: "-")).compactMap { Int(Substring($0)) }
        return p.count == 3 ? CivilDate.days(year: p[0], month: p[1], day: p[2]) : nil
    }

    // MARK: Incidents over time, by severity

    /// A strip per severity (sev1 on top), one circle per incident at its day; month ticks below.
    package static func incidentsOverTime(_ incidents: [Incident], labels l: Labels) -> String {
        let id = "pb-chart-incidents"
        let dated = incidents.compactMap { i in i.day.flatMap(days).map { (i, $0) } }
        let severities = Postmortem.severities
        // Incidents without a known day get a column of their own at the right.
        let left = 56, unknownX = width - 34, right = dated.count < incidents.count ? width - 110 : width - 30, top = 12, lane = 34
        let height = top + lane * severities.count + 40
        var counts: [String: Int] = [:]
        for i in incidents { counts[i.severity, default: 0] += 1 }
        let summary = l.plural("chart_incidents", incidents.count) + ": "
            + severities.map { "\($0.uppercased()) \(counts[$0] ?? 0)" }.joined(separator: ", ")
            + (dated.count < incidents.count ? "; " + l.text("unknown") + " \(incidents.count - dated.count)" : "")
        var svg = svgOpen(id: id, height: height, summary: summary)
        let axisY = top + lane * severities.count
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(axisY)\"/><line class=\"axis\" x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(right)\" y2=\"\(axisY)\"/>\n"
        for (n, sev) in severities.enumerated() {
            let y = top + lane * n + lane / 2
            svg += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(y)\" x2=\"\(right)\" y2=\"\(y)\"/><text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(sev.uppercased())</text>\n"
        }
        // Whole months around the incidents, at least three.
        let first = dated.map(\.1).min() ?? 0, last = dated.map(\.1).max() ?? 0
        var (y0, m0, _) = CivilDate.civil(days: first)
        var (y1, m1, _) = CivilDate.civil(days: last)
        m1 += 1; if m1 > 12 { m1 = 1; y1 += 1 }
        while (y1 * 12 + m1) - (y0 * 12 + m0) < 3 { m0 -= 1; if m0 < 1 { m0 = 12; y0 -= 1 } }
        let start = CivilDate.days(year: y0, month: m0, day: 1), end = CivilDate.days(year: y1, month: m1, day: 1)
        func x(_ d: Int) -> Int { left + 8 + (d - start) * (right - left - 16) / max(1, end - start) }
        let months = dated.isEmpty ? -1 : (y1 * 12 + m1) - (y0 * 12 + m0)
        let every = max(1, (months + 7) / 8)
        var (yy, mm) = (y0, m0)
        if dated.count < incidents.count {
            svg += "<line class=\"grid\" x1=\"\(unknownX - 20)\" y1=\"\(top)\" x2=\"\(unknownX - 20)\" y2=\"\(axisY)\"/><text x=\"\(unknownX)\" y=\"\(axisY + 18)\" text-anchor=\"middle\">\(e(l.text("unknown")))</text>\n"
        }
        for k in stride(from: 0, through: months, by: 1) {
            if k % every == 0 {
                let px = x(CivilDate.days(year: yy, month: mm, day: 1))
                let name = l.monthsShort.count == 12 ? l.monthsShort[mm - 1] : String(mm)
                svg += "<line class=\"axis\" x1=\"\(px)\" y1=\"\(axisY)\" x2=\"\(px)\" y2=\"\(axisY + 5)\"/><text x=\"\(px)\" y=\"\(axisY + 18)\" text-anchor=\"middle\">\(e(name)) \(yy)</text>\n"
            }
            mm += 1; if mm > 12 { mm = 1; yy += 1 }
        }
        // Incidents on the same day in the same strip are spread vertically.
        var used: [String: Int] = [:]
        for incident in incidents {
            let day = incident.day.flatMap(days)
            let px = day.map(x) ?? unknownX
            let laneIndex = severities.firstIndex(of: incident.severity) ?? 2
            let key = "\(laneIndex)/\(px / 10)"
            let k = used[key, default: 0]; used[key] = k + 1
            let cx = px + (k == 0 ? 0 : (k % 2 == 1 ? -1 : 1) * ((k + 1) / 2) * 9)
            let cy = top + lane * laneIndex + lane / 2
            // No link around the mark: an image (role="img") may hold no control (axe
            // nested-interactive); the table below links each incident.
            svg += "<circle class=\"mark \(e(incident.severity))\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"6\"><title>\(e(incident.title)) (\(e(incident.day ?? l.text("unknown"))))</title></circle>\n"
        }
        svg += "</svg>\n"
        var table = "<thead><tr><th scope=\"col\">\(e(l.text("chart_incident")))</th><th scope=\"col\">\(e(l.text("date")))</th><th scope=\"col\">\(e(l.text("severity")))</th></tr></thead><tbody>"
        for i in incidents {
            table += "<tr><th scope=\"row\"><a href=\"\(e(i.url))\">\(e(i.title))</a></th><td>\(e(i.day ?? l.text("unknown")))</td><td>\(e(i.severity.uppercased()))</td></tr>"
        }
        return figure(id: id, title: l.text("chart_incidents_title"), summary: summary, svg: svg, table: table + "</tbody>", labels: l)
    }

    // MARK: Time to detect, mitigate and resolve

    /// Per incident three horizontal bars from its start, on one linear scale; unknown times are
    /// dashed outlines labelled as unknown.
    package static func responseTimes(_ incidents: [Incident], labels l: Labels) -> String {
        let id = "pb-chart-times"
        let kinds = [("to-detect", "chart_to_detect"), ("to-mitigate", "chart_to_mitigate"), ("to-resolve", "chart_to_resolve")]
        let left = 16, right = width - 130, bar = 10, gap = 3, group = 3 * (bar + gap) + 26, top = 30
        let height = top + group * max(1, incidents.count) + 8
        let maxSeconds = max(60, incidents.flatMap { [$0.toDetect, $0.toMitigate, $0.toResolve] }.compactMap { $0 }.max() ?? 60)
        func w(_ s: Int) -> Int { max(2, s * (right - left) / maxSeconds) }
        let known = incidents.filter { $0.toResolve != nil }.count
        let summary = l.plural("chart_incidents", incidents.count) + "; " + l.text("chart_to_resolve") + ": "
            + incidents.map { "\($0.title) \($0.toResolve.map(l.duration) ?? l.text("unknown"))" }.joined(separator: ", ")
        var svg = svgOpen(id: id, height: height, summary: known == 0 && incidents.isEmpty ? l.text("chart_no_data") : summary)
        var lx = left
        for (cls, key) in kinds {
            svg += "<g class=\"legend\"><rect class=\"\(cls)\" x=\"\(lx)\" y=\"6\" width=\"12\" height=\"12\"/><text x=\"\(lx + 16)\" y=\"16\">\(e(l.text(key)))</text></g>\n"
            lx += 150
        }
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top - 4)\" x2=\"\(left)\" y2=\"\(height - 4)\"/>\n"
        for (n, incident) in incidents.enumerated() {
            let gy = top + n * group
            svg += "<text x=\"\(left + 4)\" y=\"\(gy + 10)\">\(e(incident.title))</text>\n"
            for (k, (cls, _)) in kinds.enumerated() {
                let value = [incident.toDetect, incident.toMitigate, incident.toResolve][k]
                let y = gy + 16 + k * (bar + gap)
                if let value {
                    svg += "<rect class=\"mark \(cls)\" x=\"\(left)\" y=\"\(y)\" width=\"\(w(value))\" height=\"\(bar)\"/><text x=\"\(left + w(value) + 6)\" y=\"\(y + 9)\">\(e(l.duration(value)))</text>\n"
                } else {
                    svg += "<rect class=\"mark unknown\" x=\"\(left)\" y=\"\(y)\" width=\"40\" height=\"\(bar)\"/><text x=\"\(left + 46)\" y=\"\(y + 9)\">\(e(l.text("unknown")))</text>\n"
                }
            }
        }
        svg += "</svg>\n"
        var table = "<thead><tr><th scope=\"col\">\(e(l.text("chart_incident")))</th>" + kinds.map { "<th scope=\"col\">\(e(l.text($0.1)))</th>" }.joined() + "</tr></thead><tbody>"
        for i in incidents {
            table += "<tr><th scope=\"row\"><a href=\"\(e(i.url))\">\(e(i.title))</a></th>" + [i.toDetect, i.toMitigate, i.toResolve].map { "<td>\(e($0.map(l.duration) ?? l.text("unknown")))</td>" }.joined() + "</tr>"
        }
        return figure(id: id, title: l.text("chart_times_title"), summary: summary, svg: svg, table: table + "</tbody>", labels: l)
    }

    // MARK: Open and overdue action items, by owner

    /// One stacked bar per owner: overdue items, then the other open ones.
    package static func actionItems(_ owners: [Owner], labels l: Labels) -> String {
        let id = "pb-chart-actions"
        let left = 170, right = width - 60, bar = 16, row = 26, top = 30
        let height = top + row * max(1, owners.count) + 8
        let most = max(1, owners.map(\.open).max() ?? 1)
        func w(_ n: Int) -> Int { n * (right - left) / most }
        let total = owners.reduce(0) { $0 + $1.open }, overdue = owners.reduce(0) { $0 + $1.overdue }
        let summary = l.plural("chart_action_items", total) + " (" + l.text("open") + "), " + l.text("overdue") + " \(overdue): "
            + owners.map { "\($0.name) \($0.open)/\($0.overdue)" }.joined(separator: ", ")
        var svg = svgOpen(id: id, height: height, summary: summary)
        svg += "<g class=\"legend\"><rect class=\"overdue\" x=\"\(left)\" y=\"6\" width=\"12\" height=\"12\"/><text x=\"\(left + 16)\" y=\"16\">\(e(l.text("overdue")))</text>"
            + "<rect class=\"open\" x=\"\(left + 150)\" y=\"6\" width=\"12\" height=\"12\"/><text x=\"\(left + 166)\" y=\"16\">\(e(l.text("open")))</text></g>\n"
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top - 4)\" x2=\"\(left)\" y2=\"\(height - 4)\"/>\n"
        for (n, o) in owners.enumerated() {
            let y = top + n * row
            svg += "<text x=\"\(left - 8)\" y=\"\(y + 12)\" text-anchor=\"end\">\(e(String(o.name.prefix(26))))</text>"
            if o.overdue > 0 { svg += "<rect class=\"mark overdue\" x=\"\(left)\" y=\"\(y)\" width=\"\(w(o.overdue))\" height=\"\(bar)\"/>" }
            if o.open > o.overdue { svg += "<rect class=\"mark open\" x=\"\(left + w(o.overdue))\" y=\"\(y)\" width=\"\(w(o.open - o.overdue))\" height=\"\(bar)\"/>" }
            svg += "<text x=\"\(left + w(o.open) + 6)\" y=\"\(y + 12)\">\(o.open)</text>\n"
        }
        svg += "</svg>\n"
        var table = "<thead><tr><th scope=\"col\">\(e(l.text("owner")))</th><th scope=\"col\">\(e(l.text("open")))</th><th scope=\"col\">\(e(l.text("overdue")))</th></tr></thead><tbody>"
        for o in owners { table += "<tr><th scope=\"row\">\(e(o.name))</th><td>\(o.open)</td><td>\(o.overdue)</td></tr>" }
        return figure(id: id, title: l.text("chart_actions_title"), summary: summary, svg: svg, table: table + "</tbody>", labels: l)
    }

    // MARK: A postmortem's timeline to scale

    /// Known times on one axis from the first to the last; each event a tick with its label on
    /// a row of its own (so labels never overlap), unknown times listed below the axis as such.
    package static func timeline(_ events: [Event], labels l: Labels) -> String {
        let id = "pb-chart-timeline"
        let timed = events.filter { $0.at != nil }, untimed = events.filter { $0.at == nil }
        let left = 16, right = width - 16, row = 18, top = 8
        let axisY = top + row * timed.count + 6
        let height = axisY + 26 + row * untimed.count + 4
        let t0 = timed.compactMap(\.at).min() ?? 0, t1 = timed.compactMap(\.at).max() ?? 0
        func x(_ t: Int) -> Int { left + (t - t0) * (right - left) / max(1, t1 - t0) }
        let summary = events.map { "\($0.label): \($0.at == nil ? l.text("chart_unknown_time") : $0.timeLabel)" }.joined(separator: "; ")
        var svg = svgOpen(id: id, height: height, summary: summary)
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(right)\" y2=\"\(axisY)\"/>\n"
        for (n, ev) in timed.enumerated() {
            let px = x(ev.at!), y = top + n * row + 12
            let anchor = px > (left + right) / 2 ? "end" : "start", tx = anchor == "end" ? px - 8 : px + 8
            svg += "<line class=\"grid\" x1=\"\(px)\" y1=\"\(y - 4)\" x2=\"\(px)\" y2=\"\(axisY)\"/>"
            svg += "<circle class=\"mark \(ev.milestone ? "sev1" : "sev3")\" cx=\"\(px)\" cy=\"\(y - 4)\" r=\"5\"/>"
            let offset = ev.at! > t0 ? " · +" + l.duration(ev.at! - t0) : ""
            svg += "<text x=\"\(tx)\" y=\"\(y)\" text-anchor=\"\(anchor)\">\(e(ev.label + offset))</text>\n"
        }
        if let first = timed.first {
            svg += "<text x=\"\(left)\" y=\"\(axisY + 16)\">\(e(first.timeLabel))</text>"
            if t1 > t0, let last = timed.last(where: { $0.at == t1 }) { svg += "<text x=\"\(right)\" y=\"\(axisY + 16)\" text-anchor=\"end\">\(e(last.timeLabel))</text>" }
            svg += "\n"
        }
        for (n, ev) in untimed.enumerated() {
            let y = axisY + 26 + n * row + 10
            svg += "<circle class=\"mark unknown\" cx=\"\(left + 5)\" cy=\"\(y - 4)\" r=\"5\"/><text x=\"\(left + 16)\" y=\"\(y)\">\(e(ev.label)): \(e(l.text("chart_unknown_time")))</text>\n"
        }
        svg += "</svg>\n"
        var table = "<thead><tr><th scope=\"col\">\(e(l.text("chart_event")))</th><th scope=\"col\">\(e(l.text("chart_time")))</th><th scope=\"col\">\(e(l.text("chart_from_start")))</th></tr></thead><tbody>"
        for ev in events {
            table += "<tr><th scope=\"row\">\(e(ev.label))</th><td>\(e(ev.at == nil ? l.text("unknown") : ev.timeLabel))</td><td>\(e(ev.at.map { "+" + l.duration($0 - t0) } ?? l.text("unknown")))</td></tr>"
        }
        return figure(id: id, title: l.text("chart_timeline_title"), summary: summary, svg: svg, table: table + "</tbody>", labels: l)
    }
}
