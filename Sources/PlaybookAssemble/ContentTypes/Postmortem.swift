import PlaybookModel
import PlaybookParse
import Yams

/// An incident postmortem (content/<lang>/postmortems/*.md), decoded and validated from its
/// front matter. Every fact may be `unknown`; the page says so instead of guessing.
package struct Postmortem: Sendable {
    package static let severities = ["sev1", "sev2", "sev3"]
    package static let statuses = ["draft", "in-review", "published"]
    package static let audiences = ["internal", "field"]
    package static let milestones = ["started", "detected", "mitigated", "resolved"]

    package struct StepTaken: Sendable {
        package let step: Int
        package let at: Known<Timestamp>
        package let note: String
    }

    package struct ActionItem: Sendable {
        package let what: String
        package let owner: String
        package let due: Known<String>
        package let done: Bool
    }

    package let path: String
    package let severity: String
    package let status: String
    package let audience: String
    package let owner: String
    /// started, detected, mitigated, resolved — in that order.
    package let incident: [(name: String, at: Known<Timestamp>)]
    package let peopleAffected: Known<Int>
    package let segments: [String]
    package let personalDataExposed: Known<Bool>
    package let stepsTaken: [StepTaken]
    package let actionItems: [ActionItem]

    package func milestone(_ name: String) -> Timestamp? { incident.first { $0.name == name }?.at.value }

    /// Seconds from start to resolution; nil when either is unknown.
    package var duration: Int? {
        guard let s = milestone("started"), let r = milestone("resolved") else { return nil }
        return r.epoch - s.epoch
    }

    package static func decode(_ page: ParsedPage) -> (Postmortem?, [Diagnostic]) {
        var r = SchemaReader(file: ContentPath(page.path).shown, meta: page.meta, rule: "schema/postmortem")
        let f = page.meta.fields
        _ = r.text(f["title"], "title")
        _ = r.text(f["summary"], "summary")
        if f["date"] == nil { r.fail("date", nil, expected: "the incident's date YYYY-MM-DD or `unknown`") }
        let severity = r.oneOf(f["severity"], "severity", severities)
        let status = r.oneOf(f["status"], "status", statuses)
        let audience = r.oneOf(f["audience"], "audience", audiences)
        let owner = r.text(f["owner"], "owner")

        var incident: [(name: String, at: Known<Timestamp>)] = []
        if let m = r.mapping(f["incident"], "incident", keys: milestones) {
            for name in milestones {
                if let t = r.timestampOrUnknown(m[name], "incident.\(name)", parent: f["incident"]) { incident.append((name: name, at: t)) }
            }
            // Known times must come in order: started ≤ detected ≤ resolved, started ≤ mitigated ≤ resolved.
            let known = incident.compactMap { i in i.at.value.map { (i.name, $0) } }
            for (a, b) in [("started", "detected"), ("started", "mitigated"), ("detected", "resolved"), ("mitigated", "resolved"), ("started", "resolved")] {
                if let ta = known.first(where: { $0.0 == a })?.1, let tb = known.first(where: { $0.0 == b })?.1, tb < ta {
                    r.note("`incident.\(b)` (\(tb.text)) is before `incident.\(a)` (\(ta.text)); check the times and their zones", at: m[b] ?? f["incident"], key: "incident")
                }
            }
        }

        var people: Known<Int>?
        var segments: [String] = []
        var personal: Known<Bool>?
        if let m = r.mapping(f["impact"], "impact", keys: ["people_affected", "segments", "personal_data_exposed"]) {
            people = r.intOrUnknown(m["people_affected"], "impact.people_affected", parent: f["impact"])
            if m["segments"] == nil { r.fail("impact.segments", nil, expected: "a list of segments (may be empty: [])", parent: f["impact"]) }
            segments = r.textList(m["segments"], "impact.segments", parent: f["impact"])
            personal = r.boolOrUnknown(m["personal_data_exposed"], "impact.personal_data_exposed", parent: f["impact"])
        }

        var steps: [StepTaken] = []
        if let seq = r.sequence(f["steps_taken"], "steps_taken", expected: "a list of {step: 1…6, at: time or unknown, note: text} (may be empty: [])") {
            for (i, item) in seq.enumerated() {
                let path = "steps_taken[\(i)]"
                guard let m = r.mapping(item, path, keys: ["step", "at", "note"], parent: f["steps_taken"]) else { continue }
                var number: Int?
                if let n = m["step"], n.scalar != nil, let v = n.int, PlaybookStep.numbers.contains(v) { number = v } else {
                    r.fail(path + ".step", m["step"], expected: "a step number from 1 to 6", parent: item)
                }
                let at = r.timestampOrUnknown(m["at"], path + ".at", parent: item)
                let note = r.text(m["note"], path + ".note", parent: item)
                if let number, let at, let note { steps.append(StepTaken(step: number, at: at, note: note)) }
            }
        }

        var actions: [ActionItem] = []
        if let seq = r.sequence(f["action_items"], "action_items", expected: "a list of {what, owner, due: YYYY-MM-DD or unknown, done: true/false} (may be empty: [])") {
            for (i, item) in seq.enumerated() {
                let path = "action_items[\(i)]"
                guard let m = r.mapping(item, path, keys: ["what", "owner", "due", "done"], parent: f["action_items"]) else { continue }
                let what = r.text(m["what"], path + ".what", parent: item)
                let owner = r.text(m["owner"], path + ".owner", parent: item)
                let due = r.dayOrUnknown(m["due"], path + ".due", parent: item)
                let done = r.bool(m["done"], path + ".done", parent: item)
                if let what, let owner, let due, let done { actions.append(ActionItem(what: what, owner: owner, due: due, done: done)) }
            }
        }
        if let node = f["internal"], node.mapping == nil {
            r.fail("internal", node, expected: "a mapping of internal-only fields (never published in the field edition)")
        }
        guard r.errors.allSatisfy({ $0.severity != .error }), let severity, let status, let audience, let owner, let people, let personal else {
            return (nil, r.errors)
        }
        return (Postmortem(path: page.path, severity: severity, status: status, audience: audience, owner: owner,
                           incident: incident, peopleAffected: people, segments: segments, personalDataExposed: personal,
                           stepsTaken: steps, actionItems: actions), r.errors)
    }
}
