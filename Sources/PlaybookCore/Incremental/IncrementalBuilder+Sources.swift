#if canImport(Glibc)
import Glibc
import PlaybookModel
import PlaybookLoad
#endif
import Dispatch
import Foundation
import TextFolding
import Yams

/// The load stage of `IncrementalBuilder`: what a changed path means for the source state,
/// read by `SourceAdmission`'s rule as a full load reads it.
extension IncrementalBuilder {
    // MARK: - Source changes

    /// Records that `relative` (below content/) changed. False when only a full load can tell
    /// what it means (a new top-level folder).
    func contentChanged(_ relative: String) throws -> Bool {
        let parts = relative.split(separator: "/").map(String.init)
        guard let lang = parts.first else { return false }
        let full = contentRoot + "/" + relative
        let languages = Set(load.config.languages.map(\.code))
        if parts.count == 1 {
            if FileSystem.isDirectory(full) && !languages.contains(lang) { return false }
            if !FileSystem.isDirectory(full) && !hasKnown(under: relative) { return true }  // notes at the top
        }
        guard languages.contains(lang) else { return true }
        let key = relative.precomposedStringWithCanonicalMapping
        if FileSystem.isDirectory(full) {
            var seen: Set<String> = []
            var markdown: [(path: String, lang: String)] = []
            var assets: [String] = []
            var errors: [Diagnostic] = []
            SourceTree.walk(admission, relative: relative, lang: lang, seen: &seen, markdown: &markdown, assets: &assets, errors: &errors)
            if errors.contains(where: { $0.severity == .error }) { return false }
            var found: Set<String> = []
            for item in markdown {
                let k = item.path.precomposedStringWithCanonicalMapping
                found.insert(ContentPaths.fromDisk(k, languages: languages).path)
                try readMarkdown(k, disk: item.path, lang: lang)
            }
            let admission = self.admission
            for a in assets {
                let k = a.precomposedStringWithCanonicalMapping
                found.insert(k)
                readAsset(k, disk: a, admission)
            }
            for gone in known(under: key) where !found.contains(gone) { forget(gone) }
        } else if SourceAdmission.present(full) {
            if let escape = admission.escapes(relative) {
                forget(key)
                load.admissionErrors[key] = escape
            } else if key.hasSuffix(".md") {
                try readMarkdown(key, disk: relative, lang: lang)
            } else {
                readAsset(key, disk: relative, admission)
            }
        } else {
            forget(key)
            for gone in known(under: key) { forget(gone) }
        }
        return true
    }

    func hasKnown(under prefix: String) -> Bool { !known(under: prefix).isEmpty }

    func known(under prefix: String) -> [String] {
        let p = prefix + "/"
        return load.files.keys.filter { (load.diskPath[$0] ?? $0).hasPrefix(p) } + load.assetBytes.keys.filter { $0.hasPrefix(p) } + load.admissionErrors.keys.filter { $0.hasPrefix(p) }
    }

    /// `diskKey`: the NFC path on disk; a file named `about.nl.md` is the page `nl/…/about.md`.
    func readMarkdown(_ diskKey: String, disk: String, lang: String) throws {
        let key = ContentPaths.fromDisk(diskKey, languages: Set(load.config.languages.map(\.code))).path
        let file: ContentFile
        switch admission.page(disk, lang: lang) {
        case .file(let read): file = read
        case .missing:
            forget(key)  // vanished between the event and now: a later event says more
            return
        case .refused(let error):
            forget(key)
            load.admissionErrors[key] = error
            return
        }
        load.admissionErrors.removeValue(forKey: key)
        if let old = load.files[key], old.bytes == file.bytes, parse.rawHeads[key] != nil || parse.readErrors[key] != nil { return }
        load.files[key] = file
        load.diskPath[key] = diskKey
        load.pendingHeads.insert(key)
        load.pendingRemovals.remove(key)
    }

    func forget(_ diskKey: String) {
        let key = diskKey.hasSuffix(".md") ? ContentPaths.fromDisk(diskKey, languages: Set(load.config.languages.map(\.code))).path : diskKey
        if load.files.removeValue(forKey: key) != nil {
            load.pendingRemovals.insert(key)
            load.pendingHeads.remove(key)
        }
        load.diskPath.removeValue(forKey: key)
        load.admissionErrors.removeValue(forKey: key)
        if load.assetBytes.removeValue(forKey: key) != nil { render.assetsPending = true; parse.pendingAssetLinks.insert(key) }
    }

    /// Reads a content asset by `SourceAdmission`'s rule: one that cannot be read fails the
    /// build until it can (as in a full build), never an empty file.
    func readAsset(_ key: String, disk: String, _ admission: SourceAdmission) {
        do {
            load.assetBytes[key] = try admission.asset(disk)
            load.admissionErrors.removeValue(forKey: key)
        } catch {
            load.assetBytes.removeValue(forKey: key)
            load.admissionErrors[key] = (error as? BuildFailure)?.errors.first ?? Diagnostic(file: ContentPath(disk).shown, "\(error)", rule: "content/unreadable")
        }
        render.assetsPending = true
        parse.pendingAssetLinks.insert(key)
    }
}
