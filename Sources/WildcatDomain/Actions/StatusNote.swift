import Foundation

/// A line on an action's live status board ("picket at gate 2 needs 3 more").
public enum StatusNote {
    public static let length = 1...280

    public static func text(_ raw: String) throws(InputError) -> String {
        try FreeText.validate(raw, field: "text", noun: "A status note", length: length)
    }
}
