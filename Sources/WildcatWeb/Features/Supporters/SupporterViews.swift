import Foundation
import WildcatDomain
import WildcatStore

/// A public action page: only what the assembly chose to say, the rota's gaps, and the
/// supporters' counts; never a member's name. The anti-forgery token and the challenge are
/// marks filled in per view (see `PublicPageCache`).
struct PublicActionView: Sendable {
    struct ShiftRow: Sendable {
        let id: String
        let role: String
        let span: String
        let iso: String
        let needed: Int
        let missing: Int
        let full: Bool
        let open: Bool
        let mine: Bool
        let checked: Bool
    }

    let chrome: PageChrome
    let title: String
    let kind: String
    let when: ZonedTimeView
    let until: String
    let place: String
    let text: String?
    let callNumber: String
    let callPoints: String?
    let hasCall: Bool
    let shifts: [ShiftRow]
    let hasShifts: Bool
    let supporters: Int
    let calls: Int
    let signUpAction: String
    let calledAction: String
    let challenge: String
    let workBits: Int
    let patience: Int
    let error: String?
    let name: String
    let contact: String
    let me: String?

    init(action: Action, token: String, shifts: [ShiftSeen], counts: (supporters: Int, calls: Int), me: Supporter?, error: String?, form: SignUpForm?,
         workBits: Int, patience: Int, now: Date) {
        let zone = action.starts.zone
        chrome = PageChrome(me: nil, csrf: PublicPageCache.csrfMark)
        title = action.title
        kind = ActionWords.kind(action.kind)
        when = ZonedTimeView(action.starts)
        until = ZonedTimeView.text(ZonedTime(instant: action.endsAt, zone: zone))
        place = action.place
        text = action.publicText.isEmpty ? nil : action.publicText
        callNumber = action.callNumber
        callPoints = action.callPoints.isEmpty ? nil : action.callPoints
        hasCall = !action.callNumber.isEmpty
        let chosen = Set(form?.shifts ?? [])
        self.shifts = shifts.map { row in
            ShiftRow(id: row.shift.id.rawValue, role: row.shift.role, span: ZonedTimeView.span(row.shift.startsAt, row.shift.endsAt, zone: zone),
                     iso: TimeText.iso(row.shift.startsAt), needed: row.shift.needed, missing: row.shift.missing, full: row.shift.missing == 0,
                     open: row.shift.missing > 0 && row.shift.startsAt > now && !row.mine, mine: row.mine, checked: chosen.contains(row.shift.id.rawValue))
        }
        hasShifts = !shifts.isEmpty
        supporters = counts.supporters
        calls = counts.calls
        signUpAction = Paths.publicAction(token) + "/sign-up"
        calledAction = Paths.publicAction(token) + "/called"
        challenge = PublicPageCache.challengeMark
        self.workBits = workBits
        self.patience = patience
        self.error = error
        name = form?.name ?? me?.name ?? ""
        contact = form?.contact ?? me?.contact ?? ""
        self.me = me?.name
    }
}

/// A supporter's own page.
struct SupporterView: Sendable {
    struct Item: Sendable {
        let title: String
        let link: String
        let when: ZonedTimeView
    }

    let chrome: PageChrome
    let name: String?
    let actions: [Item]
    let hasActions: Bool
}
