import LVSCore
import LVSLinux
import LVSVocabulary
import LVSWire

#if canImport(Glibc)
import Glibc
#endif

/// The real-server end of LVS-TUN for kernels without the `ipip` module: reads tunnelled
/// datagrams from raw sockets (IPIP, IPv6-in-IP) or a UDP socket (GUE) and writes the inner
/// packet into a TUN device, where the local stack receives it as if it had arrived on an
/// interface. The VIP is on lo, so the stack accepts it; the reply leaves by the ordinary
/// route, straight to the client.
///
/// The TUN device gets rp_filter=2 (loose): the client's address is routed out of eth0, not
/// the TUN device, so strict reverse-path filtering would drop every inner packet. The kernel
/// uses the larger of `all` and the device's value, so loose wins over a strict `all` without
/// touching it. Loose filtering still drops packets arriving on a device without any IPv4
/// address, so each IPv4 VIP is also put on the device (/32, scope host; the device has no
/// ARP, so this announces nothing), as the seeds put the VIP on tunl0.
///
/// Keeping up: each socket gets a large receive queue (`receiveBufferBytes`, forced past
/// rmem_max as root), so a burst or a moment without the CPU does not overflow it (the
/// default ~208 KiB holds a few hundred small tunnelled packets, a few milliseconds at
/// 100 kpps). Datagrams are read up to `batchCapacity` at a time with one recvmmsg into
/// preallocated slots, so the per-packet cost is the TUN write, which hands the packet to the
/// local stack there and then (a blocking write on a TUN device never queues, so it never
/// reports a full queue).
///
/// Sockets and the device belong to the network namespace of the thread that creates this.
/// It may be handed to another thread to `run`, but is used by one thread at a time (the
/// receive batch is shared by every read).
public final class TunnelDecapsulator: @unchecked Sendable {
    /// Asked of each socket's receive queue (the kernel doubles it for its bookkeeping).
    public static let defaultReceiveBufferBytes = 4 << 20
    /// Datagrams read per recvmmsg.
    public static let batchCapacity = 64
    /// Batches read from one socket per wakeup before the others get a turn.
    static let batchesPerTurn = 8

    public let device: TunDevice
    public let reader: TunnelPacketReader
    private let sockets: [(socket: IPDatagramSocket, role: TunnelSocketRole)]
    private let batch: DatagramBatch

    public init(
        tunnel: TunnelKind, virtualAddresses: [InetAddress], deviceName: String = "lvsrs%d",
        receiveBufferBytes: Int = TunnelDecapsulator.defaultReceiveBufferBytes
    ) throws {
        reader = TunnelPacketReader(tunnel: tunnel, virtualAddresses: virtualAddresses)
        device = try TunDevice(name: deviceName)
        try NetworkCommand.ip("link", "set", "dev", device.name, "up")
        if (try? Sysctl.read("net/ipv4/conf/\(device.name)/rp_filter")) != nil {
            try Sysctl.write("net/ipv4/conf/\(device.name)/rp_filter", "2")
            for vip in virtualAddresses where vip.isV4 {
                try NetworkCommand.ip("-4", "addr", "add", "\(vip)/32", "dev", device.name, "scope", "host")
            }
        }
        var sockets: [(IPDatagramSocket, TunnelSocketRole)] = []
        switch tunnel {
        case .ipip:
            for proto in [IPProtocolNumber.ipip, IPProtocolNumber.ipv6] {
                sockets.append((try IPDatagramSocket.raw(family: .inet, protocolNumber: proto), .ipv4Raw))
                // IPv6 may be disabled on this host; IPv4 outer headers still work then.
                if let s = try? IPDatagramSocket.raw(family: .inet6, protocolNumber: proto) {
                    sockets.append((s, .ipv6Raw(protocolNumber: proto)))
                }
            }
        case .gue(let port):
            sockets.append((try IPDatagramSocket.udp(family: .inet, port: port), .udp(family: .inet)))
            if let s = try? IPDatagramSocket.udp(family: .inet6, port: port) {
                sockets.append((s, .udp(family: .inet6)))
            }
        }
        for entry in sockets { try entry.0.setReceiveBufferSize(receiveBufferBytes) }
        self.sockets = sockets
        batch = DatagramBatch(
            capacity: Self.batchCapacity, datagramCapacity: 65536, headroom: TunnelPacketReader.headroom)
    }

    /// Each socket's receive queue in bytes, as the kernel accounts it.
    public var receiveBufferSizes: [Int] { sockets.map { (try? $0.socket.receiveBufferSize) ?? 0 } }

    /// Whether the kernel has its own IPIP module loaded; then it decapsulates too (through
    /// tunl0) and this decapsulator is not needed.
    public static var kernelHasIPIP: Bool { (try? TextFile.read("/sys/module/ipip/refcnt")) != nil }

    /// Decapsulates until `stop` is woken; returns what it did.
    public func run(until stop: WakePipe) -> DecapsulationCounters {
        var counters = DecapsulationCounters()
        var fds = sockets.map { pollfd(fd: $0.socket.descriptor.rawValue, events: Int16(POLLIN), revents: 0) }
        fds.append(pollfd(fd: stop.readDescriptor.rawValue, events: Int16(POLLIN), revents: 0))
        while true {
            let n = poll(&fds, nfds_t(fds.count), -1)
            if n < 0 && errno == EINTR { continue }
            if n < 0 || fds[fds.count - 1].revents != 0 { break }
            for i in sockets.indices where fds[i].revents != 0 {
                let (socket, role) = sockets[i]
                // A bounded number of batches per wakeup keeps one busy socket from starving the others.
                for _ in 0..<Self.batchesPerTurn {
                    let count: Int
                    do {
                        count = try socket.receive(into: batch)
                    } catch {
                        counters.drops["receive_error", default: 0] += 1
                        break
                    }
                    counters.received += count
                    for k in 0..<count { deliver(k, role: role, counters: &counters) }
                    if count < batch.capacity { break }
                }
            }
        }
        // What the kernel dropped at the sockets never reached us (a full receive queue; for
        // GUE also bad UDP checksums); it is counted here so the exit message shows it.
        let dropped = kernelDropCount
        if dropped > 0 { counters.drops["socket_drops", default: 0] += dropped }
        return counters
    }

    /// Datagrams the kernel dropped since the sockets were opened instead of queueing them
    /// for us (a full receive queue).
    public var kernelDropCount: Int {
        sockets.reduce(0) { $0 &+ ((try? $1.socket.kernelDropCount) ?? 0) }
    }

    private func deliver(_ index: Int, role: TunnelSocketRole, counters: inout DecapsulationCounters) {
        if batch.wasTruncated(index) {
            counters.drops["truncated", default: 0] += 1
            return
        }
        let buffer = batch.slot(index)
        let (source, sourcePort) = batch.source(index)
        switch reader.innerPacket(
            in: buffer, length: batch.length(index), role: role, source: source, sourcePort: sourcePort)
        {
        case .drop(let why):
            counters.drops[why.label, default: 0] += 1
        case .deliver(let range):
            do {
                if try device.write(UnsafeRawBufferPointer(rebasing: buffer[range])) {
                    counters.delivered += 1
                } else {
                    counters.drops["tun_queue_full", default: 0] += 1
                }
            } catch {
                counters.drops["tun_write_error", default: 0] += 1
            }
        }
    }
}
