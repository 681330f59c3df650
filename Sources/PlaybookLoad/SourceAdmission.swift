#if canImport(Glibc)
import Glibc
import PlaybookModel
#endif
import Foundation

/// The one rule for what of `content/` a build reads, shared by the full load (`SourceTree.load`)
/// and by `playbook serve`'s loads of changed files, so that both admit and refuse the same
/// files with the same diagnostics:
/// - names starting with `.` or `#`, ending in `~` or `.swp` are never content (editors' files);
/// - a symbolic link may lead within the source tree, never out of it (a site must never
///   publish /etc or a home folder because someone linked it);
/// - only regular files are read: a FIFO or device would block or never end;
/// - a Markdown file may have at most `maxPageBytes`;
/// - paths are NFC: a name written in NFD on disk gives the same page as its NFC spelling;
/// - a file that cannot be read is an error naming it, never an empty file.
package struct SourceAdmission: Sendable {
    /// `<source>/content`, as given (not resolved).
    package let contentRoot: String
    /// The source folder with symbolic links resolved.
    package let sourceRoot: String

    /// The site's language codes: a file named `about.nl.md` is the `nl` translation of
    /// `about.md` (MkDocs' convention) when `nl` is one of them.
    package let languages: Set<String>

    package init(root: String, languages: Set<String> = []) {
        contentRoot = root + "/content"
        sourceRoot = FileSystem.canonical(root) ?? root
        self.languages = languages
    }

    /// Whether a file or folder `name` is left out of the source tree.
    package static func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasPrefix("#") || name.hasSuffix(".swp")
    }

    /// Files every folder may hold that nobody means as content: skipped without a word.
    package static let quietlySkipped: Set<String> = [".DS_Store", ".git", ".gitignore", ".gitkeep", ".gitattributes", ".keep", ".directory"]

    /// A warning for a file or folder under content/ skipped because its name starts with a dot
    /// (editor backups and lock files are skipped without one).
    package static func skipped(_ name: String, at path: String) -> Diagnostic? {
        guard name.hasPrefix("."), !quietlySkipped.contains(name) else { return nil }
        return Diagnostic(file: ContentPath(path).shown, "skipped: names starting with a dot are never published; rename it to publish it", severity: .warning, rule: "content/skipped")
    }

    /// Whether any part of `relative` (below content/) is left out.
    package static func ignored(path relative: String) -> Bool {
        relative.pathSegments.contains { ignored(String($0)) }
    }

    /// The error for `relative` (below content/) when it is, or lies below, a symbolic link
    /// whose target is outside the source tree; nil when it may be read.
    package func escapes(_ relative: String) -> Diagnostic? {
        guard let target = FileSystem.canonical(contentRoot + "/" + relative),
              !(target == sourceRoot || target.hasPrefix(sourceRoot + "/")) else { return nil }
        return Diagnostic(file: ContentPath(relative).shown, "symbolic link to \(target), outside the source tree; copy the file in or remove the link", rule: "content/symlink")
    }

    /// What reading one Markdown file gave.
    package enum Page {
        case file(ContentFile)
        /// Gone since it was listed (serve: a later change event says more).
        case missing
        case refused(Diagnostic)
    }

    /// Reads the Markdown file at `diskPath` (below content/, as named on disk) of language
    /// `lang`: at most `maxPageBytes`, a regular file, its path NFC-normalized.
    package func page(_ diskPath: String, lang: String) -> Page {
        let shown = ContentPath(diskPath).shown
        do {
            let bytes = try FileSystem.read(contentRoot + "/" + diskPath, limit: maxPageBytes)
            let nfc = diskPath.precomposedStringWithCanonicalMapping
            let (path, lang) = languages.isEmpty ? (nfc, lang) : ContentPaths.fromDisk(nfc, languages: languages)
            return .file(ContentFile(path: path, lang: lang, bytes: bytes, renamedOnDisk: !path.utf8.elementsEqual(diskPath.utf8),
                                     diskPath: path == nfc ? nil : nfc))
        } catch FileSystem.Failure.tooLarge(_, let size) {
            return .refused(Diagnostic(file: shown, "is \(size / 1_000_000) MB; a page may have at most \(maxPageBytes / 1_000_000) MB of Markdown: split it into several pages", rule: "content/too-large"))
        } catch FileSystem.Failure.cannotRead(_, _) where !Self.present(contentRoot + "/" + diskPath) {
            return .missing
        } catch {
            return .refused(Diagnostic(file: shown, "\(error); check the file's permissions", rule: "content/unreadable"))
        }
    }

    /// Whether anything, even a dangling link, is at `path` (a dangling link is an error, not a gap).
    package static func present(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The error for the content asset at `diskPath` when it cannot be read (checked when the
    /// tree is loaded, so that `check` reports it and `build` fails before any work); nil when
    /// it can. The same error as `asset(_:)`'s.
    package func assetProblem(_ diskPath: String) -> Diagnostic? {
        let path = contentRoot + "/" + diskPath
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        let why: String
        if fd < 0 {
            why = FileSystem.errnoText()
        } else {
            defer { close(fd) }
            var st = stat()
            if fstat(fd, &st) != 0 { why = FileSystem.errnoText() } else if (st.st_mode & S_IFMT) != S_IFREG { why = "not a regular file" } else { return nil }
        }
        return Diagnostic(file: ContentPath(diskPath).shown, "\(FileSystem.Failure.cannotRead(path, why)); check the file's permissions", rule: "content/unreadable")
    }

    /// The bytes of the content asset at `diskPath` (below content/: an image, a PDF).
    /// - Throws: `BuildFailure` naming the file when it cannot be read (no permission, a FIFO).
    package func asset(_ diskPath: String) throws -> [UInt8] {
        do { return try FileSystem.read(contentRoot + "/" + diskPath) } catch {
            throw BuildFailure([Diagnostic(file: ContentPath(diskPath).shown, "\(error); check the file's permissions", rule: "content/unreadable")])
        }
    }
}
