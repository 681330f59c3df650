import Foundation
import PlaybookModel
import Templates
import TextFolding

/// The compiled theme: Mustache templates (parsed once per build), static assets.
package struct Theme: Sendable {
    package let library: TemplateLibrary
    /// Files under templates/assets/, copied to public/assets/.
    package let assets: [(path: String, bytes: [UInt8])]
    /// Names of the templates ("page", "partials/head"), to choose one by content type.
    package let names: Set<String>

    package static let requiredTemplates = ["page", "section", "home", "tags", "tag", "root", "translations"]

    package init(files: [String: [UInt8]]) throws {
        var library = TemplateLibrary()
        var errors: [Diagnostic] = []
        var texts: [String: String] = [:]
        for path in files.keys.sorted() where path.hasSuffix(".mustache") {
            let name = String(path.dropLast(".mustache".count))
            let shown = "templates/" + path
            guard let text = String(validating: files[path]!, as: UTF8.self) else {
                errors.append(Diagnostic(file: shown, "not valid UTF-8; re-save the template as UTF-8", rule: "theme/encoding"))
                continue
            }
            texts[name] = text
            do {
                try library.register(text, named: name)
            } catch let error as TemplateError {
                errors.append(Diagnostic(file: shown, line: error.line, "template syntax error at column \(error.column): \(error.message)", rule: "theme/syntax"))
            } catch {
                errors.append(Diagnostic(file: shown, "template error: \(error)", rule: "theme/syntax"))
            }
        }
        for name in Self.requiredTemplates where texts[name] == nil {
            errors.append(Diagnostic(file: "templates/\(name).mustache", "template missing; restore it from the default theme", rule: "theme/missing-template"))
        }
        for ref in library.missingReferences() where texts[ref.missing] == nil {
            errors.append(Diagnostic(file: "templates/\(ref.template).mustache", line: ref.line, "partial `\(ref.missing)` not found; create templates/\(ref.missing).mustache or fix the name", rule: "theme/missing-partial"))
        }
        if !errors.isEmpty { throw BuildFailure(errors) }
        self.library = library
        self.names = Set(texts.keys)
        self.assets = files.keys.sorted().filter { $0.hasPrefix("assets/") }.map { ($0, files[$0]!) }
    }

    package func has(_ template: String) -> Bool { names.contains(template) }

    package func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(template, TemplateValue(context))
    }

    package func render(_ template: String, _ context: [TemplateKey: TemplateValue]) -> [UInt8] {
        library.renderBytes(template, .map(context))
    }

}
