// libFuzzer target: text → the search index stage (tokenizer, stemmers, index, shards). Run with scripts/fuzz.
import PlaybookCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzEntryPoints.searchIndex(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
