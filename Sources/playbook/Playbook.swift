import ArgumentParser
import Foundation
import PlaybookCore

@main
struct Playbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Builds a crisis-response playbook, postmortems and apology templates into a static site.",
        version: PlaybookVersion.text,
        subcommands: [Build.self, Check.self, TranslationsCommand.self, New.self, Serve.self],
        defaultSubcommand: Build.self
    )
}

extension Edition: ExpressibleByArgument {}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site from content/ and templates/ into the output folder.")

    @OptionGroup var site: SiteArguments
    @Option(name: [.customShort("o"), .long], help: "Where to write the site; replaced only when the build succeeds.")
    var output = "public"
    @Flag(help: "Replace an output folder that holds files playbook did not write (says what it replaces).")
    var force = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false
    @Flag(name: .shortAndLong, help: "Print every warning, not a summary of the many of one rule.")
    var verbose = false

    func run() throws {
        var options = BuildOptions(source: site.source, output: output)
        options.edition = site.edition
        options.includeDrafts = site.drafts
        options.force = force
        do {
            let state = try OutputFolder.admit(output: output, source: site.source, force: force)
            if case .foreign = state {
                Stderr.print("\(output): warning: --force: replacing a folder playbook did not write (\(OutputFolder.describe(state)))")
            }
            let report = try Builder.build(options)
            if !quiet {
                for line in DiagnosticReport.lines(report.warnings, verbose: verbose, listAll: "`playbook build --verbose`") { Stderr.print(line) }
                let counts = report.languages.map { "\($0.code) \($0.pages)" + ($0.fallbacks > 0 ? "+\($0.fallbacks) fallback" : "") }
                let warn = report.warnings.isEmpty ? "" : "; " + DiagnosticReport.counts(report.warnings)
                print("built \(output) (\(site.edition.rawValue)): \(counts.joined(separator: ", ")) pages in \(String(format: "%.2f", report.seconds)) s\(warn)")
            }
        } catch let failure as BuildFailure {
            let shown = quiet ? failure.errors : failure.diagnostics
            for line in DiagnosticReport.lines(shown, verbose: verbose, listAll: "`playbook build --verbose`") { Stderr.print(line) }
            Stderr.print("build failed: \(DiagnosticReport.counts(failure.diagnostics)); \(output) was left as it was")
            throw ExitCode.failure
        } catch let refused as OutputRefused {
            Stderr.print(refused.description)
            Stderr.print("build refused: \(output) was left as it was")
            throw ExitCode(2)
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument { case text, json }

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check links and anchors, front matter schemas, the summary table, the apology lint and translation status, without writing the site.")

    @OptionGroup var site: SiteArguments
    @Option(help: "text (file:line: severity: [rule] message) or json (always every diagnostic).")
    var format: OutputFormat = .text
    @Flag(name: .shortAndLong, help: "Print every diagnostic, not a summary of the many of one rule.")
    var verbose = false

    func run() throws {
        var options = CheckOptions(source: site.source)
        options.edition = site.edition
        options.includeDrafts = site.drafts
        let report = Checker.check(options)
        switch format {
        case .json: print(report.json, terminator: "")
        case .text:
            for line in DiagnosticReport.lines(report.diagnostics, verbose: verbose, listAll: "`playbook check --verbose`") { print(line) }
            Stderr.print("checked \(site.source) (\(site.edition.rawValue)): \(DiagnosticReport.counts(report.diagnostics))")
        }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}

enum Stderr {
    static func print(_ text: String) {
        FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new content file: a postmortem, apology or page from the full schema, or a translation of a page.",
        discussion: "playbook new postmortem \"Title\" [--lang L] [--from incident-log.json]\nplaybook new translation content/en/playbook/x.md --lang pl")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case postmortem, apology, page, translation }

    @Argument(help: "postmortem, apology, page or translation.")
    var kind: Kind
    @Argument(help: "The title (the file name is made from it); for `translation`, the page to translate.")
    var title: String
    @Option(help: "The language folder to write into (default: the site's default language).")
    var lang: String?
    @Option(help: "The source tree (with playbook.yml, content/).")
    var source = "."
    @Option(help: "For `page`: the section folder (default: playbook).")
    var section = "playbook"
    @Option(help: "For `postmortem`: an incident log downloaded from the run sheet; fills the incident times, steps taken and timeline.")
    var from: String?

    func run() throws {
        do {
            if kind == .translation {
                guard let lang else { throw ValidationError("`new translation` needs --lang, the language to translate into") }
                let created = try Translations.scaffold(source: source, path: title, lang: lang)
                print("created \(created): translate its text; keys that are not prose come from the original")
                return
            }
            let path = try Scaffold.create(Scaffold.Kind(rawValue: kind.rawValue)!, title: title, lang: lang, section: section, source: source, fromLog: from)
            print("created \(path)")
        } catch let failure as BuildFailure {
            for e in failure.diagnostics { Stderr.print(e.description) }
            throw ExitCode.failure
        }
    }
}
