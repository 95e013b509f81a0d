import Foundation
import Hummingbird
import WildcatDomain

struct DelegateJSON: ResponseEncodable {
    let accountId: String
    let pseudonym: String
    /// The assembly that elected them, and alone recalls them.
    let sentBy: String
    let mandate: String
    /// The decisions that gave or changed the mandate (proposal ids in the sending assembly).
    let decisions: [String]
    let electedAt: Date
    let termEndsAt: Date?
    init(_ delegate: Delegate) {
        accountId = delegate.account.rawValue
        pseudonym = delegate.pseudonym
        sentBy = delegate.sentBy.rawValue
        mandate = delegate.mandate
        decisions = delegate.decisions.map(\.rawValue)
        electedAt = delegate.electedAt
        termEndsAt = delegate.termEndsAt
    }
}

struct CommitteeJSON: ResponseEncodable {
    let id: String
    let name: String
    let charter: Charter
    let delegates: [DelegateJSON]
    let vacancies: Int
    init(_ committee: Committee) {
        id = committee.id.rawValue
        name = committee.name
        charter = committee.charter
        delegates = committee.delegates.map(DelegateJSON.init)
        vacancies = committee.vacancies
    }
}

struct PetitionJSON: ResponseEncodable {
    let id: String
    let committeeId: String
    let delegateId: String
    let reason: String
    let openedAt: Date
    let signatures: Int
    /// How many signatures open the recall vote.
    let needed: Int
    /// The recall vote, once enough signed.
    let recallVote: String?
    init(_ petition: RecallPetition, needed: Int) {
        id = petition.id.rawValue
        committeeId = petition.committee.rawValue
        delegateId = petition.delegate.rawValue
        reason = petition.reason
        openedAt = petition.openedAt
        signatures = petition.signatures
        self.needed = needed
        recallVote = petition.vote?.rawValue
    }
}
