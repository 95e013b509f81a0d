import Foundation
import Hummingbird
import WildcatDomain

struct CouncilJSON: ResponseEncodable {
    struct MemberJSON: Encodable {
        let id: String
        let name: String
        let members: Int
    }

    let id: String
    let name: String
    let charter: Charter
    let assemblies: [MemberJSON]
    let delegates: [DelegateJSON]

    init(_ council: Council) {
        id = council.id.rawValue
        name = council.name
        charter = council.charter
        assemblies = council.members.map { MemberJSON(id: $0.id.rawValue, name: $0.name, members: $0.members) }
        delegates = council.delegates.map(DelegateJSON.init)
    }
}

struct CallJSON: ResponseEncodable {
    struct ReplyJSON: Encodable {
        let assemblyId: String
        let assembly: String
        /// The receiving assembly's vote on its answer (a proposal of that assembly).
        let vote: String
        /// join, support or decline; null while its vote is open, or if it decided none.
        let answer: SolidarityCall.Answer?
        let answeredAt: Date?
    }

    let id: String
    let fromId: String
    let from: String
    let councilId: String?
    let council: String?
    let what: String
    let when: String
    let why: String
    let sentAt: Date
    let replies: [ReplyJSON]

    init(_ call: SolidarityCall) {
        id = call.id.rawValue
        fromId = call.from.rawValue
        from = call.fromName
        councilId = call.council?.rawValue
        council = call.councilName
        what = call.request.what
        when = call.request.when
        why = call.request.why
        sentAt = call.sentAt
        replies = call.replies.map {
            ReplyJSON(assemblyId: $0.assembly.rawValue, assembly: $0.name, vote: $0.vote.rawValue, answer: $0.answer, answeredAt: $0.answeredAt)
        }
    }
}
