/// Which audience a build is for.
public enum Edition: String, Sendable, CaseIterable {
    /// Everything, for staff.
    case `internal`
    /// Only what may be published to customers and sales: no internal pages, passages or fields.
    case field
}
