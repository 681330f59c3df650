import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// The content-type stage, between parse and render: the typed models of the three content
/// types (playbook steps and their summary tables, postmortems, apology templates), decoded
/// and validated from front matter. Pages are typed by their section folder.
public struct TypedContent: Sendable {
    public static let postmortemSection = "postmortems"
    public static let apologySection = "apologies"

    package var steps: [String: PlaybookStep] = [:]
    /// Per language.
    public package(set) var summaryTables: [String: SummaryTable] = [:]
    /// By content path ("en/postmortems/x.md").
    package var postmortems: [String: Postmortem] = [:]
    package var apologies: [String: Apology] = [:]
    /// Overdue action items are judged against this day.
    public package(set) var buildDate = BuildDate(epoch: 0)

    public init() {}

    /// What one page decodes to (pages outside the typed sections, and invalid ones: none).
    package enum Decoded {
        case none, step(PlaybookStep), postmortem(Postmortem), apology(Apology)
    }

    package static func decode(_ pages: [ParsedPage], files: [ContentFile], config: SiteConfig, buildDate: BuildDate) -> (TypedContent, [Diagnostic]) {
        var bytes: [String: [UInt8]] = [:]
        for file in files where isApology(file.path) { bytes[file.path] = file.bytes }
        let results = parallelMap(pages) { decode($0, bytes: bytes[$0.path]) }
        var content = TypedContent()
        content.buildDate = buildDate
        var errors: [Diagnostic] = []
        for (decoded, errs) in results {
            errors += errs
            content.insert(decoded)
        }
        errors += content.buildTables(config: config)
        return (content, errors)
    }

    /// Apology templates are decoded from their file's text too (the email keeps the Markdown as written).
    package static func isApology(_ path: String) -> Bool {
        path.pathSegments.dropFirst().first.map(String.init) == apologySection
    }

    /// The sources a full build keeps past the parse: apology templates' (their email bodies).
    package static func needsSource(_ head: PageParser.Head) -> Bool {
        head.kind == .page && isApology(head.file.path) && !Apology.isGuide(head.meta.fields)
    }

    /// One page's typed model; `bytes` is its file (read only for apology templates).

    package static func decode(_ page: ParsedPage, bytes: [UInt8]?) -> (Decoded, [Diagnostic]) {
        guard page.kind == .page else { return (.none, []) }
        switch page.section {
        case postmortemSection:
            let (p, errs) = Postmortem.decode(page)
            return (p.map(Decoded.postmortem) ?? .none, errs)
        case apologySection:
            let (a, errs) = Apology.decode(page) {
                guard let b = bytes, let text = try? SourceText.decode(b), let parts = try? FrontMatterSplitter.split(text) else { return ("", 1) }
                return (parts.body, parts.bodyFirstLine)
            }
            return (a.map(Decoded.apology) ?? .none, errs)
        default:
            let (s, errs) = PlaybookStep.decode(page)
            return (s.map(Decoded.step) ?? .none, errs)
        }
    }

    package mutating func insert(_ decoded: Decoded) {
        switch decoded {
        case .none: break
        case .step(let s): steps[s.path] = s
        case .postmortem(let p): postmortems[p.path] = p
        case .apology(let a): apologies[a.path] = a
        }
    }

    /// Forgets whatever `path` decoded to.
    package mutating func remove(_ path: String) {
        steps.removeValue(forKey: path)
        postmortems.removeValue(forKey: path)
        apologies.removeValue(forKey: path)
    }

    /// The summary tables from the steps; the errors that make a table wrong.
    package mutating func buildTables(config: SiteConfig) -> [Diagnostic] {
        let (tables, errors) = SummaryTable.build(Array(steps.values), config: config)
        summaryTables = tables
        return errors
    }
}
