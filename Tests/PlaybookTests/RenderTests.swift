import Foundation
import Testing
@testable import PlaybookCore

@Suite struct RenderTests {
    @Test func polishPluralsFollowCLDR() {
        let cases: [(Int, String)] = [(0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (12, "many"), (22, "few"), (25, "many"), (102, "few"), (112, "many")]
        for (n, expected) in cases { #expect(PluralRules.category(for: n, language: "pl") == expected, "n=\(n)") }
        #expect(PluralRules.category(for: 1, language: "es-MX") == "one")
        #expect(PluralRules.category(for: 0, language: "en") == "other")
    }

    @Test func stringsFallBackAlongTheChainAndFormatDates() throws {
        var config = SiteConfig()
        config.languages = [
            LanguageConfig(code: "en", name: "English", locale: "en", fallback: []),
            LanguageConfig(code: "pl", name: "Polski", locale: "pl", fallback: ["en"]),
        ]
        let theme: [String: [UInt8]] = [
            "i18n/en.yml": Array("hello: Hello\nonly_en: English only\nresults: {one: '{count} result', other: '{count} results'}\nmonths_short: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\ndate_format: '{day} {month} {year}'\n".utf8),
            "i18n/pl.yml": Array("hello: Cześć\nresults: {one: '{count} wynik', few: '{count} wyniki', many: '{count} wyników', other: '{count} wyniku'}\nmonths_short: [sty, lut, mar, kwi, maj, cze, lip, sie, wrz, paź, lis, gru]\n".utf8),
        ]
        let strings = try StringsLoader.load(theme: theme, config: config)
        let pl = strings["pl"]!
        #expect(pl.text("hello") == "Cześć")
        #expect(pl.text("only_en") == "English only")
        #expect([0, 1, 2, 5, 22, 25].map { pl.plural("results", count: $0) } == ["0 wyników", "1 wynik", "2 wyniki", "5 wyników", "22 wyniki", "25 wyników"])
        #expect(pl.formatDate("2015-10-07") == "7 paź 2015")
        #expect(strings["en"]!.formatDate("2015-10-07") == "7 Oct 2015")
    }

    @Test func missingUIStringsAreReported() throws {
        var config = SiteConfig()
        config.languages = [
            LanguageConfig(code: "en", name: "English", locale: "en", fallback: []),
            LanguageConfig(code: "nl", name: "Nederlands", locale: "nl", fallback: ["en"]),
        ]
        let theme: [String: [UInt8]] = ["i18n/en.yml": Array("a: A\nb: B\n".utf8), "i18n/nl.yml": Array("a: A-nl\n".utf8)]
        let warnings = try StringsLoader.missingKeys(theme: theme, config: config)
        #expect(warnings.map(\.description) == ["templates/i18n/nl.yml: warning: [i18n/missing-string] UI string `b` is missing; readers see the en text"])
        #expect(try StringsLoader.missingKeys(theme: DefaultTheme.files, config: SiteConfig()).isEmpty)
    }

    @Test func themeErrorsNameTemplateFileAndLine() {
        var files = DefaultTheme.files
        files["page.mustache"] = Array("line one\n{{#page}}\n{{/wrong}}\n".utf8)
        files["section.mustache"] = Array("a\nb {{> partials/nope}}\n".utf8)
        do {
            _ = try Theme(files: files)
            Issue.record("expected errors")
        } catch let failure as BuildFailure {
            let text = failure.description
            #expect(text.contains("templates/page.mustache:3: error: [theme/syntax] template syntax error"))
            #expect(text.contains("templates/section.mustache:2: error: [theme/missing-partial] partial `partials/nope` not found"))
        } catch { Issue.record("\(error)") }
    }

    /// The theme built into the binary must be the one in templates/ (run scripts/embed-theme.py).
    @Test func embeddedThemeMatchesTemplatesFolder() throws {
        let repo = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = repo.appending(path: "scripts/embed-theme.py").path
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", script, "--check"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "templates/ changed: run scripts/embed-theme.py")
    }
}
