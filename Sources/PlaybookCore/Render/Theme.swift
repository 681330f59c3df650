import Foundation
import Mustache
import TextFolding

/// The compiled theme: Mustache templates (parsed once per build), static assets, UI strings.
struct Theme: @unchecked Sendable {
    let library: MustacheLibrary
    /// Files under templates/assets/, copied to public/assets/.
    let assets: [(path: String, bytes: [UInt8])]
    /// Names of the templates ("page", "partials/head"), to choose one by content type.
    let names: Set<String>

    /// The escaper swift-mustache uses for `{{value}}`, registered under this name and selected
    /// by a pragma we put in front of every template (its own escaper looks up a dictionary per
    /// character, ≈110 ns each; this one scans bytes).
    static let contentTypeName = "PLAYBOOK_HTML"
    private static let registered: Void = {
        MustacheContentTypes.register(ByteHTMLContentType(), named: contentTypeName)
    }()

    static let requiredTemplates = ["page", "section", "home", "tags", "tag", "root"]

    init(files: [String: [UInt8]]) throws {
        _ = Self.registered
        var library = MustacheLibrary()
        var errors: [BuildError] = []
        var texts: [String: String] = [:]
        for path in files.keys.sorted() where path.hasSuffix(".mustache") {
            let name = String(path.dropLast(".mustache".count))
            let shown = "templates/" + path
            guard let text = String(validating: files[path]!, as: UTF8.self) else {
                errors.append(BuildError(file: shown, "not valid UTF-8; re-save the template as UTF-8"))
                continue
            }
            texts[name] = text
            do {
                // The pragma takes no line of its own, so parser line numbers stay the file's.
                let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: \(Self.contentTypeName)}}" + text)
                library.register(template, named: name)
            } catch let error as MustacheTemplate.ParserError {
                errors.append(BuildError(file: shown, line: error.context.lineNumber, "template syntax error: \(error.error) at column \(error.context.columnNumber): \(error.context.line.trimmingCharacters(in: .whitespaces))"))
            } catch {
                errors.append(BuildError(file: shown, "template error: \(error)"))
            }
        }
        for name in Self.requiredTemplates where texts[name] == nil {
            errors.append(BuildError(file: "templates/\(name).mustache", "template missing; restore it from the default theme"))
        }
        errors += Self.missingPartials(texts)
        if !errors.isEmpty { throw BuildFailure(errors) }
        self.library = library
        self.names = Set(texts.keys)
        self.assets = files.keys.sorted().filter { $0.hasPrefix("assets/") }.map { ($0, files[$0]!) }
    }

    /// `{{> name}}` and `{{< name}}` that name no template: swift-mustache would render them as
    /// nothing, silently.
    static func missingPartials(_ texts: [String: String]) -> [BuildError] {
        var errors: [BuildError] = []
        for name in texts.keys.sorted() {
            var line = 1
            for raw in texts[name]!.split(separator: "\n", omittingEmptySubsequences: false) {
                var rest = raw[...]
                while let open = rest.range(of: "{{") {
                    rest = rest[open.upperBound...]
                    guard let first = rest.first, first == ">" || first == "<" else { continue }
                    guard let close = rest.range(of: "}}") else { break }
                    let target = rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                    if !target.isEmpty && !target.hasPrefix("*") && texts[target] == nil {
                        errors.append(BuildError(file: "templates/\(name).mustache", line: line, "partial `\(target)` not found; create templates/\(target).mustache or fix the name"))
                    }
                    rest = rest[close.upperBound...]
                }
                line += 1
            }
        }
        return errors
    }

    func has(_ template: String) -> Bool { names.contains(template) }

    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }
}

struct ByteHTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLEscape.escape(text) }
}
