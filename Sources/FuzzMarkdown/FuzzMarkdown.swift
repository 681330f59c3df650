// libFuzzer target: content file bytes → the Markdown → HTML page stage. Run with scripts/fuzz.
import PlaybookCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzEntryPoints.markdownPage(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
