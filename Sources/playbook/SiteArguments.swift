import ArgumentParser
import PlaybookCore

/// The arguments every command that reads a whole source tree shares.
struct SiteArguments: ParsableArguments {
    @Option(help: "The source tree (with playbook.yml, content/, templates/).")
    var source = "."
    @Option(help: "internal (everything) or field (only what may reach customers and sales).")
    var edition: Edition = .internal
    @Flag(help: "Include pages marked `draft: true`.")
    var drafts = false
}
