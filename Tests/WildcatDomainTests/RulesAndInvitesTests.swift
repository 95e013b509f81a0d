import Foundation
import Testing
import WildcatDomain

@Suite struct RulesAndInvitesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func defaultsAreValidAndOpenToInvitesByAnyMember() throws {
        let rules = try AssemblyRules.defaults.validated()
        #expect(rules.whoMayInvite == .anyMember)
        #expect(Permissions.mayInvite(rules: rules))
        #expect(rules.defaultThreshold == Threshold(Fraction(1, 2)!, .moreThan))
        #expect(rules.described.count == 5)
    }

    @Test func onlyByDecisionRulesForbidDirectInvites() {
        var rules = AssemblyRules.defaults
        rules.whoMayInvite = .byDecision
        #expect(!Permissions.mayInvite(rules: rules))
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

    @Test func aRuleChangeSaysWhatItChangesFromWhatToWhat() {
        var shorter = AssemblyRules.defaults
        shorter.retentionDays = 30
        let effect = Effect.changeRules(shorter)
        #expect(effect.summary(comparedTo: .defaults) == "changes the assembly's rules: Messages are kept for 90 days → 30 days")
        // Once in force (or if the rules already say so) there is no difference to show: every rule is named.
        #expect(effect.summary(comparedTo: shorter) == effect.summary)
        #expect(effect.summary.hasPrefix("sets the assembly's rules: Who may invite any member; "))
        #expect(effect.summary.contains("Messages are kept for 30 days"))
        #expect(Effect.renameAssembly("Depot 3").summary(comparedTo: .defaults) == "renames the assembly to “Depot 3”")
    }
}
