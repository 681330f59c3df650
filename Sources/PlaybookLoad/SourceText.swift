import TextFolding

/// Turns a file's bytes into the text every later stage works on.
package enum SourceText {
    package enum Problem: Error, Equatable {
        case invalidUTF8(line: Int)
        case nulByte(line: Int)
    }

    /// Validates UTF-8, rejects NUL bytes, drops a UTF-8 byte-order mark and turns CRLF / CR
    /// line endings into LF, so files saved by any editor build the same.
    package static func decode(_ bytes: [UInt8]) throws -> String {
        let start = byteOrderMarkLength(bytes)
        let slice = bytes[start...]
        // memchr for the two bytes that are rare (every file is decoded twice per build).
        let (nul, cr) = bytes.withUnsafeBufferPointer { b in
            (ByteSearch.firstIndex(of: 0, in: b, from: start), ByteSearch.firstIndex(of: 0x0D, in: b, from: start))
        }
        if let nul {
            throw Problem.nulByte(line: lineNumber(bytes, at: nul))
        }
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw Problem.invalidUTF8(line: firstInvalidLine(bytes, from: start))
        }
        guard cr != nil else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = slice.startIndex
        while i < slice.endIndex {
            let b = slice[i]
            if b == 0x0D {
                out.append(0x0A)
                if i + 1 < slice.endIndex && slice[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `decode` returns the bytes unchanged (no byte-order mark, no CR).
    package static func isNormalized(_ bytes: [UInt8]) -> Bool {
        byteOrderMarkLength(bytes) == 0 && bytes.withUnsafeBufferPointer { ByteSearch.firstIndex(of: 0x0D, in: $0) == nil }
    }

    private static func byteOrderMarkLength(_ bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    package static func lineNumber(_ bytes: [UInt8], at index: Int) -> Int {
        1 + bytes[..<index].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The line of the first byte sequence that is not UTF-8 (decoding line by line).
    private static func firstInvalidLine(_ bytes: [UInt8], from start: Int) -> Int {
        var line = 1
        var lineStart = start
        for i in start...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            if String(validating: bytes[lineStart..<i], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = i + 1
        }
        return line
    }
}
