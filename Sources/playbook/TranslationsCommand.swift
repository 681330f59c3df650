import ArgumentParser
import Foundation
import PlaybookCore

struct TranslationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations",
        abstract: "Per language: translated, stale, untracked, missing and orphaned pages, with paths; what changed; XLIFF/PO exchange.",
        discussion: """
        playbook translations [--format table|json] [--strict]
        playbook translations --diff content/pl/playbook/02-put-out-the-fire.md
        playbook translations --mark-current content/nl/            (a folder: every translation in it)
        playbook translations --export xliff|po --lang pl [PATHS…] [--output FILE]
        playbook translations --import FILE
        """)

    enum Format: String, ExpressibleByArgument { case table, json }

    @Option(help: "The source tree.") var source = "."
    @Option(help: "table or json.") var format: Format = .table
    @Flag(help: "Exit with status 1 if anything is stale, untracked or missing.") var strict = false
    @Flag(name: .shortAndLong, help: "Print every diagnostic, not a summary of the many of one rule.") var verbose = false
    @Option(parsing: .upToNextOption, help: "Translations (files or folders) brought up to date: record their sources' current version. All or nothing.")
    var markCurrent: [String] = []
    @Option(help: "A translation: show what changed in its source since it was translated.")
    var diff: String?
    @Option(help: "Write the untranslated and stale segments as xliff (XLIFF 2.1) or po (gettext).")
    var export: ExchangeFormat?
    @Option(help: "With --export: the language to translate into.")
    var lang: String?
    @Option(name: [.customShort("o"), .long], help: "With --export: the file to write (default: standard output).")
    var output: String?
    @Option(name: .customLong("import"), help: "An XLIFF or PO file made by --export and translated: write it into content/<lang>/. All or nothing.")
    var importFile: String?
    @Argument(help: "With --export: pages or folders to export (default: every page).")
    var paths: [String] = []

    func run() throws {
        do {
            if !markCurrent.isEmpty {
                let done = try Translations.markCurrent(source: source, paths: markCurrent)
                print("marked current: \(done.count) translation\(done.count == 1 ? "" : "s")")
                return
            }
            if let diff {
                print(try Translations.diff(source: source, path: diff, color: isatty(1) != 0), terminator: "")
                return
            }
            if let export {
                guard let lang else { throw ValidationError("--export needs --lang, the language to translate into") }
                let (text, summary) = try TranslationExchange.export(source: source, lang: lang, paths: paths, format: export)
                if let output { try Data(text.utf8).write(to: URL(filePath: output)) } else { print(text, terminator: "") }
                Stderr.print(summary)
                return
            }
            if let importFile {
                let written = try TranslationExchange.importFile(source: source, file: importFile)
                for path in written { print("imported \(path)") }
                return
            }
        } catch let failure as BuildFailure {
            for e in failure.errors { Stderr.print(e.description) }
            throw ExitCode.failure
        }
        // The same stages as `playbook check`: the same diagnostics, and a status even when some
        // files do not load (they count as absent).
        let report = Checker.check(CheckOptions(source: source))
        for line in DiagnosticReport.lines(report.diagnostics, verbose: verbose, listAll: "`playbook translations --verbose`") { Stderr.print(line) }
        if !report.diagnostics.isEmpty { Stderr.print("checked \(source): \(DiagnosticReport.counts(report.diagnostics))") }
        guard let status = report.translations else { throw ExitCode.failure }
        print(format == .json ? Translations.json(status) : Translations.table(status), terminator: format == .json ? "\n" : "")
        if !report.errors.isEmpty { throw ExitCode.failure }
        if strict && status.languages.contains(where: { $0.entries.contains { [.stale, .untracked, .missing].contains($0.state) } }) {
            throw ExitCode.failure
        }
    }
}

extension ExchangeFormat: ExpressibleByArgument {}
