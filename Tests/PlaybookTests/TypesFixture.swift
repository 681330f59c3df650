@testable import PlaybookCore

/// A small site with all three content types: six English steps (Dutch lacks step 6), a
/// postmortem with every field known, apology templates in English and Dutch.
extension Fixture {
    static func step(_ n: Int, lang: String = "en", title: String? = nil) -> String {
        "---\ntitle: \(title ?? "Step \(n) \(lang)")\nstep: \(n)\npurpose: \"Purpose \(n), with a comma\"\nowner: Owner \(n)\nrisk: \"Risk \\\"\(n)\\\"\"\npublic: true\n---\n## Do this\n\nText of step \(n).\n"
    }

    static let postmortem = """
    ---
    title: "Coupon sent twice"
    summary: "A coupon went out twice."
    date: 2024-03-05
    severity: sev1
    status: published
    audience: field
    owner: "Email lead"
    incident:
      started: 2024-03-05T09:00:00+01:00
      detected: 2024-03-05T09:30:00+01:00
      mitigated: 2024-03-05T10:15:00+01:00
      resolved: 2024-03-06T11:45:00+01:00
    impact:
      people_affected: 12000
      segments: [newsletter]
      personal_data_exposed: false
    steps_taken:
      - {step: 2, at: 2024-03-05T09:40:00+01:00, note: "Paused the send."}
      - {step: 1, at: 2024-03-05T09:35:00+01:00, note: "Owned it."}
    action_items:
      - {what: "Add a second check", owner: "Ops", due: 2024-04-01, done: false}
      - {what: "Write the apology", owner: "Marketing", due: 2024-03-06, done: true}
      - {what: "Review lists", owner: "Ops", due: 2099-01-01, done: false}
    tags: [duplicate-send]
    internal:
      notes: "Internal note for staff"
    ---
    ## What happened

    A coupon went out twice. See [step 2](../playbook/02-step.md#do-this).

    """

    static func apology(subject: String = "We sent you a coupon twice", from: String = "Shop <team@shop.example>", replyTo: String = "help@shop.example",
                        type: String = "duplicate-send", extra: String = "", body: String = "Hello,\n\nWe are sorry: you received our coupon twice.\n\nReply to this email if you have a question.\n") -> String {
        "---\ntitle: Coupon twice\nsummary: Use when a coupon went out twice.\nsubject: \"\(subject)\"\nfrom: \"\(from)\"\nreply_to: \"\(replyTo)\"\nrecipients: affected\naudience: field\nincident_type: \(type)\ntags: [apology]\n\(extra)---\n\n\(body)"
    }

    static var typed: [String: String] {
        var files: [String: String] = [
            "playbook.yml": "title: Typed\nbase_url: https://example.org/kb/\n",
            "content/en/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "content/nl/_index.md": "---\ntitle: Thuis\n---\nWelkom.\n",
            "content/pl/_index.md": "---\ntitle: Dom\n---\nWitamy.\n",
            "content/es/_index.md": "---\ntitle: Inicio\n---\nBienvenidos.\n",
            "content/en/playbook/_index.md": "---\ntitle: Playbook\n---\nThe steps.\n",
            "content/en/postmortems/_index.md": "---\ntitle: Postmortems\n---\nPast incidents.\n",
            "content/en/postmortems/coupon-twice.md": postmortem,
            "content/en/apologies/coupon-twice.md": apology(),
            "content/nl/apologies/coupon-twice.md": apology(subject: "We stuurden u de kortingsbon twee keer", body: "Hallo,\n\nHet spijt ons: u kreeg onze kortingsbon twee keer.\n"),
            "content/pl/apologies/coupon-twice.md": apology(subject: "Wysłaliśmy kupon dwa razy", body: "Dzień dobry,\n\nprzepraszamy: kupon przyszedł dwa razy.\n"),
            "content/es/apologies/coupon-twice.md": apology(subject: "Le enviamos el cupón dos veces", body: "Hola:\n\nLe pedimos disculpas: recibió el cupón dos veces.\n"),
        ]
        for n in 1...6 { files["content/en/playbook/0\(n)-step.md"] = step(n) }
        for n in 1...5 { files["content/nl/playbook/0\(n)-step.md"] = step(n, lang: "nl") }
        return files
    }
}
