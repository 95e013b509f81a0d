/// Lookalike checks for names (Unicode UTS #39), supplied from outside the domain (ICU).
public protocol NameSpoofing: Sendable {
    /// The confusable skeleton: two names with the same skeleton look the same.
    func skeleton(_ text: String) -> String?
    /// Whether the name mixes scripts (beyond Latin with Han and Japanese or Korean).
    func mixesScripts(_ text: String) -> Bool
}

/// A pseudonym cleared for a new account: written in one script, with the skeleton that no other
/// account's may share. "Rоsa" with a Cyrillic "о" and "Rosa" share one.
public struct DistinctPseudonym: Sendable, Hashable {
    public let pseudonym: Pseudonym
    public let skeleton: String

    public init(_ pseudonym: Pseudonym, spoofing: some NameSpoofing) throws(InputError) {
        guard !spoofing.mixesScripts(pseudonym.value) else {
            throw InputError(field: "pseudonym", "A pseudonym is written in one alphabet: letters from two (such as Latin and Cyrillic) can imitate another name.")
        }
        guard let skeleton = spoofing.skeleton(pseudonym.key) else {
            throw InputError(field: "pseudonym", "This pseudonym cannot be checked against lookalikes; choose another.")
        }
        self.pseudonym = pseudonym
        self.skeleton = skeleton
    }
}
