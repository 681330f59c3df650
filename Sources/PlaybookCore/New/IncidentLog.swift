import Foundation
import PlaybookAssemble
import PlaybookLoad
import PlaybookModel

/// An incident log as the run sheet downloads it (`assets/runsheet.js`, "Download incident
/// log"): `{format: "playbook-incident-log", version: 1, language, started, detected,
/// mitigated, resolved, steps: [{step, title, note, items: [{text, done, at}]}]}`, times in
/// ISO 8601 with a zone or null. `playbook new postmortem --from LOG` turns it into front matter.
struct IncidentLog {
    struct Item { let text: String; let done: Bool; let at: Timestamp? }
    struct Step { let step: Int; let title: String; let note: String; let items: [Item] }

    let language: String?
    /// started, detected, mitigated, resolved, in that order; nil when not stamped.
    let milestones: [(name: String, at: Timestamp?)]
    let steps: [Step]

    static let format = "playbook-incident-log"

    /// Reads and validates the log; every problem is an error naming the log file and the
    /// JSON path of the value (`steps[1].items[0].at`), what was found and what is expected.
    static func read(_ path: String) throws -> IncidentLog {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(path, limit: 16 << 20) } catch {
            throw BuildFailure([Diagnostic(file: path, "cannot read the incident log (\(error)); give the file the run sheet's \"Download incident log\" wrote", rule: "command/incident-log")])
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw BuildFailure([Diagnostic(file: path, "not valid JSON: \(detail)", rule: "command/incident-log")])
        }
        var errors: [Diagnostic] = []
        func fail(_ key: String, _ found: Any?, _ expected: String) {
            errors.append(Diagnostic(file: path, "`\(key)` is \(describe(found)); expected \(expected)", rule: "command/incident-log"))
        }
        guard let root = json as? [String: Any] else {
            throw BuildFailure([Diagnostic(file: path, "the log is \(describe(json)); expected a JSON object written by the run sheet's \"Download incident log\"", rule: "command/incident-log")])
        }
        guard root["format"] as? String == format else {
            throw BuildFailure([Diagnostic(file: path, "`format` is \(describe(root["format"])); expected \"\(format)\": this is not an incident log from the run sheet", rule: "command/incident-log")])
        }
        if root["version"] as? Int != 1 { fail("version", root["version"], "1 (the only log version this playbook reads)") }
        func time(_ value: Any?, _ key: String, required: Bool = false) -> Timestamp? {
            if value == nil || value is NSNull {
                if required { fail(key, value, "an ISO 8601 time with a zone (2024-03-05T09:12:00+01:00)") }
                return nil
            }
            guard let s = value as? String, let t = Timestamp(s) else {
                fail(key, value, "an ISO 8601 time with a zone (2024-03-05T09:12:00+01:00)\(required ? "" : " or null")"); return nil
            }
            return t
        }
        var milestones: [(name: String, at: Timestamp?)] = []
        for name in Postmortem.milestones { milestones.append((name, time(root[name], name, required: name == "started"))) }
        var steps: [Step] = []
        if let list = root["steps"] as? [Any] {
            for (i, value) in list.enumerated() {
                let key = "steps[\(i)]"
                guard let s = value as? [String: Any] else { fail(key, value, "an object {step, title, note, items}"); continue }
                guard let n = s["step"] as? Int, PlaybookStep.numbers.contains(n) else {
                    fail(key + ".step", s["step"], "a step number from 1 to 6"); continue
                }
                let note = s["note"] as? String ?? ""
                if s["note"] != nil, !(s["note"] is String) { fail(key + ".note", s["note"], "text") }
                var items: [Item] = []
                if let raw = s["items"] as? [Any] {
                    for (j, v) in raw.enumerated() {
                        let ik = "\(key).items[\(j)]"
                        guard let item = v as? [String: Any], let text = item["text"] as? String, let done = item["done"] as? Bool else {
                            fail(ik, v, "an object {text, done: true/false, at: time or null}"); continue
                        }
                        items.append(Item(text: text, done: done, at: time(item["at"], ik + ".at")))
                    }
                } else { fail(key + ".items", s["items"], "a list of checklist items (may be empty: [])") }
                steps.append(Step(step: n, title: s["title"] as? String ?? "", note: note, items: items))
            }
        } else { fail("steps", root["steps"], "a list of steps (may be empty: [])") }
        if !errors.isEmpty { throw BuildFailure(errors) }
        return IncidentLog(language: root["language"] as? String, milestones: milestones, steps: steps)
    }

    private static func describe(_ value: Any?) -> String {
        switch value {
        case nil: return "missing"
        case is NSNull: return "null"
        case let s as String: return "\"\(s.prefix(60))\""
        case let n as NSNumber: return "\(n)"
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        default: return "\(value!)"
        }
    }

    /// Each step with a done item or a note, at its first tick (else its note's step, time unknown).
    var stepsTaken: [(step: Int, at: Timestamp?, note: String)] {
        steps.compactMap { s in
            let done = s.items.filter(\.done)
            guard !done.isEmpty || !s.note.isEmpty else { return nil }
            let first = done.compactMap(\.at).min()
            var note = s.note
            if note.isEmpty { note = done.map(\.text).joined(separator: "; ") }
            return (s.step, first, note)
        }.sorted { a, b in (a.at?.epoch ?? .max, a.step) < (b.at?.epoch ?? .max, b.step) }
    }

    /// Every ticked item, in time order: the timeline the postmortem's body starts from.
    var ticks: [(at: Timestamp?, step: Int, text: String)] {
        steps.flatMap { s in s.items.filter(\.done).map { (at: $0.at, step: s.step, text: $0.text) } }
            .enumerated().sorted { a, b in (a.element.at?.epoch ?? .max, a.offset) < (b.element.at?.epoch ?? .max, b.offset) }.map(\.element)
    }
}
