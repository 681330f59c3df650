/// Splits a Markdown file into its YAML front matter and body.
///
/// Hand-written on bytes: the format is a line `---`, YAML, a line `---` (or `...`), and a
/// split must keep line numbers so errors point into the user's file.
public enum FrontMatterSplitter {
    public struct Parts: Equatable, Sendable {
        /// YAML text without the fences; nil when the file has no front matter.
        public var yaml: String?
        /// 1-based line of the file where the YAML text starts.
        public var yamlFirstLine: Int
        public var body: String
        /// 1-based line of the file where the body starts.
        public var bodyFirstLine: Int
    }

    public enum SplitError: Error, Equatable {
        /// The opening `---` has no closing line; `line` is the opening fence's line.
        case unclosed(line: Int)
    }

    /// `text` must already be normalized: no BOM, LF line endings (see SourceText).
    public static func split(_ text: String) throws -> Parts {
        let bytes = Array(text.utf8)
        guard startsWithFence(bytes, at: 0) else {
            return Parts(yaml: nil, yamlFirstLine: 1, body: text, bodyFirstLine: 1)
        }
        var lineStart = lineEnd(bytes, from: 0) + 1
        let yamlStart = lineStart
        var line = 2
        while lineStart < bytes.count {
            let end = lineEnd(bytes, from: lineStart)
            if isClosingFence(bytes[lineStart..<end]) {
                let yaml = String(decoding: bytes[yamlStart..<lineStart], as: UTF8.self)
                let bodyStart = min(end + 1, bytes.count)
                let body = String(decoding: bytes[bodyStart...], as: UTF8.self)
                return Parts(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: line + 1)
            }
            lineStart = end + 1
            line += 1
        }
        throw SplitError.unclosed(line: 1)
    }

    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        return i
    }

    /// `---` alone on the first line (trailing spaces allowed).
    private static func startsWithFence(_ bytes: [UInt8], at start: Int) -> Bool {
        let end = lineEnd(bytes, from: start)
        guard end - start >= 3, bytes[start] == 0x2D, bytes[start + 1] == 0x2D, bytes[start + 2] == 0x2D else { return false }
        return bytes[(start + 3)..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    private static func isClosingFence(_ line: ArraySlice<UInt8>) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        return trimmed.elementsEqual("---".utf8) || trimmed.elementsEqual("...".utf8)
    }
}
