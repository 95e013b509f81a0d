import Foundation
import WildcatDomain
import WildcatStore

/// An action in a list.
struct ActionItem: Sendable {
    let link: String
    let title: String
    let kind: String
    let status: String
    let when: ZonedTimeView

    init(_ action: Action) {
        link = Paths.action(action.id, in: action.assemblyID)
        title = action.title
        kind = ActionWords.kind(action.kind)
        status = ActionWords.status(action)
        when = ZonedTimeView(action.starts)
    }
}

struct ActionListView: Sendable {
    let chrome: PageChrome
    let assemblyName: String
    let assemblyLink: String
    let demandsLink: String
    let action: String
    let error: String?
    let actions: [ActionItem]
    let hasActions: Bool
    let canDraft: Bool
    let inCommittee: Bool
    let form: ActionFormView
}

/// The new-action form, as sent back with a refusal.
struct ActionFormView: Sendable {
    let kinds: [Choice]
    let title: String
    let startsLocal: String
    let timeZone: String
    let hours: Int
    let place: String
    let details: String
    let demands: [Choice]
    let hasDemands: Bool
    let zones: [String]

    init(_ form: ActionForm, adopted: [Demand], zone: String) {
        kinds = Action.Kind.allCases.map { Choice(value: $0.rawValue, label: ActionWords.kind($0), selected: form.kind == $0.rawValue) }
        title = form.title ?? ""
        startsLocal = form.startsLocal ?? ""
        timeZone = zone
        hours = form.hours ?? 8
        place = form.place ?? ""
        details = form.details ?? ""
        demands = adopted.map { Choice(value: $0.id.rawValue, label: $0.text, selected: form.demands?.contains($0.id.rawValue) == true) }
        hasDemands = !adopted.isEmpty
        zones = TimeZoneChoices.all
    }
}

/// One action's page for a member.
struct ActionView: Sendable {
    struct ShiftRow: Sendable {
        let role: String
        let span: String
        let iso: String
        let needed: Int
        let taken: Int
        let missing: Int
        let full: Bool
        let members: String?
        let supporters: String?
        let mine: Bool
        let takeAction: String
        let leaveAction: String
        let canTake: Bool
    }

    struct TaskRow: Sendable {
        let text: String
        let taker: String?
        let done: Bool
        let mine: Bool
        let takeAction: String
        let doneAction: String
    }

    struct BoardLine: Sendable {
        let text: String
        let author: String
        let at: TimeView
    }

    struct SupporterRow: Sendable {
        let name: String
        let contact: String?
        let calls: Int
        let removeAction: String
    }

    let chrome: PageChrome
    let assemblyName: String
    let assemblyLink: String
    let listLink: String
    let error: String?
    let title: String
    let kind: String
    let status: String
    let drafted: Bool
    let called: Bool
    let cancelled: Bool
    let when: ZonedTimeView
    let until: String
    let place: String
    let details: String?
    let demands: [String]
    let hasDemands: Bool
    let isMember: Bool
    let inCommittee: Bool
    let mayCancel: Bool
    let proposeAction: String
    let cancelAction: String
    let shifts: [ShiftRow]
    let hasShifts: Bool
    let covered: Int
    let needed: Int
    let shiftAction: String
    let shiftRole: String
    let shiftStartsLocal: String
    let shiftHours: Int
    let shiftNeeded: Int
    let tasks: [TaskRow]
    let hasTasks: Bool
    let taskAction: String
    let board: [BoardLine]
    let hasBoard: Bool
    let boardAction: String
    let checkInAction: String
    let checkInNames: String
    let hasCheckIns: Bool
    let checkInCount: Int
    let checkedIn: Bool
    let isPublic: Bool
    let publicLink: String?
    let publicText: String
    let callNumber: String
    let callPoints: String
    let publicAction: String
    let withdrawAction: String
    let mayPublish: Bool
    let supporters: [SupporterRow]
    let supporterCount: Int
    let callCount: Int
    let id: String
    /// Changes to the board, rota, tasks and supporters arrive live.
    let live: LiveAttributes

    init(_ seen: ActionsService.Seen, context: AssemblyContext, now: Date, publicURL: String, error: String?, shiftForm: ShiftForm?,
         words: PublicWordsForm?, live: LiveAttributes) {
        self.live = live
        id = seen.action.id.rawValue
        let action = seen.action
        let link = Paths.action(action.id, in: action.assemblyID)
        let zone = action.starts.zone
        chrome = PageChrome(context)
        assemblyName = context.assembly.name
        assemblyLink = Paths.assembly(context.assembly.id)
        listLink = Paths.actions(context.assembly.id)
        self.error = error
        title = action.title
        kind = ActionWords.kind(action.kind)
        status = ActionWords.status(action)
        drafted = action.status == .drafted
        called = action.status == .called
        cancelled = action.status == .cancelled
        when = ZonedTimeView(action.starts)
        until = ZonedTimeView.text(ZonedTime(instant: action.endsAt, zone: zone))
        place = action.place
        details = action.details.isEmpty ? nil : action.details
        demands = seen.demands.map(\.text)
        hasDemands = !seen.demands.isEmpty
        isMember = context.access == .member
        inCommittee = context.assembly.kind == .committee
        mayCancel = isMember && action.cancelRefusal(by: context.account.id, inCommittee: inCommittee) == nil
        proposeAction = link + "/propose"
        cancelAction = link + "/cancel"
        shifts = seen.shifts.map { row in
            let shift = row.shift
            return ShiftRow(role: shift.role, span: ZonedTimeView.span(shift.startsAt, shift.endsAt, zone: zone), iso: TimeText.iso(shift.startsAt),
                            needed: shift.needed, taken: shift.taken, missing: shift.missing,
                            full: shift.missing == 0, members: row.members.isEmpty ? nil : row.members.joined(separator: ", "),
                            supporters: row.supporters.isEmpty ? nil : row.supporters.joined(separator: ", "),
                            mine: row.mine, takeAction: "\(link)/shifts/\(shift.id)/take", leaveAction: "\(link)/shifts/\(shift.id)/leave",
                            canTake: !row.mine && shift.missing > 0 && shift.startsAt > now && action.status != .cancelled)
        }
        hasShifts = !seen.shifts.isEmpty
        covered = seen.shifts.reduce(0) { $0 + $1.shift.taken }
        needed = seen.shifts.reduce(0) { $0 + $1.shift.needed }
        shiftAction = link + "/shifts"
        shiftRole = shiftForm?.role ?? ""
        shiftStartsLocal = shiftForm?.startsLocal ?? action.starts.localText
        shiftHours = shiftForm?.hours ?? 4
        shiftNeeded = shiftForm?.needed ?? 3
        tasks = seen.tasks.map { row in
            TaskRow(text: row.task.text, taker: row.takerName, done: row.task.done, mine: row.task.takenBy == context.account.id,
                    takeAction: "\(link)/tasks/\(row.task.id)/take", doneAction: "\(link)/tasks/\(row.task.id)/done")
        }
        hasTasks = !seen.tasks.isEmpty
        taskAction = link + "/tasks"
        board = seen.board.map { BoardLine(text: $0.text, author: $0.author ?? "a former member", at: TimeView($0.at)) }
        hasBoard = !seen.board.isEmpty
        boardAction = link + "/board"
        checkInAction = link + "/check-in"
        checkInNames = seen.checkIns.joined(separator: ", ")
        hasCheckIns = !seen.checkIns.isEmpty
        checkInCount = seen.checkIns.count
        checkedIn = seen.checkIns.contains(context.account.pseudonym)
        isPublic = action.isPublic
        publicLink = seen.publicToken.map { publicURL + Paths.publicAction($0) }
        publicText = words?.publicText ?? action.publicText
        callNumber = words?.callNumber ?? action.callNumber
        callPoints = words?.callPoints ?? action.callPoints
        publicAction = link + "/public"
        withdrawAction = link + "/withdraw"
        mayPublish = isMember && action.publishRefusal == nil
        supporters = seen.supporters.map {
            SupporterRow(name: $0.supporter.name, contact: $0.supporter.contact.isEmpty ? nil : $0.supporter.contact, calls: $0.calls, removeAction: "\(link)/supporters/\($0.supporter.id)/remove")
        }
        supporterCount = seen.supporters.count
        callCount = seen.supporters.reduce(0) { $0 + $1.calls }
    }
}
