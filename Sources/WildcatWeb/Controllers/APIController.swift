import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatStore

/// The JSON API under /api/v1: the same operations as the pages, authenticated with
/// `Authorization: Bearer <token>` from `POST /api/v1/sessions` or `POST /api/v1/accounts`.
/// Described by /api/openapi.json; a test keeps the two in step.
struct APIController {
    let environment: WebEnvironment
    var actions: Actions { Actions(environment: environment) }
    var store: Store { environment.store }

    func addRoutes(to routes: inout APIRoutes) {
        routes.open(.post, "/accounts", use: signUp)
        routes.open(.post, "/sessions", use: logIn)
        routes.open(.get, "/invites/{token}", use: inviteInfo)
        routes.member(.post, "/invites/{token}/accept", use: acceptInvite)
        routes.member(.get, "/me", use: me)
        routes.member(.delete, "/me", use: deleteMe)
        routes.member(.get, "/sessions", use: sessions)
        routes.member(.delete, "/sessions/current", use: logOut)
        routes.member(.delete, "/sessions/{session}", use: revokeSession)
        routes.member(.get, "/assemblies", use: assemblies)
        routes.member(.post, "/assemblies", use: foundAssembly)
        routes.assembly(.get, "", use: assembly)
        routes.assembly(.get, "/members", use: members)
        routes.assembly(.get, "/audit", use: audit)
        routes.assembly(.get, "/invites", use: invites)
        routes.assembly(.post, "/invites", use: createInvite)
        routes.assembly(.delete, "/invites/{invite}", use: revokeInvite)
        routes.assembly(.post, "/leave", use: leave)
        routes.member(.delete, "/me/messages", use: deleteMyMessages)
        routes.assembly(.get, "/channels", use: channels)
        routes.assembly(.post, "/channels", use: createChannel)
        routes.assembly(.get, "/channels/{channel}/messages", use: messages)
        routes.assembly(.post, "/channels/{channel}/messages", use: postMessage)
        routes.assembly(.post, "/channels/{channel}/read", use: markRead)
        routes.assembly(.get, "/messages/{message}/thread", use: thread)
        routes.assembly(.patch, "/messages/{message}", use: editMessage)
        routes.assembly(.delete, "/messages/{message}", use: deleteMessage)
        routes.assembly(.get, "/messages/{message}/edits", use: edits)
        routes.assembly(.get, "/proposals", use: listProposals)
        routes.assembly(.post, "/proposals", use: createProposal)
        routes.assembly(.get, "/proposals/{proposal}", use: getProposal)
        routes.assembly(.post, "/proposals/{proposal}/ballot", use: castBallot)
    }

    // MARK: Open

    struct SignUpBody: Decodable {
        let inviteToken: String
        let pseudonym: String
        let passphrase: String
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SignedInJSON> {
        let body = try await request.decode(as: SignUpBody.self, context: context)
        let (account, token, assembly) = try await actions.signUp(
            inviteToken: body.inviteToken, pseudonym: body.pseudonym, passphrase: body.passphrase,
            device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
        return EditedResponse(status: .created, response: SignedInJSON(token: token.value, account: AccountJSON(account), joinedAssemblyId: assembly?.rawValue))
    }

    struct LogInBody: Decodable {
        let pseudonym: String
        let passphrase: String
    }

    @Sendable func logIn(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SignedInJSON> {
        let body = try await request.decode(as: LogInBody.self, context: context)
        let (account, token) = try await actions.logIn(pseudonym: body.pseudonym, passphrase: body.passphrase,
                                                       device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
        return EditedResponse(status: .created, response: SignedInJSON(token: token.value, account: AccountJSON(account), joinedAssemblyId: nil))
    }

    @Sendable func inviteInfo(_ request: Request, context: AppRequestContext) async throws -> InviteInfoJSON {
        let lookup = try await actions.invite(try context.parameters.require("token"))
        return InviteInfoJSON(assemblyName: lookup.assemblyName, firstPerson: lookup.invite.assemblyID == nil,
                              invitedBy: lookup.invite.createdBy, expiresAt: lookup.invite.expiresAt)
    }

    // MARK: Signed in

    @Sendable func acceptInvite(_ request: Request, context: MemberContext) async throws -> IdJSON {
        IdJSON(id: try await actions.join(inviteToken: try context.parameters.require("token"), account: context.account).rawValue)
    }

    @Sendable func me(_ request: Request, context: MemberContext) async throws -> AccountJSON {
        AccountJSON(context.account)
    }

    struct DeleteBody: Decodable { let passphrase: String }

    @Sendable func deleteMe(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: DeleteBody.self, context: context)
        try await actions.deleteAccount(context.account, passphrase: body.passphrase, clientAddress: context.clientAddress)
        return .noContent
    }

    @Sendable func sessions(_ request: Request, context: MemberContext) async throws -> [SessionJSON] {
        try await store.sessions(accountID: context.account.id, now: Date()).map { SessionJSON($0, current: $0.id == context.signedIn.session.id) }
    }

    @Sendable func logOut(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        _ = try await actions.endSession(context.signedIn.session.id, of: context.account)
        return .noContent
    }

    @Sendable func revokeSession(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        guard try await actions.endSession(ID(try context.parameters.require("session")), of: context.account) else { throw Refusal.notFound }
        return .noContent
    }

    @Sendable func assemblies(_ request: Request, context: MemberContext) async throws -> [AssemblyJSON] {
        try await store.assemblies(of: context.account.id).map { AssemblyJSON($0.assembly, memberCount: $0.members) }
    }

    struct FoundBody: Decodable { let name: String }

    @Sendable func foundAssembly(_ request: Request, context: MemberContext) async throws -> EditedResponse<AssemblyJSON> {
        let body = try await request.decode(as: FoundBody.self, context: context)
        let assembly = try await actions.foundAssembly(name: body.name, founder: context.account)
        return EditedResponse(status: .created, response: AssemblyJSON(assembly, memberCount: 1))
    }

    // MARK: In an assembly

    @Sendable func assembly(_ request: Request, context: AssemblyContext) async throws -> AssemblyJSON {
        AssemblyJSON(context.assembly, memberCount: try await store.members(of: context.assembly.id).count)
    }

    @Sendable func members(_ request: Request, context: AssemblyContext) async throws -> [MemberJSON] {
        try await store.members(of: context.assembly.id).map(MemberJSON.init)
    }

    @Sendable func audit(_ request: Request, context: AssemblyContext) async throws -> [AuditJSON] {
        let before = request.uri.queryParameters.get("before", as: Int64.self)
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 500)
        return try await store.auditLog(of: context.assembly.id, before: before, limit: limit).map(AuditJSON.init)
    }

    @Sendable func invites(_ request: Request, context: AssemblyContext) async throws -> [InviteJSON] {
        try await store.openInvites(of: context.assembly.id, now: Date()).map(InviteJSON.init)
    }

    struct InviteBody: Decodable {
        /// How many people may use the link; absent means one. Ignored when `unlimited`.
        let maxUses: Int?
        let unlimited: Bool?
        let expiresInHours: Int?
    }

    @Sendable func createInvite(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<InviteCreatedJSON> {
        let body = try await request.decode(as: InviteBody.self, context: context)
        let maxUses = body.unlimited == true ? nil : (body.maxUses ?? 1)
        let (invite, link) = try await actions.createInvite(in: context.assembly, by: context.actor, maxUses: maxUses, expiresInHours: body.expiresInHours)
        return EditedResponse(status: .created, response: InviteCreatedJSON(invite: InviteJSON(invite), link: link))
    }

    @Sendable func revokeInvite(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await store.revokeInvite(ID(try context.parameters.require("invite")), assemblyID: context.assembly.id, by: context.actor, now: Date())
        return .noContent
    }

    @Sendable func leave(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await actions.leave(context.assembly, account: context.account)
        return .noContent
    }
}

// MARK: Chat

extension APIController {
    @Sendable func deleteMyMessages(_ request: Request, context: MemberContext) async throws -> CountJSON {
        CountJSON(count: try await actions.deleteEverythingWritten(by: context.account))
    }

    @Sendable func channels(_ request: Request, context: AssemblyContext) async throws -> [ChannelJSON] {
        try await store.channels(of: context.assembly.id, for: context.account.id).map(ChannelJSON.init)
    }

    struct ChannelBody: Decodable { let name: String }

    @Sendable func createChannel(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<ChannelJSON> {
        let body = try await request.decode(as: ChannelBody.self, context: context)
        let channel = try await actions.createChannel(in: context.assembly, name: body.name)
        return EditedResponse(status: .created, response: ChannelJSON(ChannelSummary(channel: channel, unread: 0)))
    }

    @Sendable func messages(_ request: Request, context: AssemblyContext) async throws -> [MessageJSON] {
        let channel = try await channel(context)
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 50, 1), 200)
        return try await store.messages(in: channel, before: request.uri.queryParameters.get("before", as: Int64.self), limit: limit).map(MessageJSON.init)
    }

    struct MessageBody: Decodable {
        let body: String
        let threadRoot: Int64?
    }

    @Sendable func postMessage(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<MessageJSON> {
        let body = try await request.decode(as: MessageBody.self, context: context)
        let message = try await actions.post(in: context.assembly, channel: try channelID(context), by: context.account, body: body.body, threadRoot: body.threadRoot)
        return EditedResponse(status: .created, response: MessageJSON(message))
    }

    struct ReadBody: Decodable { let upTo: Int64 }

    @Sendable func markRead(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ReadBody.self, context: context)
        try await store.markRead(channelID: try await channel(context), by: context.account.id, upTo: body.upTo)
        return .noContent
    }

    @Sendable func thread(_ request: Request, context: AssemblyContext) async throws -> ThreadJSON {
        let id = try messageID(context)
        guard let message = try await store.message(id, in: context.assembly.id),
              let (root, replies) = try await store.thread(message.threadRootID ?? id, in: message.channelID) else { throw Refusal.notFound }
        return ThreadJSON(root: MessageJSON(root), replies: replies.map(MessageJSON.init))
    }

    struct EditBody: Decodable { let body: String }

    @Sendable func editMessage(_ request: Request, context: AssemblyContext) async throws -> MessageJSON {
        let body = try await request.decode(as: EditBody.self, context: context)
        return MessageJSON(try await actions.edit(try messageID(context), in: context.assembly, by: context.account, body: body.body))
    }

    @Sendable func deleteMessage(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await actions.delete(try messageID(context), in: context.assembly, by: context.account)
        return .noContent
    }

    @Sendable func edits(_ request: Request, context: AssemblyContext) async throws -> [EditJSON] {
        try await store.edits(of: try messageID(context), by: context.account.id).map { EditJSON(body: $0.body, replacedAt: $0.replacedAt) }
    }

    private func channelID(_ context: AssemblyContext) throws -> ID<Channel> {
        guard let id = context.parameters.get("channel"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }

    /// The channel in the path, checked to belong to the assembly.
    private func channel(_ context: AssemblyContext) async throws -> ID<Channel> {
        let id = try channelID(context)
        guard try await store.channel(id, in: context.assembly.id) != nil else { throw Refusal.notFound }
        return id
    }

    private func messageID(_ context: AssemblyContext) throws -> Int64 {
        guard let id = context.parameters.get("message", as: Int64.self) else { throw Refusal.notFound }
        return id
    }
}

// MARK: Proposals

extension APIController {
    struct ProposalBody: Decodable {
        let title: String
        let body: String?
        let method: DecisionMethod
        let options: [String]?
        let seats: Int?
        /// e.g. "2/3"; the assembly's default when absent.
        let threshold: String?
        let thresholdRule: Threshold.Rule?
        let abstentionsCount: Bool?
        let quorum: Quorum?
        let dotBudget: Int?
        let secret: Bool?
        let resultsLive: Bool?
        let closesAt: Date
        let effect: EffectBody?
    }

    /// What a passed proposal does: exactly one field.
    struct EffectBody: Decodable {
        let rules: AssemblyRules?
        let rename: String?
        let removeMember: String?
        let admit: String?
    }

    @Sendable func listProposals(_ request: Request, context: AssemblyContext) async throws -> [ProposalJSON] {
        try await store.proposals(in: context.assembly.id).map { ProposalJSON($0, result: nil, myBallot: nil) }
    }

    @Sendable func createProposal(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<ProposalCreatedJSON> {
        let body = try await request.decode(as: ProposalBody.self, context: context)
        let rules = context.assembly.rules
        var threshold = rules.defaultThreshold
        if let text = body.threshold {
            guard let fraction = Fraction(parsing: text) else { throw InputError(field: "threshold", "The threshold is a fraction such as \"2/3\".") }
            threshold = Threshold(fraction, body.thresholdRule ?? .moreThan)
        }
        var effect: Effect?
        if let e = body.effect {
            let given = [e.rules != nil, e.rename != nil, e.removeMember != nil, e.admit != nil].filter { $0 }.count
            guard given == 1 else { throw InputError(field: "effect", "Give exactly one effect: rules, rename, removeMember or admit.") }
            if let rules = e.rules { effect = .changeRules(rules) }
            if let name = e.rename { effect = .renameAssembly(name) }
            if let admit = e.admit { effect = .admitPerson(invite: ID("pending"), description: admit) }
            if let id = e.removeMember {
                guard let member = try await store.members(of: context.assembly.id).first(where: { $0.accountID.rawValue == id }) else {
                    throw InputError(field: "effect.removeMember", "No member has that account id.")
                }
                effect = .removeMember(member.accountID, pseudonym: member.pseudonym)
            }
        }
        let draft = try ProposalDraft(
            title: body.title, body: body.body ?? "", method: body.method, options: body.options ?? [], seats: body.seats ?? 1,
            threshold: threshold, abstentionsCount: body.abstentionsCount ?? false, quorum: body.quorum ?? rules.defaultQuorum,
            dotBudget: body.dotBudget ?? 5, secret: body.secret ?? false, resultsLive: body.resultsLive ?? true,
            closesAt: body.closesAt, effect: effect).validated(now: Date())
        let (proposal, invite) = try await actions.propose(draft, in: context.assembly, by: context.account)
        return EditedResponse(status: .created, response: ProposalCreatedJSON(
            proposal: ProposalJSON(proposal, result: nil, myBallot: nil), admissionLink: invite.map { environment.configuration.joinLink(token: $0.value) }))
    }

    @Sendable func getProposal(_ request: Request, context: AssemblyContext) async throws -> ProposalJSON {
        let id = ID<Proposal>(try context.parameters.require("proposal"))
        guard let proposal = try await store.proposal(id, in: context.assembly.id) else { throw Refusal.notFound }
        var result: TallyResult?
        if !proposal.isOpen || proposal.draft.resultsLive {
            result = try Tally.tally(proposal.election(ballots: try await store.ballots(on: id).map(\.ballot)))
        }
        return ProposalJSON(proposal, result: result, myBallot: try await store.ballot(on: id, by: context.account.id))
    }

    @Sendable func castBallot(_ request: Request, context: AssemblyContext) async throws -> BallotAcceptedJSON {
        let id = ID<Proposal>(try context.parameters.require("proposal"))
        // The draft (to check the ballot against) usually comes from memory; whether the proposal
        // is still open is checked by the vote's own transaction.
        guard let draft = try await store.draft(of: id, in: context.assembly.id) else { throw Refusal.notFound }
        let ballot = try await request.decode(as: Ballot.self, context: context)
        let (ballots, closed) = try await actions.vote(ballot, on: id, draft: draft, in: context.assembly, by: context.account)
        return BallotAcceptedJSON(proposal: id.rawValue, ballot: ballot, ballots: ballots, closed: closed)
    }
}

// MARK: JSON shapes

struct ProposalJSON: ResponseEncodable {
    let id: String
    let author: String?
    let title: String
    let body: String
    let method: DecisionMethod
    let options: [String]
    let seats: Int
    let threshold: String
    let abstentionsCount: Bool
    let quorum: Quorum
    let secret: Bool
    let resultsLive: Bool
    let effect: String?
    let createdAt: Date
    let closesAt: Date
    let closedAt: Date?
    let ballots: Int
    let decision: Decision?
    let result: TallyResult?
    let myBallot: Ballot?

    init(_ p: Proposal, result: TallyResult?, myBallot: Ballot?) {
        id = p.id.rawValue
        author = p.author
        title = p.draft.title
        body = p.draft.body
        method = p.draft.method
        options = p.draft.options
        seats = p.draft.seats
        threshold = p.draft.threshold.description
        abstentionsCount = p.draft.abstentionsCount
        quorum = p.draft.quorum
        secret = p.draft.secret
        resultsLive = p.draft.resultsLive
        effect = p.draft.effect?.summary
        createdAt = p.createdAt
        closesAt = p.draft.closesAt
        closedAt = p.closedAt
        ballots = p.ballotCount
        decision = p.decision
        self.result = result
        self.myBallot = myBallot
    }
}

/// A stored ballot: the caller's, how many have voted, and whether it closed the proposal.
struct BallotAcceptedJSON: ResponseEncodable {
    let proposal: String
    let ballot: Ballot
    let ballots: Int
    let closed: Bool
}

struct ProposalCreatedJSON: ResponseEncodable {
    let proposal: ProposalJSON
    /// For a proposal to admit someone: their invite link, which works once it passes. Shown once.
    let admissionLink: String?
}

struct CountJSON: ResponseEncodable { let count: Int }

struct ChannelJSON: ResponseEncodable {
    let id: String
    let name: String
    let createdAt: Date
    let unread: Int
    init(_ summary: ChannelSummary) {
        id = summary.channel.id.rawValue
        name = summary.channel.name
        createdAt = summary.channel.createdAt
        unread = summary.unread
    }
}

struct MessageJSON: ResponseEncodable {
    let id: Int64
    let channelId: String
    let authorId: String?
    let author: String?
    let threadRoot: Int64?
    let body: String
    let createdAt: Date
    let editedAt: Date?
    let deleted: Bool
    let replyCount: Int
    init(_ message: Message) {
        id = message.id
        channelId = message.channelID.rawValue
        authorId = message.authorID?.rawValue
        author = message.author
        threadRoot = message.threadRootID
        body = message.body
        createdAt = message.createdAt
        editedAt = message.editedAt
        deleted = message.deleted
        replyCount = message.replyCount
    }
}

struct ThreadJSON: ResponseEncodable {
    let root: MessageJSON
    let replies: [MessageJSON]
}

struct EditJSON: ResponseEncodable {
    let body: String
    let replacedAt: Date
}

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

struct AssemblyJSON: ResponseEncodable {
    let id: String
    let name: String
    let createdAt: Date
    let memberCount: Int
    let rules: AssemblyRules
    init(_ assembly: Assembly, memberCount: Int) {
        id = assembly.id.rawValue
        name = assembly.name
        createdAt = assembly.createdAt
        self.memberCount = memberCount
        rules = assembly.rules
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

struct AuditJSON: ResponseEncodable {
    let id: Int64
    let at: Date
    let kind: String
    let actor: String?
    let actorIsOperator: Bool
    let subject: String?
    let detail: [String: String]
    let text: String
    init(_ entry: AuditEntry) {
        id = entry.id
        at = entry.at
        kind = entry.kind.rawValue
        actor = entry.actor
        actorIsOperator = entry.actorIsOperator
        subject = entry.subject
        detail = entry.detail
        text = entry.sentence
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
