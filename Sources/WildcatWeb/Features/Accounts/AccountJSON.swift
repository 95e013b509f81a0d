import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

struct AccountJSON: ResponseEncodable {
    let id: String
    let pseudonym: String
    let createdAt: Date
    init(_ account: Account) {
        id = account.id.rawValue
        pseudonym = account.pseudonym
        createdAt = account.createdAt
    }
}

struct SignedInJSON: ResponseEncodable {
    let token: String
    let account: AccountJSON
    let joinedAssemblyId: String?
}

struct IdJSON: ResponseEncodable { let id: String }

struct InviteInfoJSON: ResponseEncodable {
    let assemblyName: String?
    let firstPerson: Bool
    let invitedBy: String?
    let expiresAt: Date
    init(_ lookup: InviteLookup) {
        assemblyName = lookup.assemblyName
        firstPerson = lookup.invite.assemblyID == nil
        invitedBy = lookup.invite.createdBy
        expiresAt = lookup.invite.expiresAt
    }
}

struct SessionJSON: ResponseEncodable {
    let id: String
    let device: String
    let createdAt: Date
    let lastSeenAt: Date
    let expiresAt: Date
    let current: Bool
    init(_ session: Session, current: Bool) {
        id = session.id.rawValue
        device = session.device
        createdAt = session.createdAt
        lastSeenAt = session.lastSeenAt
        expiresAt = session.expiresAt
        self.current = current
    }
}
