import Foundation
import PlaybookLoad
import PlaybookModel

/// Files written all-or-nothing: each new text goes to a temporary file beside its target
/// first; only when every one is written are they renamed into place (rename is atomic per
/// file and does not fail for lack of space). A failure before that removes the temporary
/// files and leaves every target as it was.
struct FileBatch {
    private(set) var files: [(path: String, text: String)] = []

    mutating func add(_ path: String, _ text: String) { files.append((path, text)) }

    /// Throws BuildFailure naming the file that could not be written; nothing changed then.
    func commit() throws {
        var temporaries: [(temp: String, path: String)] = []
        do {
            for (path, text) in files {
                let dir = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let temp = dir + "/.playbook-" + UUID().uuidString + ".tmp"
                temporaries.append((temp, path))
                try FileSystem.write(text, to: temp)
            }
        } catch {
            for t in temporaries { unlink(t.temp) }
            throw BuildFailure([Diagnostic(file: temporaries.last?.path ?? "content", "could not be written (\(error)); no file was changed", rule: "content/unwritable")])
        }
        for t in temporaries where rename(t.temp, t.path) != 0 {
            let reason = String(cString: strerror(errno))
            for u in temporaries { unlink(u.temp) }
            throw BuildFailure([Diagnostic(file: t.path, "could not be replaced (\(reason))", rule: "content/unwritable")])
        }
    }
}

/// Sets keys of a file's YAML front matter line by line, keeping every other line as it was
/// (comments, order, quoting). A key's old value, continuation lines included, is replaced in
/// place; a new key goes before the closing `---`. A file without front matter gets some.
enum FrontMatterEdit {
    /// `values`: key → the YAML text after `key: ` (already quoted as needed).
    static func set(_ values: [(key: String, yaml: String)], in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              var close = lines.dropFirst().firstIndex(where: { ["---", "..."].contains($0.trimmingCharacters(in: .whitespaces)) }) else {
            return (["---"] + values.map { "\($0.key): \($0.yaml)" } + ["---"]).joined(separator: "\n") + "\n" + text
        }
        for (key, yaml) in values {
            let line = "\(key): \(yaml)"
            if let i = lines[1..<close].firstIndex(where: { $0.hasPrefix(key + ":") }) {
                var end = i + 1
                while end < close, let first = lines[end].first, first == " " || first == "\t" { end += 1 }
                lines.replaceSubrange(i..<end, with: [line])
                close -= end - i - 1
            } else {
                lines.insert(line, at: close)
                close += 1
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A YAML double-quoted string (JSON's escapes are YAML's).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
