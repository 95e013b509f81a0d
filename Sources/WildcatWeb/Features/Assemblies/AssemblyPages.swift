import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Pages of assemblies: the home page with one's assemblies, founding one, an assembly's page and
/// its forms (a channel, an invite), leaving.
struct AssemblyPages {
    let service: AssembliesService
    let chat: ChatService
    let committees: CommitteePages
    let councils: CouncilPages
    var pages: Pages { service.environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.get, "/", use: home)
        routes.member(.post, "/assemblies", use: found)
        routes.assembly(.get, "", use: show)
        routes.assembly(.post, "/channels", use: createChannel)
        routes.assembly(.post, "/invites", use: createInvite)
        routes.assembly(.post, "/invites/{invite}/revoke", use: revokeInvite)
        routes.assembly(.post, "/leave", use: leave)
        return routes
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return pages.render("welcome", PlainPage(chrome: PageChrome(context))) }
        return try await homePage(account: signedIn.account, chrome: PageChrome(context))
    }

    private func homePage(account: Account, chrome: PageChrome, name: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        async let unread = service.unreadCounts(of: account)
        async let awaiting = service.awaitingVote(of: account, in: nil)
        let entries = try await service.assemblies(of: account)
        let counts = try await unread
        let names = Dictionary(entries.map { ($0.assembly.id, $0.assembly.name) }, uniquingKeysWith: { first, _ in first })
        let items = entries.map { entry in
            let unread = counts[entry.assembly.id] ?? 0
            return HomeView.Item(link: Paths.assembly(entry.assembly.id), name: entry.assembly.name, members: entry.members, one: entry.members == 1,
                                 unread: UnreadWords.count(unread), hasUnread: unread > 0)
        }
        let waiting = try await awaiting.map { AwaitingItem($0, assemblyName: names[$0.assemblyID]) }
        return pages.render("home", HomeView(chrome: chrome, assemblies: items, awaiting: waiting, name: name, error: error), status: status)
    }

    @Sendable func found(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await FormDecoding.decode(FoundAssemblyRequest.self, from: request, context: context)
        do {
            return seeOther(Paths.assembly(try await service.found(form, by: context.account).id))
        } catch let error as InputError {
            return try await homePage(account: context.account, chrome: PageChrome(context), name: String(form.name.prefix(200)),
                                      error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AssemblyContext) async throws -> Response {
        if context.assembly.kind == .committee { return try await committees.committeePage(context: context) }
        if context.assembly.kind == .council { return try await councils.councilPage(context: context) }
        return try await assemblyPage(context: context, error: nil, status: .ok)
    }

    private func assemblyPage(context: AssemblyContext, error: String?, status: HTTPResponse.Status,
                              channelForm: (name: String, error: String)? = nil) async throws -> Response {
        let assembly = context.assembly
        async let awaiting = service.awaitingVote(of: context.account, in: assembly)
        async let bodies = committees.service.committees(of: assembly)
        async let petitions = committees.petitionItems(in: assembly, for: context.account)
        async let joined = councils.service.councils(of: assembly)
        async let calls = councils.service.calls(involving: assembly)
        async let members = service.members(of: assembly)
        async let invites = service.openInvites(of: assembly)
        async let audit = service.auditLog(of: assembly, limit: 200)
        async let channels = chat.channels(of: assembly, for: context.account)
        let memberItems = try await members.map { member in
            AssemblyView.MemberItem(pseudonym: member.pseudonym, isMe: member.accountID == context.account.id, joined: TimeView(member.joinedAt),
                                    invitedBy: member.invitedByOperator ? "the server operator" : member.invitedBy)
        }
        let inviteItems = try await invites.map { invite in
            AssemblyView.InviteItem(usage: invite.usageText, madeBy: invite.createdBy ?? "the server operator", expires: TimeView(invite.expiresAt),
                                    revoke: Paths.revokeInvite(invite.id, in: assembly.id))
        }
        let waiting = try await awaiting.map { AwaitingItem($0, assemblyName: nil) }
        let open = try await petitions
        let committeeItems = try await bodies.map { committee in
            CommitteeItem(name: committee.name, link: Paths.assembly(committee.id),
                          seats: "\(committee.delegates.count) of \(CommitteeWords.seats(committee.charter.seats)) filled",
                          vacancies: committee.vacancies, hasVacancies: committee.vacancies > 0,
                          electLink: Paths.newProposal(assembly.id, method: .stv, effect: .elect, committee: committee.id),
                          delegates: committee.delegates.map { committees.delegateItem($0, petition: open[$0.account]) },
                          hasDelegates: !committee.delegates.isEmpty)
        }
        let councilItems = try await joined.map { council in
            CouncilItem(council, member: assembly.id) { committees.delegateItem($0, petition: open[$0.account]) }
        }
        let callItems = try await calls.map { CallItem($0, viewer: [assembly.id]) }
        let view = AssemblyView(
            chrome: PageChrome(context), name: assembly.name,
            links: .init(proposals: Paths.proposals(assembly.id), newProposal: Paths.newProposal(assembly.id),
                         createChannel: Paths.channels(assembly.id), createInvite: Paths.invites(assembly.id), leave: Paths.leave(assembly.id),
                         pledges: Paths.pledges(assembly.id), meetings: Paths.meetings(assembly.id), actions: Paths.actions(assembly.id),
                         demands: Paths.demands(assembly.id), direct: Paths.direct(assembly.id)),
            channels: try await channels.map {
                AssemblyView.ChannelItem(link: Paths.channel($0.channel.id, in: assembly.id), channelID: $0.channel.id.rawValue,
                                         name: $0.channel.name, unread: UnreadWords.count($0.unread), hasUnread: $0.unread > 0)
            },
            channelName: channelForm?.name ?? "", channelError: channelForm?.error, channelNameLength: Limits.channelNameLength.upperBound,
            awaiting: waiting, hasAwaiting: !waiting.isEmpty,
            committees: committeeItems, hasCommittees: !committeeItems.isEmpty,
            setUpCommittee: Paths.newProposal(assembly.id, method: .yesno, effect: .committee),
            councils: councilItems, hasCouncils: !councilItems.isEmpty,
            foundCouncil: Paths.newProposal(assembly.id, method: .yesno, effect: .council),
            joinCouncil: Paths.newProposal(assembly.id, method: .yesno, effect: .join),
            calls: callItems, hasCalls: !callItems.isEmpty, sendCall: Paths.newProposal(assembly.id, method: .yesno, effect: .call), code: assembly.id.rawValue,
            live: LiveAttributes(mode: "assembly", me: context.account.id.rawValue, after: try await service.environment.liveCursor(),
                                 assembly: assembly.id.rawValue, channel: "", root: ""),
            members: memberItems, memberCount: memberItems.count, mayInvite: Permissions.mayInvite(rules: assembly.rules, kind: assembly.kind),
            inviteExpiryHours: assembly.rules.inviteExpiryHours, invites: inviteItems, hasInvites: !inviteItems.isEmpty,
            rules: RuleWords.described(assembly.rules).map { AssemblyView.RuleItem(name: $0.name, value: $0.value) },
            audit: try await audit.map { AssemblyView.AuditItem(at: TimeView($0.at), text: AuditWords.sentence($0)) }, error: error)
        return pages.render("assembly", view, status: status)
    }

    /// Creates a channel and opens it; a bad or taken name comes back to this page with the
    /// name as typed and the reason beside the form.
    @Sendable func createChannel(_ request: Request, context: AssemblyContext) async throws -> Response {
        var typed = ""
        do {
            let form = try await FormDecoding.decode(ChannelRequest.self, from: request, context: context)
            typed = String(form.name.prefix(Limits.channelNameLength.upperBound * 4))
            let channel = try await chat.createChannel(in: context.assembly, form)
            return seeOther(Paths.channel(channel.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await assemblyPage(context: context, error: nil, status: .unprocessableContent, channelForm: (typed, error.message))
        } catch Refusal.channelNameTaken(let name) {
            return try await assemblyPage(context: context, error: nil, status: .conflict,
                                          channelForm: (typed, "This assembly already has a channel called “\(name)”."))
        }
    }

    @Sendable func createInvite(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            let form = try await FormDecoding.decode(InviteRequest.self, from: request, context: context)
            let (invite, link) = try await service.createInvite(in: context.assembly, by: context.actor, form)
            return pages.render("invite-created", InviteCreatedView(
                chrome: PageChrome(context), assemblyLink: Paths.assembly(context.assembly.id), assemblyName: context.assembly.name,
                link: link, usage: invite.usageText, expires: TimeView(invite.expiresAt),
                qrCode: QRCodeSVG.svg(link, label: "QR code of the invite link")))
        } catch let error as InputError {
            return try await assemblyPage(context: context, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func revokeInvite(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await service.revokeInvite(ID(try context.parameters.require("invite")), in: context.assembly, by: context.actor)
        return seeOther(Paths.assembly(context.assembly.id, section: "invite"))
    }

    @Sendable func leave(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await service.leave(context.assembly, account: context.account)
        return seeOther(Paths.home)
    }
}
