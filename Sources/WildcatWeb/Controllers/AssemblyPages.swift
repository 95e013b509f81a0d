import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Pages of assemblies: the list, founding one, an assembly's page, invites, leaving.
struct AssemblyPages {
    let environment: WebEnvironment
    var actions: Actions { Actions(environment: environment) }
    var store: Store { environment.store }
    var pages: Pages { environment.pages }

    func addRoutes(members: RouterGroup<MemberContext>, assembly: RouterGroup<AssemblyContext>) {
        members.post("/assemblies", use: found)
        assembly.get("", use: show)
        assembly.post("/invites", use: createInvite)
        assembly.post("/invites/{invite}/revoke", use: revokeInvite)
        assembly.post("/leave", use: leave)
    }

    func homePage(signedIn: SignedIn, csrf: String, name: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let items = try await store.assemblies(of: signedIn.account.id).map { entry in
            HomeView.Item(id: entry.assembly.id.rawValue, name: entry.assembly.name, members: entry.members, one: entry.members == 1)
        }
        return pages.render("home", HomeView(me: signedIn.account.pseudonym, csrf: csrf, assemblies: items, name: name, error: error), status: status)
    }

    @Sendable func found(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        do {
            let assembly = try await actions.foundAssembly(name: form.text("name"), founder: context.account)
            return seeOther("/a/\(assembly.id)")
        } catch let error as InputError {
            return try await homePage(signedIn: context.signedIn, csrf: context.csrfToken, name: String(form.text("name").prefix(200)),
                                      error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await assemblyPage(context: context, error: nil, status: .ok)
    }

    private func assemblyPage(context: AssemblyContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let assembly = context.assembly
        let now = Date()
        async let members = store.members(of: assembly.id)
        async let invites = store.openInvites(of: assembly.id, now: now)
        async let audit = store.auditLog(of: assembly.id, limit: 200)
        async let channels = store.channels(of: assembly.id, for: context.account.id)
        let memberItems = try await members.map { member in
            AssemblyView.MemberItem(pseudonym: member.pseudonym, isMe: member.accountID == context.account.id,
                                    joined: Clock.text(member.joinedAt), joinedISO: Clock.iso(member.joinedAt),
                                    invitedBy: member.invitedByOperator ? "the server operator" : member.invitedBy)
        }
        let inviteItems = try await invites.map { invite in
            AssemblyView.InviteItem(id: invite.id.rawValue, assemblyID: assembly.id.rawValue, usage: invite.usageText,
                                    madeBy: invite.createdBy ?? "the server operator",
                                    expires: Clock.text(invite.expiresAt), expiresISO: Clock.iso(invite.expiresAt))
        }
        let auditItems = try await audit.map { entry in
            AssemblyView.AuditItem(at: Clock.text(entry.at), atISO: Clock.iso(entry.at), text: entry.sentence)
        }
        let view = AssemblyView(
            me: context.account.pseudonym, csrf: context.csrfToken, id: assembly.id.rawValue, name: assembly.name,
            channels: try await channels.map { AssemblyView.ChannelItem(channelID: $0.channel.id.rawValue, name: $0.channel.name, unread: $0.unread, hasUnread: $0.unread > 0) },
            members: memberItems, memberCount: memberItems.count, mayInvite: Permissions.mayInvite(rules: assembly.rules),
            inviteExpiryHours: assembly.rules.inviteExpiryHours, invites: inviteItems, hasInvites: !inviteItems.isEmpty,
            rules: assembly.rules.described.map { AssemblyView.RuleItem(name: $0.name, value: $0.value) },
            audit: auditItems, error: error)
        return pages.render("assembly", view, status: status)
    }

    @Sendable func createInvite(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        do {
            let maxUses = form["uses"] == "multi" ? try form.integer("maxUses") ?? 10 : 1
            let (invite, link) = try await actions.createInvite(in: context.assembly, by: context.actor, maxUses: maxUses,
                                                                expiresInHours: try form.integer("expiresInHours"))
            let view = InviteCreatedView(me: context.account.pseudonym, csrf: context.csrfToken, assemblyID: context.assembly.id.rawValue,
                                         assemblyName: context.assembly.name, link: link, usage: invite.usageText,
                                         expires: Clock.text(invite.expiresAt), expiresISO: Clock.iso(invite.expiresAt))
            return pages.render("invite-created", view)
        } catch let error as InputError {
            return try await assemblyPage(context: context, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func revokeInvite(_ request: Request, context: AssemblyContext) async throws -> Response {
        let invite = try context.parameters.require("invite")
        try await store.revokeInvite(ID(invite), assemblyID: context.assembly.id, by: context.actor, now: Date())
        return seeOther("/a/\(context.assembly.id)#invite")
    }

    @Sendable func leave(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await actions.leave(context.assembly, account: context.account)
        return seeOther("/")
    }
}
