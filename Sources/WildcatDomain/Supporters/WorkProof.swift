/// The rule of a sign-up's proof of work: a hash of the challenge and the number found must start
/// with this many zero bits. The hashing itself is swift-crypto's, where the proof is made and checked.
public enum WorkProof {
    /// Zero bits at the start of a digest, most significant bit first.
    public static func leadingZeroBits(_ digest: some Sequence<UInt8>) -> Int {
        var count = 0
        for byte in digest {
            if byte == 0 { count += 8; continue }
            return count + byte.leadingZeroBitCount
        }
        return count
    }
}
