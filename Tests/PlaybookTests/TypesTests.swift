import Foundation
import Testing
@testable import PlaybookCore

@Suite struct SummaryTableTests {
    @Test func tableOnHomeAndPlaybookIndexWithFallbackRowsAndData() throws {
        let f = try Fixture(Fixture.typed)
        defer { f.remove() }
        _ = try f.build()
        let home = try #require(f.read("public/nl/index.html"))
        #expect(home.contains("id=\"pb-summary-table\""))
        #expect(home.contains("href=\"../nl/playbook/01-step/index.html\""))
        // Dutch lacks step 6: the row comes from English, linked at the Dutch URL, marked.
        #expect(home.contains("<tr class=\"is-fallback\">"))
        #expect(home.contains("href=\"../nl/playbook/06-step/index.html\" lang=\"en\""))
        let index = try #require(f.read("public/en/playbook/index.html"))
        #expect(index.contains("id=\"pb-summary-table\""))
        #expect(index.contains("Risk &quot;3&quot;"))
        #expect(f.read("public/en/postmortems/index.html")?.contains("pb-summary-table") == false)

        let json = try #require(f.read("public/nl/crisis-response.json"))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let steps = decoded["steps"] as! [[String: Any]]
        #expect(steps.count == 6)
        #expect(steps[5]["fallback"] as? Bool == true && steps[5]["language"] as? String == "en")
        #expect(steps[0]["url"] as? String == "https://example.org/kb/nl/playbook/01-step/")
        let csv = try #require(f.read("public/en/crisis-response.csv"))
        #expect(csv.hasPrefix("Step,Title,Purpose,Primary responsibility,Deliverability / risk impact,Language,URL\r\n"))
        #expect(csv.contains("1,Step 1 en,\"Purpose 1, with a comma\",Owner 1,\"Risk \"\"1\"\"\",en,https://example.org/kb/en/playbook/01-step/\r\n"))
        #expect(csv.split(separator: "\r\n").count == 7)
    }

    @Test func duplicateMissingAndDifferingStepsAreErrors() throws {
        var files = Fixture.typed
        files["content/en/playbook/07-extra.md"] = Fixture.step(3, title: "Another three")
        files["content/en/playbook/05-step.md"] = nil
        files["content/nl/playbook/02-step.md"] = Fixture.step(4, lang: "nl")
        files["content/nl/playbook/01-step.md"] = "---\ntitle: X\nstep: nine\npurpose: p\nowner: o\n---\n"
        let f = try Fixture(files)
        defer { f.remove() }
        let report = Checker.check(CheckOptions(source: f.root))
        let text = report.diagnostics.map(\.description).joined(separator: "\n")
        #expect(text.contains("content/en/playbook/07-extra.md:3: error: [summary/duplicate-step] step 3 is also content/en/playbook/03-step.md"))
        #expect(text.contains("content/en/playbook/: error: [summary/missing-step] step 5 of 6 is missing in en"))
        #expect(text.contains("content/nl/playbook/02-step.md:3: error: [summary/differs] this page is step 4, but its en original content/en/playbook/02-step.md is step 2"))
        #expect(text.contains("content/nl/playbook/01-step.md:3: error: [schema/step] `step` is `nine`; expected a whole number from 1 to 6"))
        #expect(text.contains("content/nl/playbook/01-step.md:1: error: [schema/step] `risk` is missing; expected a text"))
        #expect(throws: BuildFailure.self) { try f.build() }
    }

    @Test func siteWithoutStepsHasNoTable() throws {
        let f = try Fixture(Fixture.fourLanguages)
        defer { f.remove() }
        _ = try f.build()
        #expect(f.read("public/en/crisis-response.json") == nil)
        #expect(f.read("public/en/index.html")?.contains("pb-summary-table") == false)
    }
}

@Suite struct PostmortemTests {
    @Test func pageHasFactsTimelineAndActionItemsAgainstTheBuildDate() throws {
        let f = try Fixture(Fixture.typed)
        defer { f.remove() }
        let may2024 = BuildDate(epoch: CivilDate.days(year: 2024, month: 5, day: 1) * 86400)
        _ = try f.build(buildDate: may2024)
        let html = try #require(f.read("public/en/postmortems/coupon-twice/index.html"))
        #expect(html.contains("<article class=\"postmortem\""))
        #expect(html.contains("class=\"severity severity-sev1\">SEV1</span>"))
        #expect(html.contains("<dd>12,000</dd>"))
        #expect(html.contains("<dd>1 day 2 hours</dd>"))
        // Timeline in time order: started, detected, step 1, step 2, mitigated, resolved.
        let order = ["Incident started", "Detected", "Step 1: Step 1 en", "Step 2: Step 2 en", "Mitigated", "Resolved"].map { html.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(html.contains("<time datetime=\"2024-03-05T09:35:00+01:00\">5 Mar 2024, 09:35 UTC+01:00</time>"))
        #expect(html.contains("href=\"../../../en/playbook/01-step/index.html\""))
        // Overdue: open and due before the build date; done or due later is not.
        #expect(html.components(separatedBy: "is-overdue").count == 2)
        #expect(html.contains("<tr class=\"is-open is-overdue\">\n        <td>Add a second check</td>"))
        #expect(html.contains("<tr class=\"is-done\">"))
        #expect(html.contains("Internal note for staff"))
        // The same build a year earlier flags nothing.
        _ = try f.build(output: "early", buildDate: BuildDate(epoch: CivilDate.days(year: 2023, month: 1, day: 1) * 86400))
        #expect(f.read("early/en/postmortems/coupon-twice/index.html")?.contains("is-overdue") == false)
    }

    @Test func indexTableAndFeed() throws {
        let f = try Fixture(Fixture.typed)
        defer { f.remove() }
        _ = try f.build(buildDate: BuildDate(epoch: 1_700_000_000))
        let index = try #require(f.read("public/en/postmortems/index.html"))
        #expect(index.contains("data-postmortem-index"))
        #expect(index.contains("<tr data-title=\"Coupon sent twice\" data-date=\"2024-03-05\" data-severity=\"sev1\" data-status=\"published\" data-people=\"12000\">"))
        #expect(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\""))
        #expect(index.contains("assets/postmortems.js"))
        let feed = try #require(f.read("public/en/postmortems/feed.xml"))
        #expect(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"))
        #expect(feed.contains("<id>https://example.org/kb/en/postmortems/coupon-twice/</id>"))
        #expect(feed.contains("<updated>2024-03-05T00:00:00Z</updated>"))
        // Languages without postmortems of their own still get a (fallback-filled) section and a valid, empty feed.
        #expect(f.read("public/nl/postmortems/feed.xml")?.contains("<entry>") == false)
    }

    @Test func schemaErrorsNameFileLineFieldAndExpectation() throws {
        var files = Fixture.typed
        files["content/en/postmortems/coupon-twice.md"] = Fixture.postmortem
            .replacingOccurrences(of: "severity: sev1", with: "severity: critical")
            .replacingOccurrences(of: "  detected: 2024-03-05T09:30:00+01:00", with: "  detected: 2024-03-05 09:30")
            .replacingOccurrences(of: "people_affected: 12000", with: "people_affected: lots")
            .replacingOccurrences(of: "{step: 2, at:", with: "{step: 8, at:")
            .replacingOccurrences(of: "due: 2024-04-01, done: false", with: "due: next week, done: maybe")
            .replacingOccurrences(of: "  resolved: 2024-03-06T11:45:00+01:00", with: "  resolved: 2024-03-04T11:45:00+01:00")
        let f = try Fixture(files)
        defer { f.remove() }
        let text = Checker.check(CheckOptions(source: f.root)).diagnostics.map(\.description).joined(separator: "\n")
        let file = "content/en/postmortems/coupon-twice.md"
        #expect(text.contains("\(file):5: error: [schema/postmortem] `severity` is `critical`; expected one of `sev1`, `sev2`, `sev3`"))
        #expect(text.contains("\(file):11: error: [schema/postmortem] `incident.detected` is `2024-03-05 09:30`; expected an ISO 8601 time with zone"))
        #expect(text.contains("\(file):15: error: [schema/postmortem] `impact.people_affected` is `lots`; expected a whole number"))
        #expect(text.contains("\(file):19: error: [schema/postmortem] `steps_taken[0].step` is `8`; expected a step number from 1 to 6"))
        #expect(text.contains("\(file):22: error: [schema/postmortem] `action_items[0].due` is `next week`; expected a date YYYY-MM-DD"))
        #expect(text.contains("\(file):22: error: [schema/postmortem] `action_items[0].done` is `maybe`; expected `true` or `false`"))
        #expect(text.contains("\(file):13: error: [schema/postmortem] `incident.resolved` (2024-03-04T11:45:00+01:00) is before `incident.started`"))
        let missing = try Fixture(["content/en/postmortems/x.md": "---\ntitle: X\nsummary: S\ndate: unknown\n---\nBody.\n"])
        defer { missing.remove() }
        let m = Checker.check(CheckOptions(source: missing.root)).diagnostics.map(\.description).joined(separator: "\n")
        for field in ["severity", "status", "audience", "owner", "incident", "impact", "steps_taken", "action_items"] {
            #expect(m.contains("content/en/postmortems/x.md:1: warning: [schema/postmortem] `\(field)` is not given, so the page shows it as unknown"), "\(field)")
        }
    }

    @Test func timestampsParseWithZones() {
        #expect(Timestamp("2024-03-05T09:12:00+01:00")?.epoch == Timestamp("2024-03-05T08:12Z")?.epoch)
        #expect(Timestamp("2024-03-05T08:12:00.250Z")?.utc == "2024-03-05T08:12:00Z")
        #expect(Timestamp("2024-03-05T09:12:00-0530")?.zoneLabel == "UTC−05:30")
        for bad in ["2024-03-05", "2024-03-05T09:12", "2024-02-30T09:12Z", "2024-03-05T25:00Z", "2024-03-05T09:12+1", "yesterday"] {
            #expect(Timestamp(bad) == nil, "\(bad)")
        }
        #expect(CivilDate.rfc5322(epoch: 0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(BuildDate.current(environment: ["SOURCE_DATE_EPOCH": "86400"]).day == "1970-01-02")
    }
}

@Suite struct ApologyTests {
    @Test func pageShowsTheEmailAndEmlIsRFC5322() throws {
        let f = try Fixture(Fixture.typed)
        defer { f.remove() }
        _ = try f.build(buildDate: BuildDate(epoch: 1_700_000_000))
        let html = try #require(f.read("public/en/apologies/coupon-twice/index.html"))
        #expect(html.contains("<dd class=\"email-subject\">We sent you a coupon twice</dd>"))
        #expect(html.contains("<dd class=\"email-from\">Shop &lt;team@shop.example&gt;</dd>"))
        #expect(html.contains("<pre id=\"pb-email-text\" class=\"email-text\" hidden>Hello,\n\nWe are sorry: you received our coupon twice."))
        #expect(html.contains("href=\"coupon-twice.eml\" download=\"coupon-twice.eml\""))
        #expect(html.contains("assets/apology.js"))
        let eml = try #require(f.read("public/pl/apologies/coupon-twice/coupon-twice.eml"))
        #expect(!eml.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        #expect(eml.contains("Subject: =?UTF-8?B?V3lzxYJhbGnFm215IGt1cG9uIGR3YSByYXp5?=\r\n"))
        #expect(eml.contains("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"))
        #expect(eml.contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nDzie=C5=84 dobry,\r\n"))
        #expect(eml.contains("multipart/alternative"))
        #expect(!eml.contains("Message-ID"))
        // Lines stay within RFC 5322's 78 characters.
        #expect(eml.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func longNonASCIISubjectsAreSplitIntoEncodedWords() {
        let subject = String(repeating: "Przepraszamy za błąd ", count: 6)
        let encoded = EmailMessage.encodedWords(subject, headerLength: 9)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 2)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { w -> String in
            let b64 = String(w.dropFirst(10).dropLast(2))
            return String(decoding: Data(base64Encoded: b64)!, as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(EmailMessage.address("Zespół Northwind <a@b.example>").hasPrefix("=?UTF-8?B?"))
        #expect(EmailMessage.address("Shop, Inc. <a@b.example>") == "\"Shop, Inc.\" <a@b.example>")
        #expect(EmailMessage.quotedPrintable(String(repeating: "é", count: 40)).components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test func plainTextVersionOfMarkdown() {
        let text = PlainText.fromMarkdown("Hello,\n\nWe are **very** sorry. Read\n[our note](https://x.example/n) and `this`.\n\n1. Change your password.\n2. Turn on two-factor\n   authentication.\n")
        #expect(text == "Hello,\n\nWe are very sorry. Read our note (https://x.example/n) and this.\n\n1. Change your password.\n2. Turn on two-factor authentication.\n")
    }
}
