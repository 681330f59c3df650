/// The one JSON writer of the package, on bytes: the search index's data, the summary table's
/// JSON, `check --format json`, `translations --format json` and serve's error JSON. Its output
/// is JSON and also JavaScript source that is safe to load with a `<script>` tag or embed in a
/// page: every string is a double-quoted literal with `"`, `\`, control characters, `<`, `>`,
/// `&`, U+2028 and U+2029 escaped, so no text can end the script, open a comment or break the
/// literal.
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

    /// `s` as a JSON string literal (what `string(_:)` appends), for JSON built as text.
    package static func quote(_ s: String) -> String {
        var js = JSData(capacity: s.utf8.count + 2)
        js.string(s)
        return String(decoding: js.bytes, as: UTF8.self)
    }

    /// A JSON value for `value(_:pretty:)`; an object's members are written in the order given.
    package indirect enum Value {
        case string(String), int(Int), bool(Bool), array([Value]), object([(String, Value)])

        /// A value built from strings, integers, booleans, arrays and `[String: Any]`
        /// dictionaries (their keys sorted); nil for anything else.
        package init?(_ any: Any) {
            switch any {
            case let s as String: self = .string(s)
            case let b as Bool: self = .bool(b)
            case let n as Int: self = .int(n)
            case let n as any BinaryInteger: self = .int(Int(n))
            case let list as [Any]:
                var items: [Value] = []
                for item in list { guard let v = Value(item) else { return nil }; items.append(v) }
                self = .array(items)
            case let map as [String: Any]:
                var members: [(String, Value)] = []
                for key in map.keys.sorted() { guard let v = Value(map[key]!) else { return nil }; members.append((key, v)) }
                self = .object(members)
            default: return nil
            }
        }
    }

    /// `value` as JSON text (see `value(_:pretty:indent:)`).
    package static func text(_ value: Value, pretty: Bool = false) -> String {
        var js = JSData()
        js.value(value, pretty: pretty)
        return String(decoding: js.bytes, as: UTF8.self)
    }

    /// Appends `v`: compact, or `pretty` with one member or element per line, two-space
    /// indents, `"key": value`, and `[]` / `{}` when empty.
    package mutating func value(_ v: Value, pretty: Bool = false, indent: Int = 0) {
        func newline(_ level: Int) {
            guard pretty else { return }
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: 2 * level))
        }
        switch v {
        case .string(let s): string(s)
        case .int(let n): int(n)
        case .bool(let b): b ? raw("true") : raw("false")
        case .array(let items):
            raw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { raw(",") }
                newline(indent + 1)
                value(item, pretty: pretty, indent: indent + 1)
            }
            if !items.isEmpty { newline(indent) }
            raw("]")
        case .object(let members):
            raw("{")
            for (i, (key, item)) in members.enumerated() {
                if i > 0 { raw(",") }
                newline(indent + 1)
                string(key)
                pretty ? raw(": ") : raw(":")
                value(item, pretty: pretty, indent: indent + 1)
            }
            if !members.isEmpty { newline(indent) }
            raw("}")
        }
    }
}
