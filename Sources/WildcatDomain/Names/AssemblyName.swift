/// The name of an assembly, e.g. "Store 14 workers".
public struct AssemblyName: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(InputError) {
        self.value = try FreeText.validate(raw, field: "name", noun: "An assembly name", length: Limits.assemblyNameLength)
    }

    public var description: String { value }
}
