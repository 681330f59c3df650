/// Trimming without Foundation: `trimmingCharacters(in:)` bridges every string to NSString and
/// walks it as UTF-16, which made it a visible part of a build of many small pages.
extension StringProtocol {
    /// `self` without leading and trailing whitespace and newlines: Unicode's White_Space
    /// scalars, the same set as Foundation's `CharacterSet.whitespacesAndNewlines` (General
    /// Category Z*, U+0009–U+000D, U+0085, and U+200B, which swift-corelibs-foundation still
    /// counts). Trims scalars, as Foundation does, not characters.
    public func trimmingWhitespaceAndNewlines() -> String {
        trimmingScalars { $0.properties.isWhitespace || $0 == "\u{200B}" }
    }

    /// `self` without leading and trailing spaces and tabs: General Category Zs and U+0009, the
    /// set of Foundation's `CharacterSet.whitespaces` (so no line breaks), with U+200B as above.
    public func trimmingSpaces() -> String {
        trimmingScalars { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    private func trimmingScalars(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        // Through Substring's scalar view: a String subscript would round to character bounds.
        return String(Substring(scalars[first...last]))
    }
}
