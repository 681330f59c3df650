import Foundation
import PlaybookModel

/// A Markdown file under `content/<lang>/`.
public struct ContentFile: Sendable {
    /// Path relative to `content/`, NFC-normalized, e.g. "en/playbook/01-own-the-problem.md".
    public let path: String
    public let lang: String
    public let bytes: [UInt8]
    /// True when the name on disk is not `path` (not NFC): such a file cannot be read again by
    /// `path`, so the full build keeps its bytes for the checks' line numbers.
    public var renamedOnDisk = false
    /// The path below content/ on disk (NFC) when it is not `path` (a translation named by
    /// file: "en/about.nl.md" is "nl/about.md").
    public var diskPath: String?
}

/// Larger Markdown files are refused: nobody reads a 16 MB page, and one would dominate the
/// build's memory. Such a file is almost always generated output dropped in by mistake.
package let maxPageBytes = 16_000_000

/// Everything a build reads, loaded into memory: the first stage of the pipeline.
public struct SourceTree: Sendable {
    public let root: String
    public let config: SiteConfig
    public package(set) var content: [ContentFile]
    /// Other files under `content/<lang>/` (images, PDFs), copied as they are; paths relative to content/.
    public let contentAssets: [String]
    /// Theme files by path relative to templates/: the built-in theme, overridden file by
    /// file by the source tree's own `templates/`.
    public let theme: [String: [UInt8]]
    /// Warnings from loading: playbook.yml's own, files skipped for their names.
    public package(set) var warnings: [Diagnostic] = []

    public var contentRoot: String { root + "/content" }
}

extension SourceTree {
    /// Reads `playbook.yml`, `content/` and `templates/` below `root`.
    public static func load(root: String, configFile: String = "playbook.yml") throws -> SourceTree {
        var errors: [Diagnostic] = []
        let configPath = root + "/" + configFile
        var config = SiteConfig()
        if FileSystem.exists(configPath) {
            let bytes = try readOrFail(configPath, shown: configFile)
            let text = try decodeOrFail(bytes, shown: configFile)
            config = try SiteConfig.parse(yaml: text, file: configFile)
        }
        let contentRoot = root + "/content"
        guard FileSystem.isDirectory(contentRoot) else {
            throw BuildFailure([Diagnostic(file: "content/", "no content folder in \(root); create content/<language>/_index.md (for example content/en/_index.md)", rule: "content/missing")])
        }
        var markdown: [(path: String, lang: String)] = []
        var assets: [String] = []
        let languages = Set(config.languages.map(\.code))
        let admission = SourceAdmission(root: root, languages: languages)
        for entry in try FileSystem.list(contentRoot) {
            if SourceAdmission.ignored(entry.name) {
                if let w = SourceAdmission.skipped(entry.name, at: entry.name) { errors.append(w) }
                continue
            }
            guard entry.isDirectory else { continue }  // notes for translators (GLOSSARY.md) live here
            guard languages.contains(entry.name) else {
                errors.append(Diagnostic(file: "content/\(entry.name)/", "folder `\(entry.name)` is not a language of this site (\(config.languages.map(\.code).joined(separator: ", "))); add it under `languages:` in \(configFile) or move it out of content/", rule: "content/unknown-language"))
                continue
            }
            var seen: Set<String> = []
            walk(admission, relative: entry.name, lang: entry.name, seen: &seen, markdown: &markdown, assets: &assets, errors: &errors)
        }
        // Read in parallel, with more threads than cores: a file not in the page cache (or a
        // disk busy writing back a just-deleted output) leaves its thread waiting on the disk,
        // and only many reads in flight keep it busy. 40,000 files on ext4, 2 threads → 16:
        // 3.0 → 1.4 s from a cold cache, 0.79 → 0.63 s from a warm one.
        var pages = [SourceAdmission.Page?](repeating: nil, count: markdown.count)
        pages.withUnsafeMutableBufferPointer { out in
            ioParallel(markdown.count) { i in out[i] = admission.page(markdown[i].path, lang: markdown[i].lang) }
        }
        errors += assets.compactMap(admission.assetProblem)
        var files: [ContentFile] = []
        files.reserveCapacity(pages.count)
        for page in pages {
            switch page {
            case .file(let file): files.append(file)
            case .refused(let error): errors.append(error)
            case .missing, nil: break
            }
        }
        let theme = try loadTheme(root: root, errors: &errors)
        let warnings = errors.filter { $0.severity == .warning }
        errors.removeAll { $0.severity == .warning }
        if !errors.isEmpty { throw BuildFailure(errors + warnings) }
        var tree = SourceTree(root: root, config: config, content: files, contentAssets: assets, theme: theme)
        tree.warnings = config.warnings + warnings
        return tree
    }

    /// Lists the Markdown files and assets below `relative` (a folder below content/, in
    /// language `lang`), by `admission`'s rule: ignored names left out (dot files with a
    /// warning), links out of the tree and link loops refused.
    package static func walk(
        _ admission: SourceAdmission, relative: String, lang: String, seen: inout Set<String>,
        markdown: inout [(path: String, lang: String)], assets: inout [String], errors: inout [Diagnostic]
    ) {
        let full = admission.contentRoot + "/" + relative
        if let id = FileSystem.identity(full) {
            let key = "\(id.0):\(id.1)"
            if seen.contains(key) {
                errors.append(Diagnostic(file: "content/\(relative)/", "symbolic link loop: this folder is already part of the content tree; remove the link", rule: "content/symlink"))
                return
            }
            seen.insert(key)
        }
        let entries: [FileSystem.Entry]
        do { entries = try FileSystem.list(full) } catch {
            errors.append(Diagnostic(file: "content/\(relative)/", "\(error); check the folder's permissions", rule: "content/unreadable"))
            return
        }
        for entry in entries {
            let path = relative + "/" + entry.name
            if SourceAdmission.ignored(entry.name) {
                if let w = SourceAdmission.skipped(entry.name, at: path) { errors.append(w) }
                continue
            }
            if entry.isSymlink, let escape = admission.escapes(path) {
                errors.append(escape)
                continue
            }
            if entry.isDirectory {
                walk(admission, relative: path, lang: lang, seen: &seen, markdown: &markdown, assets: &assets, errors: &errors)
            } else if entry.name.hasSuffix(".md") {
                markdown.append((path, lang))
            } else {
                assets.append(path)
            }
        }
    }

    package static func loadTheme(root: String, errors: inout [Diagnostic]) throws -> [String: [UInt8]] {
        var theme = DefaultTheme.files
        let dir = root + "/templates"
        guard FileSystem.isDirectory(dir) else { return theme }
        func visit(_ relative: String) {
            let full = relative.isEmpty ? dir : dir + "/" + relative
            guard let entries = try? FileSystem.list(full) else {
                errors.append(Diagnostic(file: "templates/\(relative)", "cannot list this folder; check its permissions", rule: "theme/unreadable"))
                return
            }
            for entry in entries where !SourceAdmission.ignored(entry.name) {
                let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
                if entry.isDirectory { visit(path); continue }
                do { theme[path] = try FileSystem.read(dir + "/" + path) } catch {
                    errors.append(Diagnostic(file: "templates/" + path, "\(error)", rule: "theme/unreadable"))
                }
            }
        }
        visit("")
        return theme
    }

    private static func readOrFail(_ path: String, shown: String) throws -> [UInt8] {
        do { return try FileSystem.read(path) } catch {
            throw BuildFailure([Diagnostic(file: shown, "\(error)", rule: "config/unreadable")])
        }
    }

    package static func decodeOrFail(_ bytes: [UInt8], shown: String) throws -> String {
        do { return try SourceText.decode(bytes) } catch let problem as SourceText.Problem {
            throw BuildFailure([problem.diagnostic(file: shown)])
        }
    }
}

extension SourceText.Problem {
    package func diagnostic(file: String) -> Diagnostic {
        switch self {
        case .invalidUTF8(let line): return Diagnostic(file: file, line: line, "this line is not valid UTF-8; re-save the file with UTF-8 encoding", rule: "content/encoding")
        case .nulByte(let line): return Diagnostic(file: file, line: line, "this line contains a NUL byte (the file looks binary); remove it or move the file out of content/", rule: "content/encoding")
        }
    }
}
