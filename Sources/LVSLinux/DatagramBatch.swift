import CLVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// Preallocated room for up to `capacity` datagrams, filled by one
/// `IPDatagramSocket.receive(into:)` (recvmmsg): per-datagram buffers, sender addresses and
/// the kernel's message headers are allocated once, so receiving allocates nothing.
///
/// Each slot is `headroom` free bytes followed by `datagramCapacity` bytes the kernel writes
/// into; the headroom lets a reader build headers in front of what arrived without copying.
/// Used by one thread at a time.
public final class DatagramBatch: @unchecked Sendable {
    public let capacity: Int
    public let headroom: Int
    /// The most bytes one datagram can bring; longer ones are truncated (see `wasTruncated`).
    public let datagramCapacity: Int
    /// How many slots the last receive filled.
    public internal(set) var count = 0

    private let slotSize: Int
    private let memory: UnsafeMutableRawBufferPointer
    let messages: UnsafeMutablePointer<clvs_mmsghdr>
    private let vectors: UnsafeMutablePointer<iovec>
    private let addresses: UnsafeMutablePointer<sockaddr_storage>

    public init(capacity: Int, datagramCapacity: Int = 65536, headroom: Int = 0) {
        self.capacity = max(1, capacity)
        self.headroom = max(0, headroom)
        self.datagramCapacity = max(1, datagramCapacity)
        // Slots start on 64-byte boundaries so headers built in the headroom stay aligned.
        slotSize = (self.headroom + self.datagramCapacity + 63) & ~63
        memory = .allocate(byteCount: slotSize * self.capacity, alignment: 64)
        messages = .allocate(capacity: self.capacity)
        vectors = .allocate(capacity: self.capacity)
        addresses = .allocate(capacity: self.capacity)
        for i in 0..<self.capacity {
            vectors[i] = iovec(
                iov_base: memory.baseAddress! + i * slotSize + self.headroom, iov_len: self.datagramCapacity)
            addresses[i] = sockaddr_storage()
            messages[i] = clvs_mmsghdr()
            messages[i].msg_hdr.msg_iov = vectors + i
            messages[i].msg_hdr.msg_iovlen = 1
            messages[i].msg_hdr.msg_name = UnsafeMutableRawPointer(addresses + i)
            messages[i].msg_hdr.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
        }
    }

    deinit {
        memory.deallocate()
        messages.deallocate()
        vectors.deallocate()
        addresses.deallocate()
    }

    /// Resets what the last receive overwrote (address lengths, flags, lengths); the kernel
    /// touches only the slots it fills.
    func prepare() {
        for i in 0..<count {
            messages[i].msg_hdr.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
            messages[i].msg_hdr.msg_flags = 0
            messages[i].msg_len = 0
        }
        count = 0
    }

    /// Slot `index`: the headroom, then the datagram (`headroom ..< headroom + length(index)`).
    public func slot(_ index: Int) -> UnsafeMutableRawBufferPointer {
        precondition(index >= 0 && index < capacity, "slot index out of range")
        return UnsafeMutableRawBufferPointer(
            start: memory.baseAddress! + index * slotSize, count: headroom + datagramCapacity)
    }

    /// Bytes of datagram `index` in its slot (after the headroom).
    public func length(_ index: Int) -> Int {
        precondition(index >= 0 && index < count, "datagram index out of range")
        return Int(messages[index].msg_len)
    }

    /// Whether datagram `index` was longer than `datagramCapacity` (its tail was cut off).
    public func wasTruncated(_ index: Int) -> Bool {
        precondition(index >= 0 && index < count, "datagram index out of range")
        return messages[index].msg_hdr.msg_flags & Int32(MSG_TRUNC) != 0
    }

    /// The sender of datagram `index` (the outer source for raw sockets) and its UDP port (0 for raw).
    public func source(_ index: Int) -> (address: InetAddress, port: UInt16) {
        precondition(index >= 0 && index < count, "datagram index out of range")
        return SocketAddress.decode(UnsafePointer(addresses + index))
    }

    /// Datagram `index` as `receive(into buffer:)` would describe it.
    public func datagram(_ index: Int) -> ReceivedDatagram {
        let (address, port) = source(index)
        return ReceivedDatagram(length: length(index), source: address, sourcePort: port)
    }
}
