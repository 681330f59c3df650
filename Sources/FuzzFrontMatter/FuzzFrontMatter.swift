// libFuzzer target: content file bytes → front matter. Build and run with scripts/fuzz.
import PlaybookCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzEntryPoints.frontMatter(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
