import Foundation
import Hummingbird
import WildcatDomain

struct AssemblyJSON: ResponseEncodable {
    let id: String
    let name: String
    let createdAt: Date
    let memberCount: Int
    let rules: AssemblyRules
    /// "assembly", or "committee" (whose members are the delegates its assembly elected).
    let kind: AssemblyKind
    /// A committee's assembly, and its charter.
    let parentId: String?
    let charter: Charter?
    init(_ assembly: Assembly, memberCount: Int) {
        id = assembly.id.rawValue
        name = assembly.name
        createdAt = assembly.createdAt
        self.memberCount = memberCount
        rules = assembly.rules
        kind = assembly.kind
        parentId = assembly.parent?.rawValue
        charter = assembly.charter
    }
}

struct MemberJSON: ResponseEncodable {
    let accountId: String
    let pseudonym: String
    let joinedAt: Date
    let invitedBy: String?
    let invitedByOperator: Bool
    init(_ member: Member) {
        accountId = member.accountID.rawValue
        pseudonym = member.pseudonym
        joinedAt = member.joinedAt
        invitedBy = member.invitedBy
        invitedByOperator = member.invitedByOperator
    }
}

/// An audit line: its kind, who acted, the typed fact, and the sentence the pages show.
struct AuditJSON: ResponseEncodable {
    /// Random: it counts nothing.
    let id: String
    let at: Date
    let kind: String
    let actor: String?
    let actorIsOperator: Bool
    let subject: String?
    let fact: AuditFact
    let text: String
    init(_ entry: AuditEntry) {
        id = entry.id.rawValue
        at = entry.at
        kind = entry.fact.kind.rawValue
        if case .member(let name) = entry.actor { actor = name } else { actor = nil }
        actorIsOperator = entry.actor == .operator
        subject = entry.subject
        fact = entry.fact
        text = AuditWords.sentence(entry)
    }
}

struct InviteJSON: ResponseEncodable {
    let id: String
    let maxUses: Int?
    let uses: Int
    let expiresAt: Date
    let createdBy: String?
    init(_ invite: Invite) {
        id = invite.id.rawValue
        maxUses = invite.maxUses
        uses = invite.uses
        expiresAt = invite.expiresAt
        createdBy = invite.createdBy
    }
}

struct InviteCreatedJSON: ResponseEncodable {
    let invite: InviteJSON
    /// The link to send; shown only this once.
    let link: String
}
