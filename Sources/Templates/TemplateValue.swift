/// The data a template sees. A closed set of cases instead of `Any`: looking a name up is a
/// dictionary access and a switch, never a dynamic cast (the cost that dominated
/// swift-mustache's rendering in our profiles).
public enum TemplateValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case list([TemplateValue])
    case map([TemplateKey: TemplateValue])
    /// No value (JSON's null): renders as nothing and is false.
    case null

    /// Mustache truthiness, with the common extension that "" and 0 are false too (so
    /// `{{#summary}}…{{/summary}}` hides an empty summary).
    var isTruthy: Bool {
        switch self {
        case .string(let s): return !s.isEmpty
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .list(let l): return !l.isEmpty
        case .map: return true
        case .null: return false
        }
    }

    public subscript(key: String) -> TemplateValue? {
        if case .map(let m) = self { return m[TemplateKey(key)] }
        return nil
    }
}

extension TemplateValue {
    /// Converts dictionaries and arrays of strings, numbers and booleans built as `Any`.
    /// Anything else is rendered by its description.
    public init(_ any: Any) {
        switch any {
        case let v as TemplateValue: self = v
        case let s as String: self = .string(s)
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .int(i)
        case let d as [String: Any]: self = .map(Self.keyed(d.mapValues(TemplateValue.init)))
        case let d as [String: String]: self = .map(Self.keyed(d.mapValues { .string($0) }))
        case let a as [[String: Any]]: self = .list(a.map { .map(Self.keyed($0.mapValues(TemplateValue.init))) })
        case let a as [Any]: self = .list(a.map(TemplateValue.init))
        case let s as Substring: self = .string(String(s))
        case Optional<Any>.none: self = .null
        default: self = .string(String(describing: any))
        }
    }
}

/// Literals, so contexts are written as plain dictionary literals of typed values.
extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (TemplateKey, TemplateValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension TemplateValue {
    /// A list of maps (the usual shape of a template's lists).
    public static func maps(_ items: [[TemplateKey: TemplateValue]]) -> TemplateValue { .list(items.map(TemplateValue.map)) }

    /// A map keyed by plain strings, as a template map.
    public static func keyed(_ map: [String: TemplateValue]) -> [TemplateKey: TemplateValue] {
        Dictionary(uniqueKeysWithValues: map.map { (TemplateKey($0.key), $0.value) })
    }
}
