import Foundation

/// A new pledge, checked: what it commits to, its threshold, and a deadline between an hour and
/// 60 days away.
public struct PledgeRequest: Sendable, Hashable {
    public static let textLimit = 500
    public static let deadlineRange: ClosedRange<TimeInterval> = 3600...(60 * 86400)

    public let text: String
    public let threshold: PledgeThreshold
    public let deadline: Date

    public init(text: String, share: String?, count: String?, deadline: Date, now: Date) throws(InputError) {
        let trimmed = try FreeText.validate(text, field: "text", noun: "What each pledger will do", length: 1...Self.textLimit)
        var fraction: Fraction?
        if let share = share?.trimmingCharacters(in: .whitespaces), !share.isEmpty {
            // A percentage ("70" or "70%") or a fraction ("2/3").
            let digits = share.hasSuffix("%") ? String(share.dropLast()).trimmingCharacters(in: .whitespaces) : share
            if digits.contains("/") {
                fraction = Fraction(parsing: digits)
            } else if let percent = Int(digits), (1...100).contains(percent), digits.first != "+" {
                fraction = Fraction(percent, 100)
            }
            guard let f = fraction, f.numerator > 0, f.numerator <= f.denominator else {
                throw InputError(field: "share", "A share is a percentage from 1 to 100, or a fraction such as 2/3.")
            }
        }
        var number: Int?
        if let count = count?.trimmingCharacters(in: .whitespaces), !count.isEmpty {
            guard let n = Int(count), n >= 1, n <= 1_000_000, count.first != "+" else {
                throw InputError(field: "count", "A number of people is a whole number, at least 1.")
            }
            number = n
        }
        guard let threshold = PledgeThreshold(share: fraction, count: number) else {
            throw InputError(field: "share", "Give a share of members, a number of people, or both.")
        }
        guard Self.deadlineRange.contains(deadline.timeIntervalSince(now)) else {
            throw InputError(field: "deadline", "The deadline is between an hour and 60 days from now.")
        }
        self.text = trimmed
        self.threshold = threshold
        self.deadline = deadline
    }
}
