import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// A council's page. A council is an assembly whose members are the delegates its member
/// assemblies elected; its channels and proposals are the assembly pages' own. Members of its
/// assemblies read it; they never see the other assemblies' insides.
struct CouncilPages {
    let service: CouncilsService
    let committees: CommitteePages
    let chat: ChatService
    let assemblies: AssembliesService
    var pages: Pages { service.environment.pages }

    func councilPage(context: AssemblyContext) async throws -> Response {
        let council = try await service.council(context.assembly)
        let own = try await service.ownAssemblies(in: council, for: context.account)
        let mine = Set(own.map(\.id))
        let channels = context.readsChannels ? try await chat.channels(of: context.assembly, for: context.account) : []
        let audit = try await assemblies.auditLog(of: context.assembly, limit: 200)
        let calls = try await service.calls(through: context.assembly)
        let higher = try await service.councils(of: context.assembly).map { above in
            CouncilItem(above, member: council.id) { committees.delegateItem($0, petition: nil) }
        }
        let admissions = try await service.admissions(in: context.assembly).map {
            AdmissionItem(name: $0.asked.name, members: $0.asked.members, voteLink: Paths.proposal($0.vote.id, in: council.id))
        }
        let view = CouncilView(
            chrome: PageChrome(context), name: council.name,
            via: own.map(\.name).joined(separator: ", "), viaLink: own.first.map { Paths.assembly($0.id) },
            isObserver: context.access == .observer, code: council.id.rawValue,
            blocks: BlockItem.blocks(council.charter.mandate), seats: CouncilWords.seats(council.charter.seats),
            term: CommitteeWords.term(council.charter.termDays), rotation: CommitteeWords.rotation(council.charter.maxTerms),
            weighting: CouncilWords.weighting(council.charter.weighting ?? .perDelegate),
            ratification: CouncilWords.ratification(council.charter.ratification ?? .majority),
            members: council.members.map { member in
                let sent = council.delegates(of: member.id).map { committees.delegateItem($0, petition: nil) }
                return CouncilMemberItem(name: member.name, members: member.members, delegates: sent, hasDelegates: !sent.isEmpty,
                                         isMine: mine.contains(member.id))
            },
            higher: higher, hasHigher: !higher.isEmpty, joinLink: Paths.newProposal(council.id, method: .yesno, effect: .join),
            admissions: admissions, hasAdmissions: !admissions.isEmpty,
            readsChannels: context.readsChannels,
            channels: channels.map {
                AssemblyView.ChannelItem(link: Paths.channel($0.channel.id, in: council.id), channelID: $0.channel.id.rawValue, name: $0.channel.name,
                                         unread: UnreadWords.count($0.unread), hasUnread: $0.unread > 0)
            },
            proposalsLink: Paths.proposals(council.id), meetingsLink: Paths.meetings(council.id), actionsLink: Paths.actions(council.id),
            calls: calls.map { CallItem($0, viewer: mine) }, hasCalls: !calls.isEmpty,
            callLink: own.first.map { Paths.newProposal($0.id, method: .yesno, effect: .call, committee: council.id) },
            audit: audit.map { AssemblyView.AuditItem(at: TimeView($0.at), text: AuditWords.sentence($0)) },
            leave: Paths.leave(council.id),
            live: LiveAttributes(mode: "assembly", me: context.account.id.rawValue, after: try await service.environment.liveCursor(),
                                 assembly: council.id.rawValue, channel: "", root: ""))
        return pages.render("council", view)
    }
}
