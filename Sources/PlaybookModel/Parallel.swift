import Dispatch
import Foundation

// The pipeline's ways to use every core: an order-keeping map, the same that lets go of its
// input as it goes, and a pool for blocking I/O.

/// Runs `transform` over `items` on all cores, keeping order.
package func parallelMap<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
    var results = [R?](repeating: nil, count: items.count)
    results.withUnsafeMutableBufferPointer { out in
        let base = out.baseAddress!
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            (base + i).pointee = transform(items[i])
        }
    }
    return results.map { $0! }
}

/// `parallelMap` that empties `items` and lets go of each item once it is transformed (the
/// item's last reference, when the caller kept none).
package func parallelConsume<T, R>(_ items: inout [T], _ transform: (T) -> R) -> [R] {
    var slots = items.map(Optional.some)
    items = []
    var results = [R?](repeating: nil, count: slots.count)
    slots.withUnsafeMutableBufferPointer { input in
        results.withUnsafeMutableBufferPointer { out in
            let inBase = input.baseAddress!, outBase = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: input.count) { i in
                let item = (inBase + i).pointee.take()!
                (outBase + i).pointee = transform(item)
            }
        }
    }
    return results.map { $0! }
}

/// Runs `body` for 0..<count on `threads` threads (for blocking I/O, where
/// `concurrentPerform`'s one thread per core leaves the disk idle). POSIX threads, joined before
/// returning, so `body` needs no escaping.
package func ioParallel(_ count: Int, threads: Int = 16, _ body: (Int) -> Void) {
    final class Work: @unchecked Sendable {
        let count: Int
        let body: (Int) -> Void
        private var next = 0
        private let lock = NSLock()
        static let chunk = 16
        init(count: Int, body: @escaping (Int) -> Void) { self.count = count; self.body = body }

        func run() {
            while true {
                lock.lock()
                let start = next
                next += Self.chunk
                lock.unlock()
                if start >= count { return }
                for i in start..<min(start + Self.chunk, count) { body(i) }
            }
        }
    }
    withoutActuallyEscaping(body) { body in
        let work = Work(count: count, body: body)
        var ids: [pthread_t] = []
        for _ in 0..<min(threads, max(1, count / Work.chunk)) {
            var id = pthread_t()
            let context = Unmanaged.passRetained(work).toOpaque()
            let started = pthread_create(&id, nil, { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
            if started == 0 { ids.append(id) } else { Unmanaged<Work>.fromOpaque(context).release() }
        }
        work.run()  // this thread helps (and does everything if no thread could start)
        for id in ids { pthread_join(id, nil) }
    }
}

/// Values worked out once per key and shared by the threads of a stage (a site's pages repeat
/// their dates and their unknown front-matter keys). Two threads may both work out a missing
/// value; both get the same result, since `make` depends on the key only.
package final class SharedMemo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [Key: Value] = [:]

    package init() {}

    /// The value for `key`, from `make` the first time.
    package func value(for key: Key, _ make: (Key) -> Value) -> Value {
        lock.lock()
        if let found = made[key] { lock.unlock(); return found }
        lock.unlock()
        let value = make(key)
        lock.lock(); made[key] = value; lock.unlock()
        return value
    }
}
