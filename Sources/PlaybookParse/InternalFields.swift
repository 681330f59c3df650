/// Internal-only front matter: the `internal:` mapping and every `internal_*` key. The field
/// edition drops them right after parsing, so no later stage (HTML, feeds, JSON, CSV, .eml,
/// search) can publish them by mistake.
extension FrontMatter {
    package static func isInternalField(_ key: String) -> Bool { key == "internal" || key.hasPrefix("internal_") }

    package mutating func dropInternalFields() {
        for key in fields.keys where Self.isInternalField(key) {
            fields[key] = nil
            lines[key] = nil
        }
    }
}
