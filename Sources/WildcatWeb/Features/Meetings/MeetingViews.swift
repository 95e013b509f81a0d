import Foundation
import WildcatDomain
import WildcatStore

/// A meeting in a list.
struct MeetingItem: Sendable {
    let link: String
    let title: String
    let when: ZonedTimeView
    let until: String
    let place: String
    let cancelled: Bool

    init(_ meeting: Meeting) {
        link = Paths.meeting(meeting.id, in: meeting.assemblyID)
        title = meeting.title
        when = ZonedTimeView(meeting.starts)
        until = ZonedTimeView.until(meeting.endsAt, zone: meeting.starts.zone)
        place = meeting.place
        cancelled = meeting.cancelledAt != nil
    }
}

struct MeetingListView: Sendable {
    let chrome: PageChrome
    let assemblyName: String
    let assemblyLink: String
    let calendarLink: String
    let action: String
    let error: String?
    let coming: [MeetingItem]
    let past: [MeetingItem]
    let hasComing: Bool
    let hasPast: Bool
    let form: MeetingFormView
    let canCall: Bool
}

/// The new-meeting form, as sent back with a refusal or pre-filled from a time poll.
struct MeetingFormView: Sendable {
    let title: String
    let startsLocal: String
    let timeZone: String
    let lengthMinutes: Int
    let place: String
    let agenda: String
    let poll: String
    let pollSlot: String?
    let members: [Choice]
    let proposals: [Choice]
    let hasProposals: Bool
    let zones: [String]
}

struct MeetingView: Sendable {
    struct Point: Sendable {
        let text: String
        let link: String?
    }

    struct Answer: Sendable {
        let value: String
        let label: String
        let chosen: Bool
    }

    let chrome: PageChrome
    let assemblyName: String
    let assemblyLink: String
    let listLink: String
    let title: String
    let when: ZonedTimeView
    let until: String
    let place: String
    let assemblyMeeting: Bool
    let agenda: [Point]
    let hasAgenda: Bool
    let cancelled: Bool
    let over: Bool
    let counts: RSVPCount
    let answers: [Answer]
    let answerAction: String
    let yesNames: String
    let maybeNames: String
    let noNames: String
    let minutesBy: String?
    let minutes: String?
    let mayWriteMinutes: Bool
    let minutesAction: String
    let mayCancel: Bool
    let cancelAction: String
    let icsLink: String
    let pollLink: String?
    let error: String?
}

/// On a closed time poll's page: the one-step form that turns its winning slot into a meeting.
struct PollMeetingView: Sendable {
    let action: String
    let slot: String
    let readsAsTime: Bool

    init?(_ proposal: Proposal, assembly: Assembly, mayAct: Bool) {
        guard mayAct, proposal.draft.method == .timepoll, !proposal.isOpen, let slot = proposal.decision?.winners.first else { return nil }
        action = Paths.meetingFromPoll(proposal.id, in: assembly.id)
        self.slot = slot
        readsAsTime = PollSlot.localTime(slot) != nil
    }
}
