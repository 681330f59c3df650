import Foundation
import PlaybookIndex
import PlaybookModel

/// The search indexes of the languages whose pages changed, built from a snapshot of their
/// documents. Rebuilding a language's index takes most of a second at 10,000 pages, so
/// `playbook serve` sends the edited page to the browser first and runs this afterwards on
/// another thread (`IncrementalBuilder.deferSearch`); a newer edit cancels it and starts another.
/// `IncrementalBuilder.commit(_:)` takes the result only if no rebuild came in between.
public final class SearchJob: @unchecked Sendable {
    struct Input {
        let lang: String
        let documents: [SearchDocument]
        let labels: SearchLabels
    }

    public struct Result: Sendable {
        let generation: Int
        let files: [String: [String: [UInt8]]]
    }

    let generation: Int
    let inputs: [Input]
    private let lock = NSLock()
    private var stopped = false

    init(generation: Int, inputs: [Input]) {
        self.generation = generation
        self.inputs = inputs
    }

    public var languages: [String] { inputs.map(\.lang) }

    /// Asks a running `run()` to stop at its next check.
    public func cancel() { lock.lock(); stopped = true; lock.unlock() }

    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    /// Builds the indexes, one language after another (a background thread: the edits come
    /// first) or in parallel (nothing else to do); nil when cancelled.
    public func run(parallel: Bool = false) -> Result? {
        let one = { (input: Input) -> [String: [UInt8]]? in
            SearchStage.files(lang: input.lang, documents: input.documents, labels: input.labels, cancelled: { self.isCancelled })
                .map { Dictionary($0.map { ($0.path, $0.bytes) }, uniquingKeysWith: { _, b in b }) }
        }
        let built = parallel ? parallelMap(inputs, one) : inputs.map(one)
        var files: [String: [String: [UInt8]]] = [:]
        for (input, out) in zip(inputs, built) {
            guard let out else { return nil }
            files[input.lang] = out
        }
        return isCancelled ? nil : Result(generation: generation, files: files)
    }
}
