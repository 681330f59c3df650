#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PlaybookCore

/// Runs search jobs (see `SearchJob`) one at a time on a thread of its own, at a lower priority
/// than the rebuilds: the edited page reaches the browser first, the search index follows. A
/// newer job replaces a waiting one; `cancel()` stops the running one at its next check.
final class SearchWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: SearchJob?
    private var running: SearchJob?

    /// `finish` runs on the worker's thread with each job not cancelled before it started.
    init(_ finish: @escaping @Sendable (SearchJob) -> Void) {
        let thread = Thread { [self] in
            // Nice 10 (on Linux, who = 0 is this thread only): a rebuild (on the watcher's
            // thread) gets the cores when both want them.
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            while true {
                condition.lock()
                while waiting == nil { condition.wait() }
                let job = waiting!
                waiting = nil
                running = job
                condition.unlock()
                if !job.isCancelled { finish(job) }
                condition.lock()
                running = nil
                condition.unlock()
            }
        }
        thread.name = "search index"
        thread.start()
    }

    func start(_ job: SearchJob) {
        condition.lock()
        waiting?.cancel()
        waiting = job
        condition.signal()
        condition.unlock()
    }

    /// Stops the running job and drops the waiting one (a rebuild is about to start).
    func cancel() {
        condition.lock()
        running?.cancel()
        waiting?.cancel()
        waiting = nil
        condition.unlock()
    }
}
