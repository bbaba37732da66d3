import LVSLinux
import LVSXDP
import Logging
import Synchronization

/// The director's XDP program: loaded once, attached to every director interface (natively
/// where the driver can, generic otherwise), shared by the workers, which write and delete their
/// connections' map entries. Each worker owns a range of counter slots (no allocator shared
/// between threads). Detached when the director stops (or when this goes away: the links are
/// closed).
final class XDPFastPath: Sendable {
    let program: XDPFastPathProgram
    /// Counter slots per worker; worker w uses [w * slotsPerWorker, (w + 1) * slotsPerWorker).
    let slotsPerWorker: UInt32
    private let attachments: Mutex<[XDPAttachment]>
    let flowsWritten = Atomic<UInt64>(0)
    let flowsRemoved = Atomic<UInt64>(0)
    let writeFailures = Atomic<UInt64>(0)
    let hopsMoved = Atomic<UInt64>(0)
    let packets = Atomic<UInt64>(0)
    let bytes = Atomic<UInt64>(0)
    /// Flows written and packets merged, by worker: added to once per batch or sweep (never per
    /// packet), read by `statistics`.
    private let byWorker = Mutex<(flowsWritten: [UInt64], packets: [UInt64])>(([], []))

    /// The map sizes' ceiling: the flow map is preallocated by the kernel (about 150 bytes per
    /// entry), so a large connection limit must not reserve gigabytes; connections beyond it
    /// stay on the Swift path.
    static let maxMapEntries = 1 << 18
    /// Lines of a verifier log a start failure shows (the whole log can be megabytes).
    static let verifierLogLines = 20

    private init(program: XDPFastPathProgram, slotsPerWorker: UInt32, attachments: [XDPAttachment]) {
        self.program = program
        self.slotsPerWorker = slotsPerWorker
        self.attachments = Mutex(attachments)
    }

    /// For `--data-plane auto`: the fast path if every interface can take it (a device on a
    /// bus, native XDP, the program loads), else nil with the reason logged: the director then
    /// forwards everything on the packet path, as with `--data-plane packet`.
    static func startIfSupported(
        interfaces: [DirectorInterface], workers: Int, maxConnections: Int, logger: Logger
    ) -> XDPFastPath? {
        for nic in interfaces {
            let reason: String?
            do {
                reason = XDPInterfaceSupport.reasonAgainst(
                    interface: nic.name, driver: try Ethtool.driver(interface: nic.name))
            } catch {
                reason = "\(nic.name): no driver information (\(error))"
            }
            if let reason {
                logger.info(
                    "data plane: packet (the XDP fast path is for NICs)", metadata: ["reason": "\(reason)"])
                return nil
            }
        }
        do {
            return try start(
                interfaces: interfaces, workers: workers, maxConnections: maxConnections, logger: logger,
                modes: [.native])
        } catch {
            logger.notice("data plane: packet (the XDP fast path could not start)", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// Loads the program with maps for `maxConnections` (two entries per NAT connection) and
    /// attaches it to each interface in the first of `modes` the driver takes; all or nothing
    /// (attached links are closed on failure).
    static func start(
        interfaces: [DirectorInterface], workers: Int, maxConnections: Int, logger: Logger,
        modes: [XDPAttachment.Mode] = [.native, .generic]
    ) throws -> XDPFastPath {
        let wanted = maxConnections >= maxMapEntries ? maxMapEntries : min(maxConnections * 2, maxMapEntries)
        let entries = max(workers * 2, wanted)
        let program: XDPFastPathProgram
        do {
            program = try XDPFastPathProgram(maxEntries: UInt32(entries))
        } catch {
            throw DirectorError("--data-plane xdp: cannot load the XDP program: \(Self.shortened(error))")
        }
        var attached: [XDPAttachment] = []
        for nic in interfaces {
            var refusals: [String] = []
            for mode in modes {
                do {
                    attached.append(try XDPAttachment(program.program, interfaceIndex: nic.index, mode: mode))
                    if mode == .generic {
                        logger.notice(
                            "XDP program attached in generic mode (the driver refused native XDP: slower)",
                            metadata: ["interface": "\(nic.name)", "native_error": "\(refusals.joined())"])
                    } else {
                        logger.info("XDP program attached", metadata: ["interface": "\(nic.name)", "mode": "\(mode)"])
                    }
                    break
                } catch {
                    refusals.append("\(mode): \(error)")
                }
            }
            if refusals.count == modes.count {
                throw DirectorError(
                    "--data-plane xdp: cannot attach the XDP program to \(nic.name): \(refusals.joined(separator: "; "))"
                )
            }
        }
        return XDPFastPath(
            program: program, slotsPerWorker: UInt32(entries / max(1, workers)), attachments: attached)
    }

    /// Adds what worker `worker` wrote or merged in one batch or sweep.
    func addByWorker(_ worker: Int, flowsWritten: UInt64, packets: UInt64) {
        guard flowsWritten > 0 || packets > 0 else { return }
        byWorker.withLock { totals in
            while totals.flowsWritten.count <= worker {
                totals.flowsWritten.append(0)
                totals.packets.append(0)
            }
            totals.flowsWritten[worker] &+= flowsWritten
            totals.packets[worker] &+= packets
        }
    }

    /// Removes the program from every interface (closes the links). Idempotent.
    func detach() {
        attachments.withLock { $0.removeAll() }
    }

    var statistics: XDPFastPathStatistics {
        var s = XDPFastPathStatistics()
        s.flowsWritten = flowsWritten.load(ordering: .relaxed)
        s.flowsRemoved = flowsRemoved.load(ordering: .relaxed)
        s.writeFailures = writeFailures.load(ordering: .relaxed)
        s.hopsMoved = hopsMoved.load(ordering: .relaxed)
        s.packets = packets.load(ordering: .relaxed)
        s.bytes = bytes.load(ordering: .relaxed)
        (s.flowsWrittenByWorker, s.packetsByWorker) = byWorker.withLock { ($0.flowsWritten, $0.packets) }
        return s
    }

    private static func shortened(_ error: any Error) -> String {
        guard case BPFError.verifierRejected(let errno, let log) = error else { return "\(error)" }
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        let shown = lines.prefix(verifierLogLines).joined(separator: "\n")
        let more = lines.count > verifierLogLines ? "\n(\(lines.count - verifierLogLines) more lines)" : ""
        return "the verifier rejected it (errno \(errno)):\n\(shown)\(more)"
    }
}
