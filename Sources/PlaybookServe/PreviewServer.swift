import Dispatch
import Foundation
import PlaybookCore

/// `playbook serve`: builds the site into memory, serves it over HTTP with live reload, and
/// rebuilds what a change affects when files under the source folder change.
public struct ServeOptions: Sendable {
    public var source = "."
    public var host = "127.0.0.1"
    public var port = 1313
    public var edition: Edition = .internal
    public var includeDrafts = false
    public var quiet = false
    public init() {}
}

public enum PreviewServer {
    /// Runs until the process is stopped. `log` receives one line per event.
    public static func run(_ options: ServeOptions, log: @escaping @Sendable (String) -> Void) throws -> Never {
        let start = DispatchTime.now()
        var build = BuildOptions(source: options.source, output: "")
        build.edition = options.edition
        build.includeDrafts = options.includeDrafts
        let builder = IncrementalBuilder(options: build)
        builder.deferSearch = true
        let store = SiteStore()
        // The builder is not thread-safe: rebuilds (the watcher's thread) and search commits
        // (the search worker's) take turns.
        let lock = NSLock()
        let search = SearchWorker { job in
            let started = DispatchTime.now()
            guard let result = job.run() else { return }
            lock.lock()
            defer { lock.unlock() }
            guard let changes = builder.commit(result) else { return }
            store.apply(changes, from: builder.outputs)
            if !options.quiet && !changes.isEmpty {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                log("search index \(job.languages.joined(separator: ", ")) in \(ms(seconds)): \(changes.written.count) changed, \(changes.removed.count) removed")
            }
        }
        // Watch before the first build, so that no save made while it runs is missed.
        let watcher = try Watcher(root: options.source)
        let server = HTTPServer(store: store)
        try server.bind(host: options.host, port: options.port)

        func rebuild(_ paths: [String]?) {
            search.cancel()
            lock.lock()
            defer {
                if let job = builder.searchJob() { search.start(job) }
                lock.unlock()
            }
            do {
                let changes = try paths.map { try builder.rebuild(changed: $0) } ?? builder.build()
                store.apply(changes, from: builder.outputs)
                if !options.quiet {
                    if paths == nil {
                        let counts = builder.languages.map { "\($0.code) \($0.pages)" + ($0.fallbacks > 0 ? "+\($0.fallbacks) fallback" : "") }
                        log("built \(counts.joined(separator: ", ")) pages in \(ms(changes.seconds)) (\(changes.warningCount) warnings)")
                    } else {
                        log("rebuilt in \(ms(changes.seconds)): \(changes.parsed) parsed, \(changes.rendered) rendered, \(changes.written.count) changed, \(changes.removed.count) removed")
                    }
                }
            } catch let failure as BuildFailure {
                store.fail(failure)
                for e in failure.errors { log(e.description) }
                log("build failed: still serving the last good site; fix the file and save again")
            } catch {
                let failure = BuildFailure([Diagnostic(file: options.source, "\(error)", rule: "build/failed")])
                store.fail(failure)
                log("build failed: \(error)")
            }
        }

        rebuild(nil)
        server.start()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let shownHost = options.host.contains(":") ? "[\(options.host)]" : options.host
        log("serving http://\(shownHost):\(server.port)/ (ready in \(ms(seconds)); watching content/, templates/, playbook.yml; Ctrl-C stops)")
        watcher.run { paths in rebuild(paths.contains("") ? [""] : paths) }
    }

    static func ms(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.0f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }
}
