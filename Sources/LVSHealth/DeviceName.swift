#if canImport(Glibc)
import Glibc
#endif

/// An interface name laid out as SO_BINDTODEVICE reads it: NUL-terminated in IFNAMSIZ bytes.
/// A fixed-size value, so it can go through NIO's generic socket-option setter.
struct DeviceName: Sendable {
    typealias Bytes = (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
    )
    let bytes: Bytes

    /// Nil when the name is empty or does not fit (15 bytes and the NUL).
    init?(_ name: String) {
        let utf8 = Array(name.utf8)
        guard !utf8.isEmpty, utf8.count < 16, !utf8.contains(0) else { return nil }
        var storage: Bytes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { raw in
            for (index, byte) in utf8.enumerated() { raw[index] = byte }
        }
        bytes = storage
    }
}
