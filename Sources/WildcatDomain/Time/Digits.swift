/// Numbers as dates print them ("07", "2027"), by hand: Foundation's `String(format:)` is slow
/// on Linux, and calendar feeds print thousands.
public enum Digits {
    public static func pad(_ n: Int, _ width: Int = 2) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
