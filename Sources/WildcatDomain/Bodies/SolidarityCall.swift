import Foundation

/// A call for solidarity: an assembly asks a council's assemblies, or one assembly it names, to
/// act with it (what, when, why). Each receiving assembly answers by its own decision, and every
/// assembly involved sees every answer.
public struct SolidarityCall: Sendable, Hashable {
    public enum Answer: String, Sendable, Hashable, Codable, CaseIterable {
        case join, support, decline

        /// The option an answering vote offers for it.
        public var option: String {
            switch self {
            case .join: return "Join"
            case .support: return "Support"
            case .decline: return "Decline"
            }
        }

        public init?(option: String) {
            guard let found = Self.allCases.first(where: { $0.option == option }) else { return nil }
            self = found
        }
    }

    /// A receiving assembly and its answer (nil while its vote is open, or if it decided nothing).
    public struct Reply: Sendable, Hashable {
        public let assembly: ID<Assembly>
        public let name: String
        public let vote: ID<Proposal>
        public let answer: Answer?
        public let answeredAt: Date?

        public init(assembly: ID<Assembly>, name: String, vote: ID<Proposal>, answer: Answer?, answeredAt: Date?) {
            self.assembly = assembly
            self.name = name
            self.vote = vote
            self.answer = answer
            self.answeredAt = answeredAt
        }
    }

    public let id: ID<SolidarityCall>
    public let from: ID<Assembly>
    public let fromName: String
    /// The council it went through, if it went to a council.
    public let council: ID<Assembly>?
    public let councilName: String?
    public let request: CallRequest
    public let sentAt: Date
    public let replies: [Reply]

    public init(id: ID<SolidarityCall>, from: ID<Assembly>, fromName: String, council: ID<Assembly>?, councilName: String?,
                request: CallRequest, sentAt: Date, replies: [Reply]) {
        self.id = id
        self.from = from
        self.fromName = fromName
        self.council = council
        self.councilName = councilName
        self.request = request
        self.sentAt = sentAt
        self.replies = replies
    }

    /// How long a receiving assembly's vote on its answer stays open.
    public static let answerHours = 48
}

/// What a call asks: what to do, when, and why.
public struct CallRequest: Sendable, Hashable, Codable {
    public static let whatLength = 1...200
    public static let whenLength = 1...200
    public static let whyLength = 0...2000

    public let what: String
    public let when: String
    public let why: String

    public init(what: String, when: String, why: String) {
        self.what = what
        self.when = when
        self.why = why
    }

    /// Trimmed, within length, free of control characters; or a clear error naming the field.
    public func validated() throws(InputError) -> CallRequest {
        let why = self.why.trimmingWhitespace()
        guard why.count <= Self.whyLength.upperBound, self.why.unicodeScalars.count <= Self.whyLength.upperBound else {
            throw InputError(field: "effect.call.why", "Why is at most \(Self.whyLength.upperBound) characters long.")
        }
        return CallRequest(what: try FreeText.validate(what, field: "effect.call.what", noun: "What the call asks", length: Self.whatLength),
                           when: try FreeText.validate(when, field: "effect.call.when", noun: "When", length: Self.whenLength),
                           why: why.isEmpty ? "" : try Self.message(why))
    }

    private static func message(_ text: String) throws(InputError) -> String {
        do { return try MessageText(text).value } catch { throw InputError(field: "effect.call.why", error.message) }
    }
}

/// Where a call can go, as the sending assembly names it: a council it belongs to, or another
/// assembly.
public struct CallTarget: Sendable, Hashable {
    public let id: ID<Assembly>
    public let name: String
    public let isCouncil: Bool

    public init(id: ID<Assembly>, name: String, isCouncil: Bool) {
        self.id = id
        self.name = name
        self.isCouncil = isCouncil
    }
}

/// The vote the platform opens in each receiving assembly: one answer among join, support and
/// decline, by approval (each member ticks the answers they accept; the most approved wins),
/// under the assembly's own quorum.
public enum Answering {
    public static func vote(on call: ID<SolidarityCall>, from sender: String, request: CallRequest, rules: AssemblyRules, now: Date) -> ProposalDraft {
        let why = request.why.isEmpty ? "" : "\n\nWhy: " + request.why
        let body = "\(sender) calls for solidarity. Answer by your own decision: join the action, support it, or decline.\n\n"
            + "What: \(request.what)\n\nWhen: \(request.when)" + why
        return ProposalDraft(title: String("Solidarity call from \(sender): \(request.what)".prefix(ProposalDraft.titleLength.upperBound)),
                             body: String(body.prefix(ProposalDraft.bodyLength.upperBound)),
                             method: .approval, options: SolidarityCall.Answer.allCases.map(\.option), seats: 1,
                             threshold: rules.defaultThreshold, abstentionsCount: false, quorum: rules.defaultQuorum,
                             dotBudget: ProposalDraft.defaultDotBudget, secret: false, resultsLive: true,
                             closesAt: now + TimeInterval(SolidarityCall.answerHours * 3600),
                             effect: .answerCall(AnswerCall(call: call, from: sender, what: request.what)))
    }
}
