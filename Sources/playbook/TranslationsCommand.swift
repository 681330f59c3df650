import ArgumentParser
import PlaybookCore

struct TranslationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations",
        abstract: "Per language: translated, stale, missing and orphaned pages, with paths.")

    enum Format: String, ExpressibleByArgument { case table, json }

    @Option(help: "The source tree.") var source = "."
    @Option(help: "table or json.") var format: Format = .table
    @Flag(help: "Exit with status 1 if anything is stale or missing.") var strict = false
    @Flag(name: .shortAndLong, help: "Print every diagnostic, not a summary of the many of one rule.") var verbose = false
    @Option(parsing: .upToNextOption, help: "Translations brought up to date: record their sources' current version.")
    var markCurrent: [String] = []

    func run() throws {
        if !markCurrent.isEmpty {
            do {
                for path in markCurrent { print("marked current: \(try Translations.markCurrent(source: source, path: path))") }
            } catch let failure as BuildFailure {
                for e in failure.errors { Stderr.print(e.description) }
                throw ExitCode.failure
            }
            return
        }
        // The same stages as `playbook check`: the same diagnostics, and a status even when some
        // files do not load (they count as absent).
        let report = Checker.check(CheckOptions(source: source))
        for line in DiagnosticReport.lines(report.diagnostics, verbose: verbose, listAll: "`playbook translations --verbose`") { Stderr.print(line) }
        if !report.diagnostics.isEmpty { Stderr.print("checked \(source): \(DiagnosticReport.counts(report.diagnostics))") }
        guard let status = report.translations else { throw ExitCode.failure }
        print(format == .json ? Translations.json(status) : Translations.table(status), terminator: format == .json ? "\n" : "")
        if !report.errors.isEmpty { throw ExitCode.failure }
        if strict && status.languages.contains(where: { $0.entries.contains { $0.state == .stale || $0.state == .missing } }) {
            throw ExitCode.failure
        }
    }
}
