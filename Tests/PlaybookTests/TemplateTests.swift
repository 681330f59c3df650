import Testing
@testable import Templates

@Suite struct TemplateTests {
    func render(_ templates: [String: String], _ name: String, _ value: [String: Any]) throws -> String {
        var lib = TemplateLibrary()
        for (n, t) in templates { try lib.register(t, named: n) }
        return lib.render(name, TemplateValue(value))
    }

    @Test func variablesEscapeUnlessTripleOrAmpersand() throws {
        let out = try render(["t": "{{a}}|{{{a}}}|{{&a}}|{{missing}}|{{n}}"], "t", ["a": "<b class=\"x\">&'", "n": 3])
        #expect(out == "&lt;b class=&quot;x&quot;&gt;&amp;&#39;|<b class=\"x\">&'|<b class=\"x\">&'||3")
    }

    @Test func sectionsListsInvertedAndDottedNames() throws {
        let t = "{{#items}}[{{name}}:{{site.title}}]{{/items}}{{^items}}none{{/items}}{{#flag}}yes{{/flag}}{{#empty}}no{{/empty}}{{#zero}}no{{/zero}}{{#obj}}{{k}}{{/obj}}{{#tags}}<{{.}}>{{/tags}}"
        let out = try render(["t": t], "t", [
            "items": [["name": "a"], ["name": "b"]], "site": ["title": "S"], "flag": true, "empty": "", "zero": 0,
            "obj": ["k": "v"], "tags": ["x", "y"],
        ])
        #expect(out == "[a:S][b:S]yesv<x><y>")
        #expect(try render(["t": t], "t", ["items": [[String: Any]]()]) == "none")
    }

    @Test func standaloneTagsTakeTheirLine() throws {
        let out = try render(["t": "a\n  {{#f}}\nb\n  {{/f}}\n{{! note }}\nc\n"], "t", ["f": true])
        #expect(out == "a\nb\nc\n")
    }

    @Test func partialsAndInheritance() throws {
        let templates = [
            "base": "<h>{{$title}}Default{{/title}}</h>{{$body}}{{/body}}{{> foot}}",
            "foot": "<f>{{site}}</f>",
            "page": "{{<base}}{{$title}}{{name}}{{/title}}{{$body}}<p>{{name}}</p>{{/body}}{{/base}}",
            "plain": "{{<base}}{{/base}}",
        ]
        #expect(try render(templates, "page", ["name": "N", "site": "S"]) == "<h>N</h><p>N</p><f>S</f>")
        #expect(try render(templates, "plain", ["site": "S"]) == "<h>Default</h><f>S</f>")
    }

    @Test func errorsHaveLineAndColumn() {
        var lib = TemplateLibrary()
        #expect(throws: TemplateError(template: "t", line: 3, column: 1, message: "`{{/b}}` closes `a`, opened on line 2; close it with `{{/a}}`")) {
            try lib.register("x\n{{#a}}\n{{/b}}\n", named: "t")
        }
        #expect(throws: TemplateError.self) { try lib.register("{{#a}}", named: "u") }
        #expect(throws: TemplateError.self) { try lib.register("{{a", named: "v") }
        try? lib.register("{{> nope}}{{<gone}}{{/gone}}", named: "w")
        #expect(lib.missingReferences().map(\.missing) == ["nope", "gone"])
    }
}
