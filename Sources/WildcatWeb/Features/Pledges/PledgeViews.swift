import Foundation
import WildcatDomain

/// A pledge as a page shows it: the count toward the threshold, never who.
struct PledgeItem: Sendable {
    let id: String
    let link: String
    let text: String
    let threshold: String
    let pledged: Int
    let needed: Int
    let deadline: TimeView
    let state: String
    let isOpen: Bool
    let isReached: Bool
    let isExpired: Bool
    let mine: Bool
    let pledgeAction: String
    let withdrawAction: String

    init(_ seen: PledgesService.Seen, in assembly: ID<Assembly>) {
        let pledge = seen.pledge
        id = pledge.id.rawValue
        link = Paths.pledge(pledge.id, in: assembly)
        text = pledge.text
        threshold = PledgeWords.threshold(pledge.threshold)
        pledged = pledge.count
        needed = seen.needed
        deadline = TimeView(pledge.deadline)
        state = pledge.state.rawValue
        isOpen = pledge.state == .open
        isReached = pledge.state == .reached
        isExpired = pledge.state == .expired
        mine = seen.mine
        pledgeAction = link + "/pledge"
        withdrawAction = link + "/withdraw"
    }
}

enum PledgeWords {
    static func threshold(_ threshold: PledgeThreshold) -> String {
        let share = threshold.share.map { share -> String in
            if 100 % share.denominator == 0 { return "\(share.numerator * (100 / share.denominator)) % of members" }
            return "\(share.numerator)/\(share.denominator) of members"
        }
        let count = threshold.count.map { $0 == 1 ? "1 person" : "\($0) people" }
        switch (share, count) {
        case (let share?, let count?): return "\(share) or \(count), whichever comes first"
        case (let share?, nil): return share
        case (nil, let count?): return count
        case (nil, nil): return ""
        }
    }
}

struct PledgeListView: Sendable {
    let chrome: PageChrome
    let assemblyName: String
    let assemblyLink: String
    let action: String
    let error: String?
    let pledges: [PledgeItem]
    let hasPledges: Bool
    let text: String
    let share: String
    let count: String
    let deadlineLocal: String
    let utcOffsetMinutes: Int
    let pledgeToo: Bool
    let textLimit: Int
    let live: LiveAttributes
}

struct PledgeView: Sendable {
    let chrome: PageChrome
    let assemblyName: String
    let assemblyLink: String
    let listLink: String
    let pledge: PledgeItem
    let pledgers: [String]
    let revealed: Bool
    let proposeLink: String?
    let live: LiveAttributes
}
