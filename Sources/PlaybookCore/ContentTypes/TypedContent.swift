/// The content-type stage, between parse and render: the typed models of the three content
/// types (playbook steps and their summary tables, postmortems, apology templates), decoded
/// and validated from front matter. Pages are typed by their section folder.
public struct TypedContent: Sendable {
    public static let postmortemSection = "postmortems"
    public static let apologySection = "apologies"

    var steps: [String: PlaybookStep] = [:]
    /// Per language.
    public internal(set) var summaryTables: [String: SummaryTable] = [:]
    /// By content path ("en/postmortems/x.md").
    var postmortems: [String: Postmortem] = [:]
    var apologies: [String: Apology] = [:]
    /// Overdue action items are judged against this day.
    public internal(set) var buildDate = BuildDate(epoch: 0)

    public init() {}

    private enum Decoded {
        case none, step(PlaybookStep), postmortem(Postmortem), apology(Apology)
    }

    static func decode(_ pages: [ParsedPage], files: [ContentFile], config: SiteConfig, buildDate: BuildDate) -> (TypedContent, [BuildError]) {
        var bytes: [String: [UInt8]] = [:]
        for file in files where file.path.split(separator: "/").dropFirst().first.map(String.init) == apologySection {
            bytes[file.path] = file.bytes
        }
        let results = parallelMap(pages) { page -> (Decoded, [BuildError]) in
            guard page.kind == .page else { return (.none, []) }
            switch page.section {
            case postmortemSection:
                let (p, errs) = Postmortem.decode(page)
                return (p.map(Decoded.postmortem) ?? .none, errs)
            case apologySection:
                var body = ""
                var first = 1
                if let b = bytes[page.path], let text = try? SourceText.decode(b), let parts = try? FrontMatterSplitter.split(text) {
                    body = parts.body
                    first = parts.bodyFirstLine
                }
                let (a, errs) = Apology.decode(page, body: body, bodyFirstLine: first)
                return (a.map(Decoded.apology) ?? .none, errs)
            default:
                let (s, errs) = PlaybookStep.decode(page)
                return (s.map(Decoded.step) ?? .none, errs)
            }
        }
        var content = TypedContent()
        content.buildDate = buildDate
        var errors: [BuildError] = []
        for (decoded, errs) in results {
            errors += errs
            switch decoded {
            case .none: break
            case .step(let s): content.steps[s.path] = s
            case .postmortem(let p): content.postmortems[p.path] = p
            case .apology(let a): content.apologies[a.path] = a
            }
        }
        let (tables, tableErrors) = SummaryTable.build(Array(content.steps.values), config: config)
        content.summaryTables = tables
        errors += tableErrors
        return (content, errors)
    }
}
