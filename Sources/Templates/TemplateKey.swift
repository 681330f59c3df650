/// A name in a template map (`title`, `url`, `t`), with its hash computed once.
///
/// Rendering looks names up through the context stack, a dictionary access per frame; with
/// `String` keys every access hashed the name again (SipHash), and
/// so did every insertion while a page's context was built. Here the hash is made when the key
/// is (FNV-1a over the UTF-8 bytes, then the 64-bit finalizer of MurmurHash3 so that the low bits
/// a hash table masks are well mixed), and the template parser makes its keys once per template.
public struct TemplateKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    private let hash: Int

    public init(_ name: String) {
        self.name = name
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        // Over contiguous bytes: iterating the `utf8` view of a small string is far slower.
        var bytes = name
        bytes.withUTF8 { for byte in $0 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 } }
        h ^= h >> 33; h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33; h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        hash = Int(truncatingIfNeeded: h)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { name }

    public static func == (a: TemplateKey, b: TemplateKey) -> Bool { a.hash == b.hash && a.name == b.name }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// What `Dictionary` and `Set` ask for: the stored hash with the table's seed mixed in, no
    /// `Hasher` (the standard library's own hook; `String` implements it the same way).
    public func _rawHashValue(seed: Int) -> Int { hash ^ seed }
}
