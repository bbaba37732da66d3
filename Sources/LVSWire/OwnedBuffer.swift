/// Raw bytes allocated once and freed when their one owner goes: a buffer cannot be copied,
/// so it cannot be freed twice or used after its owner freed it.
public struct OwnedBuffer: ~Copyable {
    public let bytes: UnsafeMutableRawBufferPointer

    /// `count` bytes (at least one), zeroed, aligned to `alignment`.
    public init(count: Int, alignment: Int = 16) {
        bytes = .allocate(byteCount: max(1, count), alignment: alignment)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    public var count: Int { bytes.count }
    public var baseAddress: UnsafeMutableRawPointer {
        // allocate(byteCount:) with a positive count always returns memory.
        bytes.baseAddress.unsafelyUnwrapped
    }

    deinit { bytes.deallocate() }
}
