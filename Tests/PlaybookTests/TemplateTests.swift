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

    /// What reached themes before the spec was followed: an indented partial re-indented the
    /// lines of the data it printed (a `<pre>` in `{{{content}}}`), `{{=<% %>=}}` was refused,
    /// and standalone parent/block tags left blank lines.
    @Test func indentationIsForTemplateLinesNeverData() throws {
        let templates = [
            "page": "<main>\n  {{>body}}\n</main>\n",
            "body": "<div>\n{{{content}}}\n</div>\n",
        ]
        #expect(try render(templates, "page", ["content": "<pre>a\n  b\nc</pre>"]) == "<main>\n  <div>\n  <pre>a\n  b\nc</pre>\n  </div>\n</main>\n")
        #expect(try render(["t": "{{=<% %>=}}{{literal}} <% name %>"], "t", ["name": "x"]) == "{{literal}} x")
        let layout = ["base": "<body>\n  {{$main}}\n  {{/main}}\n</body>\n", "page": "{{<base}}\n{{$main}}\n<p>one</p>\n<p>two</p>\n{{/main}}\n{{/base}}\n"]
        #expect(try render(layout, "page", [:]) == "<body>\n  <p>one</p>\n  <p>two</p>\n</body>\n")
    }

    @Test func dynamicNamesAreAnErrorWithALine() {
        var lib = TemplateLibrary()
        #expect(throws: TemplateError(template: "t", line: 2, column: 1, message: "dynamic names (`*name`) are not supported; name the template")) {
            try lib.register("x\n{{>*name}}\n", named: "t")
        }
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
