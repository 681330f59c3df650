import Yams

enum YAMLErrors {
    /// Turns a Yams error into a BuildError with the line in the user's file.
    /// `lineOffset` is the number of lines before the YAML text in that file.
    static func describe(_ error: Error, file: String, lineOffset: Int, yamlLines: Int = Int.max) -> BuildError {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                // libyaml often notices a problem only where the broken construct ends (an
                // unclosed `[` at the end of the text); its context points to where it began.
                // Where libyaml gave up is the right line, unless that is the end of the text
                // (an unclosed `[`): then where the broken construct began is more useful.
                guard let context, mark.line > yamlLines else {
                    return BuildError(file: file, line: mark.line + lineOffset, "invalid YAML: \(problem) (column \(mark.column)); check quoting and indentation")
                }
                return BuildError(file: file, line: context.mark.line + lineOffset, "invalid YAML: \(problem) \(context.text) that starts here (column \(context.mark.column)) and is never finished; check brackets, quotes and indentation")
            case .reader(let problem, _, _, _):
                return BuildError(file: file, line: lineOffset + 1, "unreadable YAML: \(problem); save the file as UTF-8")
            default:
                return BuildError(file: file, line: lineOffset + 1, "invalid YAML: \(yamlError)")
            }
        }
        return BuildError(file: file, line: lineOffset + 1, "invalid YAML: \(error)")
    }
}
