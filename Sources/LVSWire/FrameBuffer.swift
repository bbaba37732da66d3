import LVSVocabulary

/// A frame inside a larger byte buffer: `[headroom][frame][tailroom]`.
///
/// This is the one type in LVSWire that touches raw pointers. Every read and write is bounds
/// checked against the frame: reads outside return 0 and writes outside are ignored, so no input
/// can make a view trap or touch memory it does not own. Parsers still check lengths up front
/// (to name a drop reason); the per-access check is the safety net, not the logic.
///
/// The buffer is borrowed, never owned: the caller (an rx ring slot, a test's array) keeps the
/// memory alive for as long as the value is used. Copying the value copies the view only.
public struct FrameBuffer {
    public let storage: UnsafeMutableRawPointer
    public let capacity: Int
    /// Offset of the first frame byte within `storage` (equals the headroom).
    public private(set) var start: Int
    /// Number of frame bytes.
    public private(set) var count: Int

    /// A view of `count` bytes starting `start` bytes into `buffer`. Out-of-range values are
    /// clamped to the buffer, so construction never fails.
    public init(_ buffer: UnsafeMutableRawBufferPointer, start: Int = 0, count: Int? = nil) {
        if let base = buffer.baseAddress {
            storage = base
            capacity = buffer.count
        } else {
            // An empty buffer: a view with no bytes; a dangling pointer never dereferenced.
            storage = UnsafeMutableRawPointer(bitPattern: 0x10)!
            capacity = 0
        }
        self.start = max(0, min(start, capacity))
        let wanted = count ?? (capacity - self.start)
        self.count = max(0, min(wanted, capacity - self.start))
    }

    public var headroom: Int { start }
    public var tailroom: Int { capacity - start - count }

    /// Whether `length` bytes at frame offset `offset` lie inside the frame.
    @inline(__always)
    public func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count - length
    }

    // MARK: Reshaping (for encapsulation and replies)

    /// Grows the frame at the front by `length` bytes taken from the headroom.
    /// The new bytes hold whatever the buffer held there before.
    @discardableResult
    public mutating func prepend(_ length: Int) -> Bool {
        guard length >= 0, length <= start else { return false }
        start -= length
        count += length
        return true
    }

    /// Shrinks the frame at the front (the bytes go back to the headroom).
    @discardableResult
    public mutating func removeFront(_ length: Int) -> Bool {
        guard length >= 0, length <= count else { return false }
        start += length
        count -= length
        return true
    }

    /// Sets the frame length; growing takes bytes from the tailroom (contents unspecified).
    @discardableResult
    public mutating func setCount(_ newCount: Int) -> Bool {
        guard newCount >= 0, newCount <= capacity - start else { return false }
        count = newCount
        return true
    }

    // MARK: Big-endian access

    @inline(__always)
    public func u8(_ offset: Int) -> UInt8 {
        guard contains(offset, 1) else { return 0 }
        return storage.load(fromByteOffset: start + offset, as: UInt8.self)
    }

    @inline(__always)
    public func u16(_ offset: Int) -> UInt16 {
        guard contains(offset, 2) else { return 0 }
        return UInt16(bigEndian: storage.loadUnaligned(fromByteOffset: start + offset, as: UInt16.self))
    }

    @inline(__always)
    public func u32(_ offset: Int) -> UInt32 {
        guard contains(offset, 4) else { return 0 }
        return UInt32(bigEndian: storage.loadUnaligned(fromByteOffset: start + offset, as: UInt32.self))
    }

    @inline(__always)
    public func u64(_ offset: Int) -> UInt64 {
        guard contains(offset, 8) else { return 0 }
        return UInt64(bigEndian: storage.loadUnaligned(fromByteOffset: start + offset, as: UInt64.self))
    }

    @inline(__always)
    public func set8(_ offset: Int, _ value: UInt8) {
        guard contains(offset, 1) else { return }
        storage.storeBytes(of: value, toByteOffset: start + offset, as: UInt8.self)
    }

    @inline(__always)
    public func set16(_ offset: Int, _ value: UInt16) {
        guard contains(offset, 2) else { return }
        storage.storeBytes(of: value.bigEndian, toByteOffset: start + offset, as: UInt16.self)
    }

    @inline(__always)
    public func set32(_ offset: Int, _ value: UInt32) {
        guard contains(offset, 4) else { return }
        storage.storeBytes(of: value.bigEndian, toByteOffset: start + offset, as: UInt32.self)
    }

    @inline(__always)
    public func set64(_ offset: Int, _ value: UInt64) {
        guard contains(offset, 8) else { return }
        storage.storeBytes(of: value.bigEndian, toByteOffset: start + offset, as: UInt64.self)
    }

    /// Moves `length` bytes within the frame (regions may overlap). Ignored if either range is
    /// outside the frame.
    public func move(from source: Int, to destination: Int, length: Int) {
        guard contains(source, length), contains(destination, length), length > 0 else { return }
        (storage + start + destination).copyMemory(from: storage + start + source, byteCount: length)
    }

    /// Sets `length` bytes to `value`.
    public func fill(_ offset: Int, length: Int, with value: UInt8) {
        guard contains(offset, length), length > 0 else { return }
        (storage + start + offset).initializeMemory(as: UInt8.self, repeating: value, count: length)
    }

    // MARK: Addresses

    public func mac(_ offset: Int) -> MACAddress {
        MACAddress(UInt64(u16(offset)) << 32 | UInt64(u32(offset + 2)))
    }

    public func setMAC(_ offset: Int, _ mac: MACAddress) {
        set16(offset, UInt16(truncatingIfNeeded: mac.value >> 32))
        set32(offset + 2, UInt32(truncatingIfNeeded: mac.value))
    }

    /// The 4-byte (IPv4) or 16-byte (IPv6) address at `offset`.
    public func address(_ offset: Int, family: InetAddress.Family) -> InetAddress {
        family == .inet ? InetAddress(v4: u32(offset)) : InetAddress(v6High: u64(offset), low: u64(offset + 8))
    }

    /// Writes the 4 (IPv4) or 16 (IPv6) address bytes.
    public func setAddress(_ offset: Int, _ address: InetAddress) {
        if address.isV4 {
            set32(offset, address.v4)
        } else {
            set64(offset, address.high)
            set64(offset + 8, address.low)
        }
    }

    /// A copy of the frame bytes. Allocates: for tests and diagnostics, not the packet path.
    public var bytes: [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: storage + start, count: count))
    }
}
