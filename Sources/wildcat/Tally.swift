import ArgumentParser
import Foundation
import WildcatDomain

/// `wildcat tally`: counts one election given as JSON on standard input, for checking Wildcat's
/// counts against other implementations.
struct TallyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Count one election read as JSON from standard input; print the result as JSON.",
        discussion: """
            Input: {"method": "yesno|consent|approval|score|dot|irv|schulze|stv|timepoll",
                    "options": [...], "seats": 1, "threshold": "2/3", "thresholdRule": "atLeast|moreThan",
                    "abstentionsCount": false, "budget": 5, "seed": 0,
                    "ballots": [{"count": 3, "ranking": ["b", "a"]}, {"approve": ["a"]}, {"scores": {"a": 5}},
                                {"dots": {"a": 2}}, {"choice": "yes|no|abstain"},
                                {"position": "agree|abstain|disagree|block"}, {"slots": {"mon": "yes|ifNeedBe|no"}}]}
            Output: {"winners": [...]} in order of election, or {"passed": true|false} for yesno and consent,
            with "tie" (true when the seeded draw decided) and "working".
            Malformed input: one line on standard error and exit status 2.
            """
    )

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let election: Election
        do {
            election = try ElectionJSON.parse(input)
        } catch {
            FileHandle.standardError.write(Data("wildcat tally: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let result: TallyResult
        do {
            result = try Tally.tally(election)
        } catch {
            FileHandle.standardError.write(Data("wildcat tally: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
    }
}

/// Reads the tally command's JSON, with an error that says what is wrong where.
enum ElectionJSON {
    static func parse(_ data: Data) throws -> Election {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TallyError("input is not a JSON object")
        }
        guard let methodName = object["method"] as? String else { throw TallyError("\"method\" is missing") }
        guard let method = DecisionMethod(rawValue: methodName) else {
            throw TallyError("unknown method \"\(methodName)\" (use \(DecisionMethod.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var election = Election(method: method)
        if let options = object["options"] {
            guard let list = options as? [String] else { throw TallyError("\"options\" must be a list of strings") }
            election.options = list
        }
        if let seats = object["seats"] { election.seats = try integer(seats, "seats") }
        let rule: Threshold.Rule
        switch object["thresholdRule"] {
        case nil: rule = .moreThan
        case let text as String:
            guard let parsed = Threshold.Rule(rawValue: text) else { throw TallyError("\"thresholdRule\" must be atLeast or moreThan") }
            rule = parsed
        default: throw TallyError("\"thresholdRule\" must be a string")
        }
        var fraction = Fraction(1, 2)!
        if let threshold = object["threshold"] {
            guard let text = threshold as? String, let parsed = Fraction(parsing: text), parsed.numerator <= parsed.denominator else {
                throw TallyError("\"threshold\" must be a fraction such as \"2/3\"")
            }
            fraction = parsed
        }
        election.threshold = Threshold(fraction, rule)
        if let abstentions = object["abstentionsCount"] {
            guard let flag = abstentions as? Bool else { throw TallyError("\"abstentionsCount\" must be true or false") }
            election.abstentionsCount = flag
        }
        election.dotBudget = try object["budget"].map { try integer($0, "budget") } ?? Int.max
        if let seed = object["seed"] {
            guard let number = seed as? NSNumber, number.int64Value >= 0 else { throw TallyError("\"seed\" must be a non-negative integer") }
            election.tieSeed = number.uint64Value
        }
        guard let ballots = object["ballots"] as? [[String: Any]] else { throw TallyError("\"ballots\" must be a list of objects") }
        election.ballots = try ballots.enumerated().map { (index, entry) in
            do {
                let count = try entry["count"].map { try integer($0, "count") } ?? 1
                guard count >= 0 else { throw TallyError("count cannot be negative") }
                return (try ballot(entry, method: method), count)
            } catch {
                throw TallyError("ballot \(index + 1): \(error)")
            }
        }
        return election
    }

    private static func ballot(_ entry: [String: Any], method: DecisionMethod) throws -> Ballot {
        switch method {
        case .yesno:
            guard let text = entry["choice"] as? String, let choice = YesNoChoice(rawValue: text) else { throw TallyError("needs \"choice\": yes, no or abstain") }
            return .yesNo(choice)
        case .consent:
            guard let text = entry["position"] as? String, let position = ConsentPosition(rawValue: text) else {
                throw TallyError("needs \"position\": agree, abstain, disagree or block")
            }
            return .consent(position)
        case .approval:
            guard let approved = entry["approve"] as? [String] else { throw TallyError("needs \"approve\": a list of options") }
            guard Set(approved).count == approved.count else { throw TallyError("approves an option twice") }
            return .approval(Set(approved))
        case .score:
            return .score(try numbers(entry["scores"], "scores"))
        case .dot:
            return .dots(try numbers(entry["dots"], "dots"))
        case .irv, .schulze, .stv:
            guard let ranking = entry["ranking"] as? [String] else { throw TallyError("needs \"ranking\": a list of options") }
            return .ranking(ranking)
        case .timepoll:
            guard let slots = entry["slots"] as? [String: String] else { throw TallyError("needs \"slots\": {\"slot\": \"yes|ifNeedBe|no\"}") }
            var marks: [String: Availability] = [:]
            for (slot, text) in slots {
                guard let mark = Availability(rawValue: text) else { throw TallyError("slot \"\(slot)\" must be yes, ifNeedBe or no") }
                marks[slot] = mark
            }
            return .timePoll(marks)
        }
    }

    private static func numbers(_ value: Any?, _ name: String) throws -> [String: Int] {
        guard let object = value as? [String: Any] else { throw TallyError("needs \"\(name)\": {\"option\": number}") }
        var result: [String: Int] = [:]
        for (key, number) in object { result[key] = try integer(number, "\(name).\(key)") }
        return result
    }

    private static func integer(_ value: Any, _ name: String) throws -> Int {
        // JSON true/false also arrive as NSNumber, of Objective-C type "c": refuse them.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
              number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 else {
            throw TallyError("\"\(name)\" must be a whole number")
        }
        return number.intValue
    }
}
