/// One map the BPF object declares in its "maps" section (the layout of `struct lvs_map_def` in
/// bpf/lvs_xdp.c: five 32-bit words), which the loader creates before loading the program.
public struct BPFMapDefinition: Sendable, Equatable {
    /// BPF_MAP_TYPE_HASH.
    public static let hashType: UInt32 = 1
    /// BPF_MAP_TYPE_PERCPU_ARRAY.
    public static let perCPUArrayType: UInt32 = 6

    public var name: String
    public var type: UInt32
    public var keySize: UInt32
    public var valueSize: UInt32
    public var maxEntries: UInt32
    public var flags: UInt32

    public init(name: String, type: UInt32, keySize: UInt32, valueSize: UInt32, maxEntries: UInt32, flags: UInt32) {
        self.name = name
        self.type = type
        self.keySize = keySize
        self.valueSize = valueSize
        self.maxEntries = maxEntries
        self.flags = flags
    }
}
