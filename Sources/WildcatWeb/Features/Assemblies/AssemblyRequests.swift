/// What the assemblies pages' forms and the API's JSON bodies both decode into.

struct FoundAssemblyRequest: Decodable, Sendable {
    let name: String

    init(from decoder: any Decoder) throws {
        name = try decoder.container(keyedBy: CodingKeys.self).text(.name)
    }

    private enum CodingKeys: String, CodingKey { case name }
}

/// An invite link's terms. `maxUses` absent means one person; `unlimited` means any number until
/// it expires. A form's radio sends `forSeveral`: false means one person whatever `maxUses` says.
struct InviteRequest: Decodable, Sendable {
    var maxUses: Int?
    var unlimited: Bool?
    var forSeveral: Bool?
    var expiresInHours: Int?

    /// The people the link admits; nil for no limit.
    var resolvedMaxUses: Int? {
        if unlimited == true { return nil }
        if forSeveral == false { return 1 }
        return maxUses ?? 1
    }
}
