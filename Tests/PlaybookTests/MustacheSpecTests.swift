import Foundation
import Testing
@testable import Templates

/// The Mustache spec's own tests (https://github.com/mustache/spec, MIT; JSON files vendored in
/// `MustacheSpec/`): every test of the required modules and of `~inheritance` must pass, and every
/// template of `~dynamic-names` must be refused (dynamic names are not supported). Lambdas are not
/// vendored: the build never gives templates functions, so there is nothing to call.
@Suite struct MustacheSpecTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MustacheSpec")
    static let modules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance"]

    struct SpecFile: Decodable { let tests: [SpecTest] }
    struct SpecTest: Decodable {
        let name: String
        let data: JSONValue
        let template: String
        let partials: [String: String]?
        let expected: String
    }

    /// JSON as the spec writes it; numbers become the text a theme would be given.
    enum JSONValue: Decodable {
        case value(TemplateValue)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .value(.null) }
            else if let b = try? c.decode(Bool.self) { self = .value(.bool(b)) }
            else if let i = try? c.decode(Int.self) { self = .value(.int(i)) }
            else if let d = try? c.decode(Double.self) { self = .value(.string(String(d))) }
            else if let s = try? c.decode(String.self) { self = .value(.string(s)) }
            else if let a = try? c.decode([JSONValue].self) { self = .value(.list(a.map(\.templateValue))) }
            else { self = .value(.map(TemplateValue.keyed(try c.decode([String: JSONValue].self).mapValues(\.templateValue)))) }
        }
        var templateValue: TemplateValue { if case .value(let v) = self { return v }; return .null }
    }

    static func tests(_ module: String) throws -> [SpecTest] {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(module).json"))
        return try JSONDecoder().decode(SpecFile.self, from: data).tests
    }

    static let cases: [String] = modules.flatMap { module in
        ((try? tests(module)) ?? []).map { "\(module): \($0.name)" }
    }

    @Test func everyModuleIsThere() throws {
        let counts = try Self.modules.map { try Self.tests($0).count }
        #expect(counts == [12, 14, 42, 22, 12, 34, 27])
    }

    @Test(arguments: cases) func spec(_ id: String) throws {
        let module = String(id.prefix(while: { $0 != ":" }))
        let name = String(id.dropFirst(module.count + 2))
        let test = try #require(try Self.tests(module).first { $0.name == name })
        var library = TemplateLibrary()
        try library.register(test.template, named: "(template)")
        for (partial, text) in test.partials ?? [:] { try library.register(text, named: partial) }
        #expect(library.render("(template)", test.data.templateValue) == test.expected, "\(test.template.debugDescription)")
    }

    @Test func dynamicNamesAreTemplateErrors() throws {
        let tests = try Self.tests("~dynamic-names")
        #expect(tests.count == 21)
        var refused = 0
        for test in tests where test.template.contains("{{>*") || test.template.contains("{{<*") || test.template.contains("{{> *") {
            var library = TemplateLibrary()
            #expect(throws: TemplateError.self, "\(test.name)") { try library.register(test.template, named: "t") }
            refused += 1
        }
        #expect(refused == tests.count)
    }
}
