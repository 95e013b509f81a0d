import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Pages of assemblies: the home page with one's assemblies, founding one, an assembly's page,
/// invites, leaving.
struct AssemblyPages {
    let service: AssembliesService
    let chat: ChatService
    var pages: Pages { service.environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.get, "/", use: home)
        routes.member(.post, "/assemblies", use: found)
        routes.assembly(.get, "", use: show)
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
        let items = try await service.assemblies(of: account).map { entry in
            HomeView.Item(link: Paths.assembly(entry.assembly.id), name: entry.assembly.name, members: entry.members, one: entry.members == 1)
        }
        return pages.render("home", HomeView(chrome: chrome, assemblies: items, name: name, error: error), status: status)
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
        try await assemblyPage(context: context, error: nil, status: .ok)
    }

    private func assemblyPage(context: AssemblyContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let assembly = context.assembly
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
        let view = AssemblyView(
            chrome: PageChrome(context), name: assembly.name,
            links: .init(proposals: Paths.proposals(assembly.id), newProposal: Paths.newProposal(assembly.id),
                         createChannel: Paths.channels(assembly.id), createInvite: Paths.invites(assembly.id), leave: Paths.leave(assembly.id)),
            channels: try await channels.map {
                AssemblyView.ChannelItem(link: Paths.channel($0.channel.id, in: assembly.id), channelID: $0.channel.id.rawValue,
                                         name: $0.channel.name, unread: $0.unread, hasUnread: $0.unread > 0)
            },
            members: memberItems, memberCount: memberItems.count, mayInvite: Permissions.mayInvite(rules: assembly.rules),
            inviteExpiryHours: assembly.rules.inviteExpiryHours, invites: inviteItems, hasInvites: !inviteItems.isEmpty,
            rules: RuleWords.described(assembly.rules).map { AssemblyView.RuleItem(name: $0.name, value: $0.value) },
            audit: try await audit.map { AssemblyView.AuditItem(at: TimeView($0.at), text: AuditWords.sentence($0)) }, error: error)
        return pages.render("assembly", view, status: status)
    }

    @Sendable func createInvite(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            let form = try await FormDecoding.decode(InviteRequest.self, from: request, context: context)
            let (invite, link) = try await service.createInvite(in: context.assembly, by: context.actor, form)
            return pages.render("invite-created", InviteCreatedView(
                chrome: PageChrome(context), assemblyLink: Paths.assembly(context.assembly.id), assemblyName: context.assembly.name,
                link: link, usage: invite.usageText, expires: TimeView(invite.expiresAt)))
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
