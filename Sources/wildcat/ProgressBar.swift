import Foundation

/// A one-line bar on standard error when it is a terminal (so that scripts and logs get none).
struct ProgressBar {
    let label: String
    private let shown = isatty(STDERR_FILENO) == 1
    private var lastPercent = -1

    init(_ label: String) { self.label = label }

    mutating func show(_ done: Int, of total: Int) {
        guard shown, total > 0 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30, filled = width * percent / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%".utf8))
    }

    func finish() {
        if shown && lastPercent >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
