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

/// A new session: its bearer token, and the device's known-device token (send it as
/// `deviceToken` when signing in again from this device).
struct SignedInJSON: ResponseEncodable {
    let token: String
    let deviceToken: String
    let account: AccountJSON
    let joinedAssemblyId: String?

    init(_ signedIn: SignedInDevice, account: Account, joinedAssemblyId: String?) {
        token = signedIn.session.value
        deviceToken = signedIn.device.value
        self.account = AccountJSON(account)
        self.joinedAssemblyId = joinedAssemblyId
    }
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
