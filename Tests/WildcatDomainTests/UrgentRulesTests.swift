import Foundation
import Testing
import WildcatDomain

/// Urgent votes: allowed only by the assembly's rule, at its shortest deadline and its quorum.
@Suite("Urgent rules")
struct UrgentRulesTests {
    let now = Date(timeIntervalSince1970: 1_795_703_400)
    let rule = UrgentRule(shortestMinutes: 120, quorum: .share(Fraction(1, 10)!), whoMayOpen: .anyMember)

    private func draft(minutes: Int, quorum: Quorum? = nil, rules: AssemblyRules) throws -> ProposalDraft {
        var request = ProposalRequest(title: "Walk out at noon", method: .yesno)
        request.urgent = true
        request.quorum = quorum
        request.closesAt = now + TimeInterval(minutes * 60)
        return try ProposalDraft(request: request, rules: rules, members: [], now: now)
    }

    @Test func anUrgentVoteNeedsTheRuleAndKeepsToItsDeadlineAndQuorum() throws {
        // Without the rule: refused.
        #expect(throws: InputError.self) { try draft(minutes: 120, rules: .defaults) }
        var rules = AssemblyRules.defaults
        rules.urgent = rule
        // The shortest deadline, and up to a day; not a minute less or more.
        #expect(throws: InputError.self) { try draft(minutes: 119, rules: rules) }
        let soonest = try draft(minutes: 120, rules: rules)
        #expect(soonest.urgent == true && soonest.quorum == .share(Fraction(1, 10)!))
        #expect(try draft(minutes: 1440, rules: rules).urgent == true)
        #expect(throws: InputError.self) { try draft(minutes: 1441, rules: rules) }
        // Its quorum is the rule's: the same is accepted, another refused.
        #expect(try draft(minutes: 180, quorum: .share(Fraction(1, 10)!), rules: rules).urgent == true)
        #expect(throws: InputError.self) { try draft(minutes: 180, quorum: .share(Fraction(1, 2)!), rules: rules) }
        // "In 2 hours" chosen a moment before the draft is checked is still 2 hours.
        var request = ProposalRequest(title: "Now", method: .yesno)
        request.urgent = true
        request.closesAt = now + 7200 - 0.4
        #expect(try ProposalDraft(request: request, rules: rules, members: [], now: now).urgent == true)
        // Not urgent: nothing changes.
        let plain = ProposalRequest(title: "Later", method: .yesno, closesInMinutes: 60)
        #expect(try ProposalDraft(request: plain, rules: rules, members: [], now: now).urgent == nil)
    }

    @Test func theRuleIsCheckedAtItsBoundsAndOldRulesAllowNone() throws {
        for minutes in [14, 1441] {
            var rules = AssemblyRules.defaults
            rules.urgent = UrgentRule(shortestMinutes: minutes, quorum: .voters(3), whoMayOpen: .delegates)
            #expect(throws: InputError.self) { try rules.validated() }
        }
        for minutes in [15, 1440] {
            var rules = AssemblyRules.defaults
            rules.urgent = UrgentRule(shortestMinutes: minutes, quorum: .voters(3), whoMayOpen: .delegates)
            #expect(throws: Never.self) { try rules.validated() }
        }
        let stored = #"{"whoMayInvite":"anyMember","inviteExpiryHours":168,"retentionDays":90,"defaultQuorum":{"share":"1/4"},"defaultThreshold":{"fraction":"1/2","rule":"moreThan"}}"#
        let old = try JSONDecoder().decode(AssemblyRules.self, from: Data(stored.utf8))
        #expect(old.urgent == nil && old.changes(to: { var r = old; r.urgent = rule; return r }()) == [.urgent])
    }
}
