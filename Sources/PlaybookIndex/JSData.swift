/// Writes data as JavaScript source that is safe to load with a `<script>` tag: every string is a
/// double-quoted literal with `"`, `\`, control characters, `<`, `>`, `&`, U+2028 and U+2029
/// escaped, so no page text can end the script, open a comment or break the literal.
package struct JSData {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    package mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    package mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    package mutating func int(_ n: Int) { bytes.append(contentsOf: String(n).utf8) }

    package mutating func string(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { buf in
            let n = buf.count
            var i = 0, run = 0  // bytes from `run` to `i` need no escape: copied in one piece
            while i < n {
                let b = buf[i]
                let skip: Int
                switch b {
                case 0x22, 0x5C, 0x0A, 0x3C, 0x3E, 0x26, 0x00..<0x20, 0x7F: skip = 1
                case 0xE2 where i + 2 < n && buf[i + 1] == 0x80 && (buf[i + 2] == 0xA8 || buf[i + 2] == 0xA9): skip = 3
                default: i += 1; continue
                }
                if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<i])) }
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0xE2: escape(buf[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                default: escape(UInt32(b))
                }
                i += skip
                run = i
            }
            if run < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<n])) }
        }
        bytes.append(0x22)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func escape(_ v: UInt32) {
        let hex = Self.hex
        bytes.append(contentsOf: [0x5C, 0x75])  // \u
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int((v >> UInt32(shift)) & 0xF)]) }
    }

    package mutating func strings(_ list: [String]) {
        bytes.append(0x5B)
        for (i, s) in list.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            string(s)
        }
        bytes.append(0x5D)
    }

    /// `PlaybookSearch.add("lang","kind",n,` … `);` around the data.
    package static func registration(lang: String, kind: String, number: Int, _ body: (inout JSData) -> Void) -> [UInt8] {
        var js = JSData()
        js.raw("PlaybookSearch.add(")
        js.string(lang); js.raw(","); js.string(kind); js.raw(","); js.int(number); js.raw(",")
        body(&js)
        js.raw(");\n")
        return js.bytes
    }
}

/// Numbers packed into a string, 6 bits per character from a URL-safe base-64 alphabet
/// (nothing that needs escaping in a JS string): varints use 5 bits of value and 1 of
/// continuation per character, low bits first.
package enum Base64Numbers {
    package static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    @inline(__always)
    package static func varint(_ value: Int, into out: inout [UInt8]) {
        var v = value
        while v >= 32 {
            out.append(alphabet[32 | (v & 31)])
            v >>= 5
        }
        out.append(alphabet[v])
    }

    @inline(__always)
    package static func digit(_ value: Int, into out: inout [UInt8]) { out.append(alphabet[value & 63]) }

    /// Postings, per document: one digit with the impact (1…31) and a flag for "the next
    /// document" (bit 5), then — without the flag — `varint(doc − previous − 2)`, then
    /// `varint(section)`. A dense list costs two characters per document.
    package static func postings(_ list: ArraySlice<Posting>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(list.count * 2)
        var previous: Int32 = -1
        for p in list {
            let gap = Int(p.doc - previous)
            if gap == 1 {
                digit(32 | Int(p.impact), into: &out)
            } else {
                digit(Int(p.impact), into: &out)
                varint(gap - 2, into: &out)
            }
            varint(Int(p.section), into: &out)
            previous = p.doc
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A sorted list of document ids as `varint(doc − previous − 1)`.
    package static func documents(_ list: [Int32]) -> String {
        var out: [UInt8] = []
        var previous: Int32 = -1
        for d in list {
            varint(Int(d - previous - 1), into: &out)
            previous = d
        }
        return String(decoding: out, as: UTF8.self)
    }
}
