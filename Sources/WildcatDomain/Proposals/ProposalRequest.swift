import Foundation

/// A proposal as a member asks for it: the API's JSON body and the page's form decode into this
/// one type, and `ProposalDraft(request:...)` turns it into a draft by the assembly's rules.
/// Absent values take the assembly's defaults.
public struct ProposalRequest: Sendable, Decodable {
    public var title: String
    public var body: String?
    public var method: DecisionMethod
    /// The options; a form sends them as text, one per line.
    public var options: [String]?
    public var seats: Int?
    /// "2/3" (with `thresholdRule`), or "at least 2/3".
    public var threshold: String?
    public var thresholdRule: Threshold.Rule?
    public var abstentionsCount: Bool?
    public var quorum: Quorum?
    public var dotBudget: Int?
    public var secret: Bool?
    public var resultsLive: Bool?
    /// When voting closes; or `closesInMinutes` from now.
    public var closesAt: Date?
    public var closesInMinutes: Int?
    public var effect: EffectRequest?
    /// In a council: the decision takes effect only once enough of its assemblies ratify it.
    public var forRatification: Bool?
    /// An urgent vote, if the assembly's rules allow them.
    public var urgent: Bool?

    public init(title: String, body: String? = nil, method: DecisionMethod, options: [String]? = nil, seats: Int? = nil,
                threshold: String? = nil, thresholdRule: Threshold.Rule? = nil, abstentionsCount: Bool? = nil, quorum: Quorum? = nil,
                dotBudget: Int? = nil, secret: Bool? = nil, resultsLive: Bool? = nil, closesAt: Date? = nil, closesInMinutes: Int? = nil,
                effect: EffectRequest? = nil) {
        self.title = title
        self.body = body
        self.method = method
        self.options = options
        self.seats = seats
        self.threshold = threshold
        self.thresholdRule = thresholdRule
        self.abstentionsCount = abstentionsCount
        self.quorum = quorum
        self.dotBudget = dotBudget
        self.secret = secret
        self.resultsLive = resultsLive
        self.closesAt = closesAt
        self.closesInMinutes = closesInMinutes
        self.effect = effect
    }

    private enum CodingKeys: String, CodingKey {
        case title, body, method, options, seats, threshold, thresholdRule, abstentionsCount, quorum, dotBudget, secret, resultsLive,
             closesAt, closesInMinutes, effect, forRatification, urgent
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        body = try c.decodeIfPresent(String.self, forKey: .body)
        method = try c.decode(DecisionMethod.self, forKey: .method)
        if let list = try? c.decodeIfPresent([String].self, forKey: .options) {
            options = list
        } else if let text = try c.decodeIfPresent(String.self, forKey: .options) {
            options = text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        seats = try c.decodeIfPresent(Int.self, forKey: .seats)
        threshold = try c.decodeIfPresent(String.self, forKey: .threshold)
        thresholdRule = try c.decodeIfPresent(Threshold.Rule.self, forKey: .thresholdRule)
        abstentionsCount = try c.decodeIfPresent(Bool.self, forKey: .abstentionsCount)
        quorum = try c.decodeIfPresent(Quorum.self, forKey: .quorum)
        dotBudget = try c.decodeIfPresent(Int.self, forKey: .dotBudget)
        secret = try c.decodeIfPresent(Bool.self, forKey: .secret)
        resultsLive = try c.decodeIfPresent(Bool.self, forKey: .resultsLive)
        // Read here, not by the decoder's date strategy: any RFC 3339 date-time, and a clear
        // message (not a malformed-request error) for anything else.
        if let text = try c.decodeIfPresent(String.self, forKey: .closesAt) {
            guard let date = RFC3339.date(text) else {
                throw InputError(field: "closesAt", "closesAt is a date and time such as 2026-12-01T18:30:00Z.")
            }
            closesAt = date
        }
        closesInMinutes = try c.decodeIfPresent(Int.self, forKey: .closesInMinutes)
        effect = try c.decodeIfPresent(EffectRequest.self, forKey: .effect)
        forRatification = try c.decodeIfPresent(Bool.self, forKey: .forRatification)
        urgent = try c.decodeIfPresent(Bool.self, forKey: .urgent)
    }
}

/// What a passed proposal should do: one of the fields (or, from a form, the one `kind` names).
public struct EffectRequest: Sendable, Decodable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case none, rules, rename, removeMember, admit, committee, elect, recall, mandate, council, join, leave, call
    }

    /// A new council's name and charter.
    public struct CouncilRequest: Sendable, Decodable {
        public var name: String
        /// Delegates each member assembly sends.
        public var seats: Int
        public var termDays: Int?
        public var mandate: String
        public var weighting: Charter.Weighting?
        public var maxTerms: Int?
        /// Shares of member assemblies, and of the members they represent, that ratify a decision.
        public var ratifyAssemblies: Fraction?
        public var ratifyMembers: Fraction?

        public init(name: String, seats: Int, termDays: Int? = nil, mandate: String, weighting: Charter.Weighting? = nil,
                    ratifyAssemblies: Fraction? = nil, ratifyMembers: Fraction? = nil, maxTerms: Int? = nil) {
            self.maxTerms = maxTerms
            self.name = name
            self.seats = seats
            self.termDays = termDays
            self.mandate = mandate
            self.weighting = weighting
            self.ratifyAssemblies = ratifyAssemblies
            self.ratifyMembers = ratifyMembers
        }
    }

    /// A solidarity call: to whom (a council's or an assembly's id), what, when and why.
    public struct CallFields: Sendable, Decodable {
        /// Missing is refused with the reason (a form without councils sends only a typed code).
        public var to: String?
        public var what: String
        public var when: String
        public var why: String?

        public init(to: String?, what: String, when: String, why: String? = nil) {
            self.to = to
            self.what = what
            self.when = when
            self.why = why
        }
    }

    /// A new committee's name and charter.
    public struct CommitteeRequest: Sendable, Decodable {
        public var name: String
        public var seats: Int
        public var termDays: Int?
        public var mandate: String
        public var channelPrivate: Bool?
        /// Rotation: terms one member may serve; nil: no limit.
        public var maxTerms: Int?

        public init(name: String, seats: Int, termDays: Int? = nil, mandate: String, channelPrivate: Bool? = nil, maxTerms: Int? = nil) {
            self.maxTerms = maxTerms
            self.name = name
            self.seats = seats
            self.termDays = termDays
            self.mandate = mandate
            self.channelPrivate = channelPrivate
        }
    }

    /// A delegate of one of the assembly's committees (and, for a mandate, its new text).
    public struct DelegateRequest: Sendable, Decodable {
        public var committee: String
        public var member: String
        public var text: String?

        public init(committee: String, member: String, text: String? = nil) {
            self.committee = committee
            self.member = member
            self.text = text
        }

        private enum CodingKeys: String, CodingKey { case committee, member, text }

        /// Missing ids read as empty: the effect then says which delegate to choose.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            committee = try c.decodeIfPresent(String.self, forKey: .committee) ?? ""
            member = try c.decodeIfPresent(String.self, forKey: .member) ?? ""
            text = try c.decodeIfPresent(String.self, forKey: .text)
        }
    }

    public var kind: Kind?
    public var rules: AssemblyRules?
    /// The new name; for a choice among names, absent (the options are the names).
    public var rename: String?
    /// The account id of the member to remove.
    public var removeMember: String?
    /// Who to admit, in words.
    public var admit: String?
    public var committee: CommitteeRequest?
    /// The committee whose vacant seats an election (single transferable vote) fills; the options
    /// are the candidates' pseudonyms.
    public var elect: String?
    public var recall: DelegateRequest?
    public var mandate: DelegateRequest?
    public var council: CouncilRequest?
    /// A council's id, to join it, or to leave it.
    public var join: String?
    public var leave: String?
    public var call: CallFields?

    public init(kind: Kind? = nil, rules: AssemblyRules? = nil, rename: String? = nil, removeMember: String? = nil, admit: String? = nil,
                committee: CommitteeRequest? = nil, elect: String? = nil, recall: DelegateRequest? = nil, mandate: DelegateRequest? = nil,
                council: CouncilRequest? = nil, join: String? = nil, leave: String? = nil, call: CallFields? = nil) {
        self.kind = kind
        self.rules = rules
        self.rename = rename
        self.removeMember = removeMember
        self.admit = admit
        self.committee = committee
        self.elect = elect
        self.recall = recall
        self.mandate = mandate
        self.council = council
        self.join = join
        self.leave = leave
        self.call = call
    }

    private enum CodingKeys: String, CodingKey { case kind, rules, rename, removeMember, admit, committee, elect, recall, mandate, council, join, leave, call }

    /// A form sends every effect's fields and names the chosen one in `kind`: the others are
    /// read only if they are the chosen one's (their values do not matter).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind)
        func read<T: Decodable>(_ type: T.Type, _ key: CodingKeys, for own: Kind) throws -> T? {
            kind == nil || kind == own ? try c.decodeIfPresent(type, forKey: key) : nil
        }
        rules = try read(AssemblyRules.self, .rules, for: .rules)
        rename = try c.decodeIfPresent(String.self, forKey: .rename)
        removeMember = try c.decodeIfPresent(String.self, forKey: .removeMember)
        admit = try c.decodeIfPresent(String.self, forKey: .admit)
        committee = try read(CommitteeRequest.self, .committee, for: .committee)
        elect = try read(String.self, .elect, for: .elect)
        recall = try read(DelegateRequest.self, .recall, for: .recall)
        mandate = try read(DelegateRequest.self, .mandate, for: .mandate)
        council = try read(CouncilRequest.self, .council, for: .council)
        join = try read(String.self, .join, for: .join)
        leave = try read(String.self, .leave, for: .leave)
        call = try read(CallFields.self, .call, for: .call)
    }

    /// The effect asked for; nil for none. `options` are the draft's (an election's candidates).
    func effect(members: [Member], committees: [Committee], councils: [CouncilRef], target: CallTarget?, options: [String]) throws(InputError) -> Effect? {
        let chosen: Kind
        if let kind {
            chosen = kind
        } else {
            let given = [(Kind.rules, rules != nil), (.rename, rename != nil), (.removeMember, removeMember != nil), (.admit, admit != nil),
                         (.committee, committee != nil), (.elect, elect != nil), (.recall, recall != nil), (.mandate, mandate != nil),
                         (.council, council != nil), (.join, join != nil), (.leave, leave != nil), (.call, call != nil)].filter(\.1)
            guard given.count == 1, let only = given.first else {
                throw InputError(field: "effect", "Give exactly one effect: rules, rename, removeMember, admit, committee, elect, recall, mandate, council, join, leave or call.")
            }
            chosen = only.0
        }
        switch chosen {
        case .none: return nil
        case .rules:
            guard let rules else { throw InputError(field: "effect.rules", "Give the rules the assembly should have.") }
            return .changeRules(ChangeRules(rules: rules))
        case .rename: return .renameAssembly(RenameAssembly(name: rename))
        case .removeMember: return .removeMember(try RemoveMember(account: removeMember ?? "", among: members))
        case .admit: return .admitPerson(AdmitPerson(invite: nil, description: admit ?? ""))
        case .committee:
            guard let committee else { throw InputError(field: "effect.committee", "Give the committee's name, seats and mandate.") }
            return .createCommittee(CreateCommittee(name: committee.name, charter: Charter(
                seats: committee.seats, termDays: committee.termDays, mandate: committee.mandate, channelPrivate: committee.channelPrivate ?? false,
                maxTerms: committee.maxTerms)))
        case .elect:
            return .electDelegates(try ElectDelegates(committee: elect ?? "", among: committees, candidates: options, members: members))
        case .recall:
            return .recallDelegate(try RecallDelegate(committee: recall?.committee ?? "", member: recall?.member ?? "", among: committees))
        case .mandate:
            return .changeMandate(try ChangeMandate(committee: mandate?.committee ?? "", member: mandate?.member ?? "", mandate: mandate?.text ?? "",
                                                    among: committees))
        case .council:
            guard let council else { throw InputError(field: "effect.council", "Give the council's name, delegates per assembly and mandate.") }
            let ratification = RatificationRule(assemblies: council.ratifyAssemblies ?? RatificationRule.majority.assemblies,
                                                members: council.ratifyMembers ?? RatificationRule.majority.members)
            return .foundCouncil(FoundCouncil(name: council.name, charter: Charter(
                seats: council.seats, termDays: council.termDays, mandate: council.mandate, channelPrivate: false,
                weighting: council.weighting ?? .perDelegate, ratification: ratification, maxTerms: council.maxTerms)))
        case .join:
            guard let found = councils.first(where: { $0.id.rawValue == join }) else {
                throw InputError(field: "effect.join", "There is no council with that code.")
            }
            guard !found.joined else { throw InputError(field: "effect.join", "The assembly is already a member of \(found.name).") }
            return .joinCouncil(JoinCouncil(council: found.id, councilName: found.name))
        case .leave:
            guard let found = councils.first(where: { $0.id.rawValue == leave && $0.joined }) else {
                throw InputError(field: "effect.leave", "Choose a council the assembly is a member of.")
            }
            return .leaveCouncil(LeaveCouncil(council: found.id, councilName: found.name))
        case .call:
            guard let call else { throw InputError(field: "effect.call", "Say where the call goes, what it asks, and when.") }
            guard let target, target.id.rawValue == call.to else {
                throw InputError(field: "effect.call.to", "Send the call to a council of the assembly, or to another assembly by its code.")
            }
            return .sendCall(SendCall(to: target, request: try CallRequest(what: call.what, when: call.when, why: call.why ?? "").validated()))
        }
    }

    /// What a council's own decisions may do: act on its place in other councils (join, leave,
    /// elect, recall and mandate its delegates there, call for solidarity), never on an
    /// assembly's rules or members.
    public static let councilKinds: Set<Kind> = [.join, .leave, .elect, .recall, .mandate, .call]

    /// The kind asked for: the one named, or the one field given; nil for none or for several.
    public var chosenKind: Kind? {
        if let kind { return kind == .none ? nil : kind }
        let given: [(Kind, Bool)] = [(.rules, rules != nil), (.rename, rename != nil), (.removeMember, removeMember != nil), (.admit, admit != nil),
                                     (.committee, committee != nil), (.elect, elect != nil), (.recall, recall != nil), (.mandate, mandate != nil),
                                     (.council, council != nil), (.join, join != nil), (.leave, leave != nil), (.call, call != nil)]
        let chosen = given.filter(\.1)
        return chosen.count == 1 ? chosen[0].0 : nil
    }

    /// Whether it asks for anything to be done (a form always sends `kind`, "none" for nothing).
    public var asksForAnEffect: Bool {
        if let kind { return kind != .none }
        return rules != nil || rename != nil || removeMember != nil || admit != nil || committee != nil || elect != nil || recall != nil || mandate != nil
            || council != nil || join != nil || leave != nil || call != nil
    }

    /// Whether the draft needs the assembly's members, or its committees, to be read.
    public var needsMembers: Bool { kind == .removeMember || removeMember != nil || kind == .elect || elect != nil }
    public var needsCommittees: Bool {
        [.elect, .recall, .mandate].contains(kind) || elect != nil || recall != nil || mandate != nil
    }
    /// The council a proposal to join or leave names.
    public var namedTarget: String? { kind == .call || (kind == nil && call != nil) ? call?.to : nil }
    public var namedCouncil: String? { kind == .join || (kind == nil && join != nil) ? join : kind == .leave || (kind == nil && leave != nil) ? leave : nil }
}

extension ProposalDraft {
    /// Most voting-related defaults come from the assembly's rules.
    public static let defaultDotBudget = 5

    /// The draft a request describes, with the assembly's defaults filled in, validated.
    public init(request: ProposalRequest, rules: AssemblyRules, members: [Member], committees: [Committee] = [], councils: [CouncilRef] = [],
                target: CallTarget? = nil, now: Date) throws(InputError) {
        // Numbers given for another method are still checked: a request means what it says.
        if let seats = request.seats, !Self.seatsRange.contains(seats) {
            throw InputError(field: "seats", "Seats are \(Self.seatsRange.lowerBound) to \(Self.seatsRange.upperBound), fewer than the candidates.")
        }
        if let dots = request.dotBudget, !Self.dotBudgetRange.contains(dots) {
            throw InputError(field: "dotBudget", "Each member has \(Self.dotBudgetRange.lowerBound) to \(Self.dotBudgetRange.upperBound) dots.")
        }
        if case .voters(let n)? = request.quorum, !Self.quorumVotersRange.contains(n) {
            throw InputError(field: "quorum", "A quorum of voters is \(Self.quorumVotersRange.lowerBound) to \(Self.quorumVotersRange.upperBound).")
        }
        if let minutes = request.closesInMinutes, !Self.closesInMinutesRange.contains(minutes) {
            throw InputError(field: "closesInMinutes", "Voting closes 1 minute to 90 days (129,600 minutes) from now.")
        }
        var threshold = rules.defaultThreshold
        if let text = request.threshold {
            guard let parsed = Threshold(parsing: text, rule: request.thresholdRule ?? .moreThan) else {
                throw InputError(field: "threshold", "The threshold is a fraction such as \"2/3\" or \"at least 2/3\".")
            }
            threshold = parsed
        }
        let closesAt: Date
        if let at = request.closesAt {
            closesAt = at
        } else if let minutes = request.closesInMinutes {
            // Out-of-range values get the draft's own message below; this only keeps the arithmetic sane.
            closesAt = now.addingTimeInterval(TimeInterval(min(max(minutes, -1), 1_000_000_000)) * 60)
        } else {
            throw InputError(field: "closesAt", "Say when voting closes.")
        }
        self.init(title: request.title, body: request.body ?? "", method: request.method, options: request.options ?? [],
                  seats: request.seats ?? 1, threshold: threshold, abstentionsCount: request.abstentionsCount ?? false,
                  quorum: request.quorum ?? rules.defaultQuorum, dotBudget: request.dotBudget ?? Self.defaultDotBudget,
                  secret: request.secret ?? false, resultsLive: request.resultsLive ?? true, closesAt: closesAt,
                  effect: try request.effect?.effect(members: members, committees: committees, councils: councils, target: target,
                                                     options: request.options ?? []))
        forRatification = request.forRatification == true ? true : nil
        if request.urgent == true {
            guard let rule = rules.urgent else {
                throw InputError(field: "urgent", "This assembly's rules allow no urgent votes: propose a rule change first.")
            }
            if let asked = request.quorum, asked != rule.quorum {
                throw InputError(field: "quorum", "An urgent vote's quorum is the one the rules set: \(rule.quorum).")
            }
            quorum = rule.quorum
            // In whole minutes, so that "in 2 hours" chosen a moment ago is still 2 hours.
            let minutes = Int((closesAt.timeIntervalSince(now) / 60).rounded())
            guard minutes >= rule.shortestMinutes, minutes <= UrgentRule.longestMinutes else {
                throw InputError(field: "closesAt", "An urgent vote closes \(rule.shortestMinutes) minutes to 24 hours from now.")
            }
            urgent = true
        }
        self = try validated(rules: rules, now: now)
    }
}
