import Foundation
import PlaybookCore

/// The site being served: the last good build's files in memory, the current build error (if
/// any), and the events open pages listen to. Readers (connection threads) and the writer
/// (the rebuild thread) meet under one lock; a rebuild's changes are applied all at once.
final class SiteStore: @unchecked Sendable {
    struct File {
        let bytes: [UInt8]
        /// Rebuild generation that last changed the file: with the server's instance id, the ETag.
        let generation: Int
        /// Seconds since 1970 of that rebuild.
        let modified: Int
    }

    struct Event {
        let generation: Int
        let name: String
        let data: String
    }

    /// Random per process, so ETags of two server runs never collide.
    let instance = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private let lock = NSCondition()
    private var files: [String: File] = [:]
    private var _generation = 0
    var generation: Int {
        lock.lock(); defer { lock.unlock() }
        return _generation
    }
    private var errors: [Diagnostic] = []
    private var events: [Event] = []

    func file(_ path: String) -> File? {
        lock.lock(); defer { lock.unlock() }
        return files[path]
    }

    var currentErrors: [Diagnostic] {
        lock.lock(); defer { lock.unlock() }
        return errors
    }

    /// Applies a successful build: the changed files, and a `reload` event naming them.
    func apply(_ changes: IncrementalBuilder.Changes, from outputs: [String: [UInt8]]) {
        lock.lock()
        let hadErrors = !errors.isEmpty
        errors = []
        _generation += 1
        let generation = _generation
        let now = Int(Date().timeIntervalSince1970)
        for path in changes.written { if let bytes = outputs[path] { files[path] = File(bytes: bytes, generation: generation, modified: now) } }
        for path in changes.removed { files.removeValue(forKey: path) }
        if !changes.isEmpty || hadErrors {
            let all = changes.written + changes.removed
            let shown = all.count > 200 ? [] : all
            // Only the search index (it follows the pages, see SearchWorker): open pages that
            // loaded none of it need not reload, however many files changed.
            let search = !all.isEmpty && all.allSatisfy { $0.hasPrefix("search/") }
            let payload: [String: Any] = ["generation": generation, "changed": shown, "all": shown.isEmpty && !changes.isEmpty && !search,
                                          "search": search, "recovered": hadErrors]
            post(Event(generation: generation, name: "reload", data: Self.json(payload)))
        }
        lock.unlock()
    }

    /// A failed build: keep serving the last good files, tell open pages what is wrong.
    func fail(_ failure: BuildFailure) {
        lock.lock()
        errors = failure.errors
        _generation += 1
        post(Event(generation: _generation, name: "error", data: Self.errorJSON(failure.errors)))
        lock.unlock()
    }

    private func post(_ event: Event) {
        events.append(event)
        if events.count > 64 { events.removeFirst(events.count - 64) }
        lock.broadcast()
    }

    /// Waits until an event newer than `after` exists (or `timeout` passes); returns them.
    func events(after: Int, timeout: TimeInterval) -> [Event] {
        lock.lock(); defer { lock.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while (events.last?.generation ?? 0) <= after {
            if !lock.wait(until: deadline) { return [] }
        }
        return events.filter { $0.generation > after }
    }

    /// Wakes every waiting event stream (used when the server stops).
    func wakeAll() { lock.lock(); lock.broadcast(); lock.unlock() }

    static func errorJSON(_ errors: [Diagnostic]) -> String {
        json(["errors": errors.map { e -> [String: Any] in
            var d: [String: Any] = ["file": e.file, "message": e.message, "severity": e.severity.rawValue, "text": e.description]
            if let line = e.line { d["line"] = line }
            return d
        }])
    }

    static func json(_ object: Any) -> String {
        JSData.Value(object).map { JSData.text($0) } ?? "{}"
    }
}
