import PlaybookModel

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
