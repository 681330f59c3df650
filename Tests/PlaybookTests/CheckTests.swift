import Foundation
import Testing
@testable import PlaybookCore

@Suite struct CheckTests {
    /// Translation-status warnings are left out unless asked for: these fixtures' translations
    /// record no source_hash, so every one of them is (rightly) reported as stale or missing.
    func diagnostics(_ files: [String: String], edition: Edition = .internal, translationStatus: Bool = false) throws -> (report: CheckReport, text: String) {
        let f = try Fixture(files)
        defer { f.remove() }
        var options = CheckOptions(source: f.root)
        options.edition = edition
        var report = Checker.check(options)
        if !translationStatus { report.diagnostics.removeAll { $0.rule.hasPrefix("translation/") } }
        return (report, report.diagnostics.map(\.description).joined(separator: "\n"))
    }

    @Test func cleanSiteHasNoProblems() throws {
        let (report, text) = try diagnostics(Fixture.typed)
        #expect(report.diagnostics.isEmpty, "\(text)")
    }

    @Test func everyApologyRuleFires() throws {
        var files = Fixture.typed
        let en = "content/en/apologies/"
        files[en + "vague.md"] = Fixture.apology(subject: "Oops!")
        files[en + "nosubject.md"] = Fixture.apology(subject: " ")
        files[en + "noreply.md"] = Fixture.apology(from: "Shop <no-reply@shop.example>", replyTo: "donotreply@shop.example")
        files[en + "unapologetic.md"] = Fixture.apology(body: "Hello,\n\nOur last email had a problem. It is fixed.\n")
        files[en + "everyone.md"] = Fixture.apology().replacingOccurrences(of: "recipients: affected", with: "recipients: all subscribers")
        files[en + "breach.md"] = Fixture.apology(subject: "Your data may have been exposed", type: "data-breach")
        files[en + "suppression.md"] = Fixture.apology(subject: "We emailed an old list by mistake", type: "suppression-list-send")
        files[en + "tags.md"] = Fixture.apology(subject: "Sorry {{first_name}}, our mistake", body: "Dear <FirstName>,\n\nWe are sorry, *|FNAME|*.\n")
        let (report, text) = try diagnostics(files)
        let expected = [
            "\(en)vague.md:4: warning: [apology/vague-subject] subject \"Oops!\" is vague",
            "\(en)nosubject.md:4: error: [apology/missing-subject]",
            "\(en)noreply.md:5: error: [apology/no-reply] `from` is a no-reply address (no-reply@shop.example)",
            "\(en)noreply.md:6: error: [apology/no-reply] `reply_to` is a no-reply address",
            "\(en)unapologetic.md:13: error: [apology/no-apology] the body never apologizes",
            "\(en)everyone.md:7: error: [apology/audience] recipients are `all subscribers`",
            "\(en)breach.md:9: error: [apology/data-breach-steps] a data-breach email must tell recipients what to do: change their password and turn on two-factor authentication",
            "\(en)breach.md:9: error: [apology/data-breach-contact]",
            "\(en)suppression.md:9: error: [apology/suppression-list] do not send an apology to a suppression list",
            "\(en)tags.md:4: error: [apology/merge-tag] unresolved merge tag `{{first_name}}` in the subject",
            "\(en)tags.md:13: error: [apology/merge-tag] unresolved merge tag `<FirstName>`",
            "\(en)tags.md:15: error: [apology/merge-tag] unresolved merge tag `*|FNAME|*`",
            "\(en)vague.md:9: warning: [apology/missing-translation] this template has no nl, pl, es version",
        ]
        for line in expected { #expect(text.contains(line), "\(line)\n---\n\(text)") }
        #expect(!report.errors.isEmpty)
        // A complete data-breach email passes.
        let good = "Hello,\n\nWe are sorry. Change your password and turn on two-factor authentication.\nCall +1 202 555 0148 or write to privacy@shop.example.\n"
        files = Fixture.typed
        for lang in ["en", "nl", "pl", "es"] { files["content/\(lang)/apologies/coupon-twice.md"] = Fixture.apology(subject: "Your data may have been exposed", type: "data-breach", body: good.replacingOccurrences(of: "We are sorry", with: ["en": "We are sorry", "nl": "Het spijt ons", "pl": "Przepraszamy", "es": "Le pedimos disculpas"][lang]!)) }
        #expect(try diagnostics(files).report.diagnostics.isEmpty)
    }

    @Test func apologyWordsAreCheckedPerLanguage() throws {
        var files = Fixture.typed
        files["content/nl/apologies/coupon-twice.md"] = Fixture.apology(body: "Hallo,\n\nWe are sorry (in English, not in Dutch).\n")
        let (_, text) = try diagnostics(files)
        #expect(text.contains("content/nl/apologies/coupon-twice.md:13: error: [apology/no-apology] the body never apologizes: say plainly that you are sorry (looked for: excuses, excuus, spijt)"))
    }

    @Test func lintIgnoreSilencesOneRuleForOneFileWithAReason() throws {
        var files = Fixture.typed
        files["content/en/apologies/coupon-twice.md"] = Fixture.apology(subject: "Oops", extra: "lint_ignore:\n  - {rule: apology/vague-subject, reason: \"The brand's voice; approved by legal\"}\n")
        files["content/nl/apologies/coupon-twice.md"] = Fixture.apology(subject: "Oeps", extra: "lint_ignore:\n  - rule: apology/vague-subject\n  - {rule: apology/made-up, reason: x}\n", body: "Hallo,\n\nHet spijt ons.\n")
        let (_, text) = try diagnostics(files)
        #expect(!text.contains("content/en/apologies/coupon-twice.md:4: warning: [apology/vague-subject]"))
        #expect(text.contains("content/nl/apologies/coupon-twice.md:4: warning: [apology/vague-subject]"))
        #expect(text.contains("content/nl/apologies/coupon-twice.md:12: error: [lint/ignore-without-reason] `lint_ignore` silences `apology/vague-subject` without a reason"))
        #expect(text.contains("content/nl/apologies/coupon-twice.md:13: warning: [lint/unknown-rule] `lint_ignore` names `apology/made-up`"))
    }

    @Test func brokenLinksAndAnchorsAreErrorsWithLines() throws {
        var files = Fixture.typed
        files["content/en/playbook/_index.md"] = "---\ntitle: Playbook\n---\nThe steps.\n\nSee [nothing](missing.md),\n[a bad anchor](01-step.md#no-such-heading), [a good one](01-step.md#do-this)\nand [here](#nowhere). [Encoded](01-step.md#do%2Dthis).\n"
        let (report, text) = try diagnostics(files)
        #expect(text.contains("content/en/playbook/_index.md:6: error: [link/broken] link to `missing.md` leads to no page or file"))
        #expect(text.contains("content/en/playbook/_index.md:7: error: [link/anchor] link to `01-step.md#no-such-heading`: content/en/playbook/01-step.md has no heading or element with id `no-such-heading`"))
        #expect(text.contains("content/en/playbook/_index.md:8: error: [link/anchor] link to `#nowhere`"))
        #expect(!text.contains("#do-this") && !text.contains("do%2Dthis"))  // a percent-encoded anchor is decoded
        #expect(report.errors.count == 3)
        // The build fails on the same errors and leaves no site.
        let f = try Fixture(files)
        defer { f.remove() }
        #expect(throws: BuildFailure.self) { try f.build() }
        #expect(f.read("public/en/index.html") == nil)
    }

    @Test func staleTranslationsAreWarnings() throws {
        var files = Fixture.typed
        files["content/nl/playbook/01-step.md"] = Fixture.step(1, lang: "nl").replacingOccurrences(of: "public: true", with: "public: true\nsource_hash: 0123456789abcdef")
        files["content/nl/playbook/orphan.md"] = "---\ntitle: Wees\nsource_hash: 0123456789abcdef\n---\nTekst.\n"
        let (report, text) = try diagnostics(files, translationStatus: true)
        #expect(text.contains("content/nl/playbook/01-step.md:8: warning: [translation/stale] stale translation: content/en/playbook/01-step.md changed since this was translated; `playbook translations --diff content/nl/playbook/01-step.md` shows what changed; update the text, then run `playbook translations --mark-current content/nl/playbook/01-step.md`"))
        #expect(text.contains("content/nl/playbook/orphan.md:3: warning: [translation/orphaned]"))
        #expect(report.errors.isEmpty)
    }

    @Test func duplicateSlugsAndParseErrorsAreCollectedNotThrown() throws {
        var files = Fixture.typed
        files["content/en/playbook/01 Step.md"] = "# Same URL\n"
        files["content/en/playbook/bad.md"] = "---\ntitle: [oops\n---\n"
        let (_, text) = try diagnostics(files)
        #expect(text.contains("gives the same URL /en/playbook/01-step/"))
        #expect(text.contains("content/en/playbook/bad.md:2: error: [yaml/syntax] invalid YAML"))
    }

    @Test func jsonReport() throws {
        var files = Fixture.typed
        files["content/en/apologies/coupon-twice.md"] = Fixture.apology(subject: "\\\"Oops\\\" <!>")
        let (report, _) = try diagnostics(files)
        let json = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as! [String: Any]
        #expect(json["errors"] as? Int == 0)
        #expect(json["warnings"] as? Int == report.warnings.count)
        let first = (json["diagnostics"] as! [[String: Any]]).first { $0["rule"] as? String == "apology/vague-subject" }
        #expect(first?["line"] as? Int == 4)
        #expect((first?["message"] as? String)?.contains("\"\"Oops\" <!>\" is vague") == true)
        #expect(try JSONSerialization.jsonObject(with: Data(CheckReport(diagnostics: []).json.utf8)) is [String: Any])
    }
}

@Suite struct FieldEditionTests {
    /// Unique markers in every internal place; none may reach any byte of the field edition.
    @Test func noInternalMarkerReachesAnyFile() throws {
        var files = Fixture.typed
        files["content/en/playbook/secret.md"] = "---\ntitle: MARKER01 title\nsummary: MARKER02 summary\ntags: [MARKER03tag]\npublic: false\n---\nMARKER04 body\n"
        files["content/en/playbook/01-step.md"] = Fixture.step(1).replacingOccurrences(of: "public: true", with: "public: true\ninternal: {notes: MARKER05 internal mapping}\ninternal_contact: MARKER06 internal key")
            + "\n<!-- internal -->\nMARKER07 internal passage\n<!-- /internal -->\n"
        files["content/en/postmortems/secret-incident.md"] = Fixture.postmortem
            .replacingOccurrences(of: "audience: field", with: "audience: internal")
            .replacingOccurrences(of: "Coupon sent twice", with: "MARKER08 internal postmortem")
            .replacingOccurrences(of: "Owned it.", with: "MARKER09 step note")
        files["content/en/postmortems/coupon-twice.md"] = Fixture.postmortem.replacingOccurrences(of: "Internal note for staff", with: "MARKER10 postmortem internal field")
            + "\n<!-- internal -->\nMARKER11 passage in a postmortem\n<!-- /internal -->\n"
        for lang in ["en", "nl", "pl", "es"] {
            files["content/\(lang)/apologies/secret-apology.md"] = Fixture.apology(subject: "MARKER12 internal apology subject", body: "Hello,\n\nSorry. Het spijt ons. Przepraszamy. Disculpe. MARKER13 internal apology body.\n")
                .replacingOccurrences(of: "audience: field", with: "audience: internal")
        }
        files["content/en/apologies/coupon-twice.md"] = Fixture.apology(extra: "internal_reviewer: MARKER15\n", body: "Hello,\n\nWe are sorry.\n\n<!-- internal -->\nMARKER14 note inside an email\n<!-- /internal -->\n")
        let f = try Fixture(files)
        defer { f.remove() }
        _ = try f.build(output: "staff")
        let staff = f.snapshot("staff").values.map { String(decoding: $0, as: UTF8.self) }.joined()
        for n in 1...13 where n != 14 { #expect(staff.contains(String(format: "MARKER%02d", n)), "internal edition lacks MARKER\(n)") }
        _ = try f.build(edition: .field)
        let field = f.snapshot()
        #expect(field.keys.contains("en/crisis-response.csv") && field.keys.contains("en/postmortems/feed.xml") && field.keys.contains("en/apologies/coupon-twice/coupon-twice.eml"))
        for (path, bytes) in field {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("MARKER"), "\(path) leaks \(text.components(separatedBy: "MARKER").dropFirst().map { "MARKER" + $0.prefix(2) })")
            #expect(!path.contains("secret"), "\(path)")
        }
        // Internal notes in an apology never reach its email, in either edition.
        #expect(f.snapshot("staff")["en/apologies/coupon-twice/coupon-twice.eml"].map { String(decoding: $0, as: UTF8.self).contains("MARKER14") } == false)
    }
}

@Suite struct ScaffoldTests {
    @Test func newPostmortemAndApologyInTheRightLanguageNeverOverwrite() throws {
        let f = try Fixture(Fixture.typed)
        defer { f.remove() }
        let path = try Scaffold.create(.postmortem, title: "Kupon wysłany dwa razy", lang: "pl", source: f.root)
        #expect(path == "content/pl/postmortems/kupon-wyslany-dwa-razy.md")
        let text = try #require(f.read(path))
        for heading in ["## Co się stało", "## Kiedy się o tym dowiedzieliśmy", "## Co zrobiliśmy, żeby to naprawić", "## Skutki", "## Co robimy, żeby to się nie powtórzyło"] {
            #expect(text.contains(heading + "\n"), "\(heading)")
        }
        #expect(text.contains("status: draft") && text.contains("audience: internal") && text.contains("action_items: []"))
        #expect(throws: BuildFailure.self) { try Scaffold.create(.postmortem, title: "Kupon wysłany dwa razy", lang: "pl", source: f.root) }
        let apology = try Scaffold.create(.apology, title: "Cupón \"duplicado\"", lang: "es", source: f.root)
        let a = try #require(f.read(apology))
        #expect(a.contains("subject: \"Cupón \\\"duplicado\\\"\"") && a.contains("from: \"Shop <team@shop.example>\"") && a.contains("\nHola:\n"))
        _ = try Scaffold.create(.postmortem, title: "What broke", lang: nil, source: f.root)
        // The new files pass the schemas (only warnings: the apology is not translated yet).
        let report = Checker.check(CheckOptions(source: f.root))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(f.read("content/en/postmortems/what-broke.md")?.contains("## What we do so it does not happen again") == true)
    }
}
