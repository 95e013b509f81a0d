import Foundation
import Testing
import WildcatDomain

@Suite struct RulesAndInvitesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func defaultsAreValidAndOpenToInvitesByAnyMember() throws {
        let rules = try AssemblyRules.defaults.validated()
        #expect(rules.whoMayInvite == .anyMember)
        #expect(Permissions.mayInvite(rules: rules, kind: .assembly))
        #expect(rules.defaultThreshold == Threshold(Fraction(1, 2)!, .moreThan))
        #expect(rules.recallShare == Fraction(1, 5))
        // A new assembly allows no urgent vote until it decides to.
        #expect(rules.urgent == nil && !rules.alertTitles)
        // Someone who joins reads only what comes after.
        #expect(!rules.newcomersSeeHistory)
        #expect(AssemblyRules.Rule.allCases.count == 9)
    }

    @Test func rulesStoredBeforeRecallPetitionsGetTheDefaultShare() throws {
        let old = #"{"whoMayInvite":"anyMember","inviteExpiryHours":168,"retentionDays":90,"defaultQuorum":{"share":"1/4"},"defaultThreshold":{"fraction":"1/2","rule":"moreThan"}}"#
        let rules = try JSONDecoder().decode(AssemblyRules.self, from: Data(old.utf8))
        #expect(rules == .defaults && rules.recallShare == Fraction(1, 5))
        var none = rules
        none.recallShare = Fraction(0, 1)!
        #expect(throws: InputError.self) { try none.validated() }
        none.recallShare = Fraction(6, 5)!
        #expect(throws: InputError.self) { try none.validated() }
        none.recallShare = Fraction(1, 1)!
        #expect(throws: Never.self) { try none.validated() }
    }

    @Test func onlyByDecisionRulesForbidDirectInvites() {
        var rules = AssemblyRules.defaults
        rules.whoMayInvite = .byDecision
        #expect(!Permissions.mayInvite(rules: rules, kind: .assembly))
        // Nobody is ever invited into a committee: its assembly elects its delegates.
        #expect(!Permissions.mayInvite(rules: .defaults, kind: .committee))
    }

    @Test func rulesRoundTripThroughJSON() throws {
        var rules = AssemblyRules.defaults
        rules.defaultQuorum = .voters(7)
        let data = try JSONEncoder().encode(rules)
        #expect(try JSONDecoder().decode(AssemblyRules.self, from: data) == rules)
        #expect(String(decoding: try JSONEncoder().encode(AssemblyRules.defaults.defaultQuorum), as: UTF8.self) == #"{"share":"1\/4"}"#)
    }

    @Test func ruleRanges() {
        var rules = AssemblyRules.defaults
        rules.retentionDays = 0
        #expect(throws: InputError.self) { try rules.validated() }
        rules = .defaults
        rules.inviteExpiryHours = 721
        #expect(throws: InputError.self) { try rules.validated() }
        rules = .defaults
        rules.defaultQuorum = .share(Fraction(3, 2)!)
        #expect(throws: InputError.self) { try rules.validated() }
    }

    @Test func inviteTermsTakeTheRulesDefaultExpiryAndCheckLimits() throws {
        let terms = try InviteTerms(maxUses: 1, expiresInHours: nil, rules: .defaults, now: now)
        #expect(terms.expiresAt == now.addingTimeInterval(7 * 86400))
        _ = try InviteTerms(maxUses: 1000, expiresInHours: 720, rules: .defaults, now: now)
        #expect(throws: InputError.self) { try InviteTerms(maxUses: 0, expiresInHours: 1, rules: .defaults, now: now) }
        #expect(throws: InputError.self) { try InviteTerms(maxUses: 1001, expiresInHours: 1, rules: .defaults, now: now) }
        #expect(throws: InputError.self) { try InviteTerms(maxUses: 1, expiresInHours: 0, rules: .defaults, now: now) }
        #expect(throws: InputError.self) { try InviteTerms(maxUses: 1, expiresInHours: 721, rules: .defaults, now: now) }
    }

    @Test func inviteStatusAtItsBoundaries() {
        let expiry = now.addingTimeInterval(60)
        #expect(InviteStatus.of(maxUses: 1, uses: 0, expiresAt: expiry, revoked: false, now: now) == .usable)
        #expect(InviteStatus.of(maxUses: 1, uses: 1, expiresAt: expiry, revoked: false, now: now) == .used)
        #expect(InviteStatus.of(maxUses: nil, uses: 500, expiresAt: expiry, revoked: false, now: now) == .usable)
        #expect(InviteStatus.of(maxUses: 2, uses: 0, expiresAt: expiry, revoked: false, now: expiry) == .expired)
        #expect(InviteStatus.of(maxUses: 2, uses: 0, expiresAt: expiry, revoked: true, now: now) == .revoked)
    }

    @Test func aRuleChangeNamesOnlyTheRulesItChanges() {
        var shorter = AssemblyRules.defaults
        shorter.retentionDays = 30
        #expect(AssemblyRules.defaults.changes(to: shorter) == [.retentionDays])
        #expect(shorter.changes(to: shorter).isEmpty)
        var stricter = shorter
        stricter.whoMayInvite = .byDecision
        stricter.defaultThreshold = Threshold(Fraction(2, 3)!, .atLeast)
        #expect(AssemblyRules.defaults.changes(to: stricter) == [.whoMayInvite, .retentionDays, .defaultThreshold])
        let summary = Effect.changeRules(ChangeRules(rules: shorter)).definition.summary(rules: .defaults)
        #expect(summary == .changeRules(from: .defaults, to: shorter))
    }
}

@Suite struct HistoryRuleTests {
    @Test func rulesStoredBeforeTheHistoryRuleHideHistoryAndTheRuleRoundTrips() throws {
        var rules = AssemblyRules.defaults
        let old = try JSONEncoder().encode(rules)
        var object = try JSONSerialization.jsonObject(with: old) as! [String: Any]
        object.removeValue(forKey: "newcomersSeeHistory")
        let decoded = try JSONDecoder().decode(AssemblyRules.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(!decoded.newcomersSeeHistory)
        rules.newcomersSeeHistory = true
        #expect(AssemblyRules.defaults.changes(to: rules) == [.newcomersSeeHistory])
        #expect(try JSONDecoder().decode(AssemblyRules.self, from: try JSONEncoder().encode(rules)).newcomersSeeHistory)
    }
}
