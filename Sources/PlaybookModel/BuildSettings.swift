/// What a build of a source tree depends on besides its files; every command takes these.
public struct BuildSettings: Sendable {
    /// `internal` (everything) or `field` (what may reach customers).
    public var edition: Edition = .internal
    /// Build pages marked `draft: true`.
    public var includeDrafts = false
    /// The day overdue items are judged against; nil: SOURCE_DATE_EPOCH, else today.
    public var buildDate: BuildDate?

    public init(edition: Edition = .internal, includeDrafts: Bool = false, buildDate: BuildDate? = nil) {
        self.edition = edition
        self.includeDrafts = includeDrafts
        self.buildDate = buildDate
    }
}
