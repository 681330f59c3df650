import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookServe

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site on 127.0.0.1 with live reload; rebuilds only what a change affects.")

    @OptionGroup var site: SiteArguments
    @Option(help: "Port to listen on (0: any free port).")
    var port = 1313
    @Option(help: "Address to listen on; 127.0.0.1 keeps the preview on this machine.")
    var host = "127.0.0.1"
    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        var options = ServeOptions()
        options.source = site.source
        options.port = port
        options.host = host
        options.edition = site.edition
        options.includeDrafts = site.drafts
        options.quiet = quiet
        setvbuf(stdout, nil, _IOLBF, 0)
        do {
            try PreviewServer.run(options) { line in print(line) }
        } catch {
            Stderr.print("\(error)")
            throw ExitCode.failure
        }
    }
}
