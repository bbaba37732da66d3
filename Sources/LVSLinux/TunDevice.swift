import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// A layer-3 TUN device (IFF_TUN | IFF_NO_PI): each read returns one IP packet, each write
/// injects one, with no packet-information prefix. Created in the calling thread's namespace;
/// the interface disappears when the descriptor closes (unless made persistent elsewhere).
public final class TunDevice: Sendable {
    public let descriptor: OwnedDescriptor
    /// The name the kernel gave the device (it fills in "%d" patterns).
    public let name: String

    /// `name` may be empty or a pattern like "lvstun%d" to let the kernel choose.
    public init(name: String = "lvstun%d", nonBlocking: Bool = false) throws(SystemCallError) {
        let flags = O_RDWR | O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)
        let fd = try systemCall("open(/dev/net/tun)") { open("/dev/net/tun", flags) }
        let owned = OwnedDescriptor(fd)
        var req = try InterfaceRequest(name: name.isEmpty ? "tun%d" : name)
        req.raw.ifr_ifru.ifru_flags = Int16(IFF_TUN | IFF_NO_PI)
        try req.ioctl(fd, clvs_tunsetiff(), "TUNSETIFF")
        descriptor = owned
        self.name = withUnsafeBytes(of: req.raw.ifr_ifrn.ifrn_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Reads one packet into `buffer`; returns its length, or nil if non-blocking and none is queued.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int? {
        try systemCall("read(\(name))", tolerating: EAGAIN) {
            Glibc.read(descriptor.rawValue, buffer.baseAddress, buffer.count)
        }
    }

    /// Writes one IP packet; returns false if non-blocking and the queue is full.
    @discardableResult
    public func write(_ packet: UnsafeRawBufferPointer) throws(SystemCallError) -> Bool {
        try systemCall("write(\(name))", tolerating: EAGAIN) {
            Glibc.write(descriptor.rawValue, packet.baseAddress, packet.count)
        } != nil
    }
}
