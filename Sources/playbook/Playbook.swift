import ArgumentParser
import Foundation
import PlaybookCore

@main
struct Playbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Builds a crisis-response playbook, postmortems and apology templates into a static site.",
        subcommands: [Build.self, TranslationsCommand.self, New.self, Serve.self],
        defaultSubcommand: Build.self
    )
}

extension Edition: ExpressibleByArgument {}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site from content/ and templates/ into the output folder.")

    @Option(help: "The source tree (with playbook.yml, content/, templates/).")
    var source = "."
    @Option(name: [.customShort("o"), .long], help: "Where to write the site; replaced only when the build succeeds.")
    var output = "public"
    @Option(help: "internal (everything) or field (only what may reach customers and sales).")
    var edition: Edition = .internal
    @Flag(help: "Include pages marked `draft: true`.")
    var drafts = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false
    @Flag(name: .shortAndLong, help: "Also print warnings and every language's counts.")
    var verbose = false

    func run() throws {
        var options = BuildOptions(source: source, output: output)
        options.edition = edition
        options.includeDrafts = drafts
        do {
            let report = try Builder.build(options)
            if verbose { for w in report.warnings { Stderr.print(w.description) } }
            if !quiet {
                let counts = report.languages.map { "\($0.code) \($0.pages)" + ($0.fallbacks > 0 ? "+\($0.fallbacks) fallback" : "") }
                let warn = report.warnings.isEmpty || verbose ? "" : ", \(report.warnings.count) warnings (--verbose shows them)"
                print("built \(output) (\(edition.rawValue)): \(counts.joined(separator: ", ")) pages in \(String(format: "%.2f", report.seconds)) s\(warn)")
            }
        } catch let failure as BuildFailure {
            for e in failure.errors { Stderr.print(e.description) }
            Stderr.print("build failed: \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s"); \(output) was left as it was")
            throw ExitCode.failure
        }
    }
}

enum Stderr {
    static func print(_ text: String) {
        FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
    }
}
