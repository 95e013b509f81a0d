/// An assembly's own constitution. It starts from `defaults` and changes only by the assembly's
/// decision (a later proposal). Nothing outside the domain hard-codes these values.
public struct AssemblyRules: Sendable, Hashable, Codable {
    /// Who may create invite links.
    public enum InvitePermission: String, Sendable, Codable, CaseIterable {
        /// Any member may invite.
        case anyMember
        /// Only a passed proposal may invite (nobody can create links directly).
        case byDecision
    }

    public var whoMayInvite: InvitePermission
    /// How long a new invite link stays valid unless its maker picks otherwise, in hours.
    public var inviteExpiryHours: Int
    /// Messages older than this many days are deleted for real.
    public var retentionDays: Int
    /// Quorum a new proposal starts with.
    public var defaultQuorum: Quorum
    /// Threshold a new proposal starts with.
    public var defaultThreshold: Threshold
    /// The share of members whose signatures on a recall petition open a recall vote.
    public var recallShare: Fraction
    /// Whether urgent proposals are allowed, and on what terms (nil: they are not).
    public var urgent: UrgentRule?
    /// Whether alerts (which pass through push services and mail servers outside the members'
    /// control) name the proposal's title; by default they say only what happened.
    public var alertTitles: Bool
    /// Whether someone who joins reads the messages posted before they joined. By default they
    /// do not: an informer let in today learns nothing of yesterday's plans. The assembly may
    /// vote otherwise. (Committees and councils always show their history to their delegates.)
    public var newcomersSeeHistory: Bool

    public init(
        whoMayInvite: InvitePermission,
        inviteExpiryHours: Int,
        retentionDays: Int,
        defaultQuorum: Quorum,
        defaultThreshold: Threshold,
        recallShare: Fraction = Self.defaultRecallShare,
        urgent: UrgentRule? = nil,
        alertTitles: Bool = false,
        newcomersSeeHistory: Bool = false
    ) {
        self.newcomersSeeHistory = newcomersSeeHistory
        self.alertTitles = alertTitles
        self.urgent = urgent
        self.whoMayInvite = whoMayInvite
        self.inviteExpiryHours = inviteExpiryHours
        self.retentionDays = retentionDays
        self.defaultQuorum = defaultQuorum
        self.defaultThreshold = defaultThreshold
        self.recallShare = recallShare
    }

    public static let defaultRecallShare = Fraction(1, 5)!

    private enum CodingKeys: String, CodingKey { case whoMayInvite, inviteExpiryHours, retentionDays, defaultQuorum, defaultThreshold, recallShare, urgent, alertTitles, newcomersSeeHistory }

    /// Rules stored before recall petitions existed have no `recallShare`: they get the default;
    /// rules stored before urgent proposals allow none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(whoMayInvite: try c.decode(InvitePermission.self, forKey: .whoMayInvite),
                  inviteExpiryHours: try c.decode(Int.self, forKey: .inviteExpiryHours),
                  retentionDays: try c.decode(Int.self, forKey: .retentionDays),
                  defaultQuorum: try c.decode(Quorum.self, forKey: .defaultQuorum),
                  defaultThreshold: try c.decode(Threshold.self, forKey: .defaultThreshold),
                  recallShare: try c.decodeIfPresent(Fraction.self, forKey: .recallShare) ?? Self.defaultRecallShare,
                  urgent: try c.decodeIfPresent(UrgentRule.self, forKey: .urgent),
                  alertTitles: try c.decodeIfPresent(Bool.self, forKey: .alertTitles) ?? false,
                  newcomersSeeHistory: try c.decodeIfPresent(Bool.self, forKey: .newcomersSeeHistory) ?? false)
    }

    /// What a new assembly starts with: open invitations that expire in a week, messages kept
    /// for 90 days, decisions by a simple majority with a quarter of members taking part.
    public static let defaults = AssemblyRules(
        whoMayInvite: .anyMember,
        inviteExpiryHours: 7 * 24,
        retentionDays: 90,
        defaultQuorum: .share(Fraction(1, 4)!),
        defaultThreshold: Threshold(Fraction(1, 2)!, .moreThan)
    )

    /// Allowed range of each numeric rule.
    public static let inviteExpiryHoursRange = 1...(30 * 24)
    public static let retentionDaysRange = 1...3650

    /// Checks that every rule is within its allowed range.
    public func validated() throws(InputError) -> AssemblyRules {
        guard Self.inviteExpiryHoursRange.contains(inviteExpiryHours) else {
            throw InputError(field: "inviteExpiryHours", "Invite expiry is 1 to \(Self.inviteExpiryHoursRange.upperBound) hours.")
        }
        guard Self.retentionDaysRange.contains(retentionDays) else {
            throw InputError(field: "retentionDays", "Retention is 1 to \(Self.retentionDaysRange.upperBound) days.")
        }
        if case .share(let share) = defaultQuorum, share.numerator > share.denominator {
            throw InputError(field: "defaultQuorum", "A quorum share cannot exceed all members.")
        }
        if case .voters(let count) = defaultQuorum, count < 0 {
            throw InputError(field: "defaultQuorum", "A quorum cannot be negative.")
        }
        guard defaultThreshold.fraction.numerator <= defaultThreshold.fraction.denominator else {
            throw InputError(field: "defaultThreshold", "A threshold cannot exceed the whole.")
        }
        guard recallShare.numerator > 0, recallShare.numerator <= recallShare.denominator else {
            throw InputError(field: "recallShare", "The share of members that opens a recall vote is more than 0 and at most all members.")
        }
        _ = try urgent?.validated()
        return self
    }
}

extension AssemblyRules {
    /// One rule of the constitution, for saying which ones a decision changes.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case whoMayInvite, inviteExpiryHours, retentionDays, defaultQuorum, defaultThreshold, recallShare, urgent, alertTitles, newcomersSeeHistory
    }

    /// The rules whose values differ in `other`, in a fixed order.
    public func changes(to other: AssemblyRules) -> [Rule] {
        Rule.allCases.filter { rule in
            switch rule {
            case .whoMayInvite: return whoMayInvite != other.whoMayInvite
            case .inviteExpiryHours: return inviteExpiryHours != other.inviteExpiryHours
            case .retentionDays: return retentionDays != other.retentionDays
            case .defaultQuorum: return defaultQuorum != other.defaultQuorum
            case .defaultThreshold: return defaultThreshold != other.defaultThreshold
            case .recallShare: return recallShare != other.recallShare
            case .urgent: return urgent != other.urgent
            case .alertTitles: return alertTitles != other.alertTitles
            case .newcomersSeeHistory: return newcomersSeeHistory != other.newcomersSeeHistory
            }
        }
    }
}
