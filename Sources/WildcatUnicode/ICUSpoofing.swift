internal import CICUSpoof
import WildcatDomain

/// UTS #39 lookalike checks from the system's ICU (Debian's libicu): skeletons and the
/// "highly restrictive" mixed-script test.
public struct ICUSpoofing: NameSpoofing {
    public init() {}

    public func skeleton(_ text: String) -> String? {
        var capacity: Int32 = 256
        while capacity <= 1 << 16 {
            var buffer = [CChar](repeating: 0, count: Int(capacity))
            let length = wildcat_spoof_skeleton(text, &buffer, capacity)
            if length < 0 { return nil }
            if length < capacity { return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            capacity = length + 1
        }
        return nil
    }

    public func mixesScripts(_ text: String) -> Bool {
        // An error counts as mixed: refuse what cannot be checked.
        wildcat_spoof_mixes_scripts(text) != 0
    }
}
