import IPVSAdm
import LVSControl
import LVSCore
import LVSDirector
import LVSLinux
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `--procfs-dir DIR`: on its own thread, every interval, writes DIR/net/ip_vs, ip_vs_stats and
/// ip_vs_conn in the kernel's /proc/net formats (so `node_exporter --path.procfs=DIR` and
/// scripts that parse /proc/net/ip_vs read the director as they read the kernel). Each file is
/// replaced atomically; the connections are read and written piece by piece, as a streamed
/// `ipvsadm -L -c` reads them, so no worker is held for the whole table and the listing is
/// never held whole. The files are removed when the director stops: a stopped director shows
/// no table rather than a stale one.
final class ProcfsWriter: Sendable {
    let directory: String
    private let stopFlag = StopFlag()
    private let thread: Mutex<WorkerThread?> = Mutex(nil)

    static let fileNames = ["ip_vs", "ip_vs_stats", "ip_vs_conn"]

    /// `totals` reads the IPVS-wide counters of a forwarding director (which, as the kernel's,
    /// keep the traffic of deleted services); without it ip_vs_stats adds up the services.
    init(
        control: any ControlService, directory: String, intervalMilliseconds: Int64,
        totals: (@Sendable () -> TrafficCounters)? = nil, logger: Logger
    ) throws(SystemCallError) {
        self.directory = directory
        let net = directory + "/net"
        try TextFile.makeDirectories(net)
        let stop = stopFlag
        let started = try WorkerThread(name: "lvs-procfs") {
            var lastFailure: String?
            while !stop.isSet {
                var due = MonotonicClock.now().milliseconds + intervalMilliseconds
                do {
                    try Self.writeFiles(control: control, net: net, totals: totals)
                    if lastFailure != nil { logger.notice("procfs files written again", metadata: ["dir": "\(net)"]) }
                    lastFailure = nil
                } catch {
                    // Said once per distinct fault: a full disk must not flood the log every second.
                    if "\(error)" != lastFailure {
                        logger.error(
                            "cannot write the procfs files", metadata: ["dir": "\(net)", "error": "\(error)"])
                    }
                    lastFailure = "\(error)"
                }
                // A table that takes longer than the interval to write still leaves the
                // thread idle half an interval between rounds: never a busy core.
                due = max(due, MonotonicClock.now().milliseconds + intervalMilliseconds / 2)
                while !stop.isSet && MonotonicClock.now().milliseconds < due { usleep(20_000) }
            }
            for name in Self.fileNames { _ = try? TextFile.remove(net + "/" + name) }
        }
        thread.withLock { $0 = started }
    }

    /// Stops the thread (which removes the files); idempotent.
    func stop() {
        stopFlag.set()
        let running = thread.withLock { t in
            defer { t = nil }
            return t
        }
        running?.join()
    }

    /// One round: the services (whole, they come first) make ip_vs and ip_vs_stats; the
    /// connection pieces that follow go straight into ip_vs_conn.
    static func writeFiles(
        control: any ControlService, net: String, totals: (() -> TrafficCounters)? = nil
    ) throws(ProcfsWriterError) {
        var services: [ServiceSnapshot] = []
        var tableSize: UInt32?
        var connections: AtomicFileWriter?
        var failure: ProcfsWriterError?
        var finished = false
        control.stream(.snapshot(includeConnections: true)) { response in
            let piece: TableSnapshot
            switch response {
            case .part(let table): piece = table
            case .snapshot(let table):
                piece = table
                finished = true
            default:
                failure = .unexpectedAnswer("\(response)")
                return false
            }
            if tableSize == nil { tableSize = piece.connectionTableSize }
            services += piece.services
            do throws(SystemCallError) {
                if connections == nil && (!piece.connections.isEmpty || finished) {
                    var table = TableSnapshot(services: services)
                    table.connectionTableSize = tableSize ?? table.connectionTableSize
                    try TextFile.writeAtomically(net + "/ip_vs", ProcNetIPVSFormatter.services(table))
                    try TextFile.writeAtomically(
                        net + "/ip_vs_stats", ProcNetIPVSFormatter.stats(table, totals: totals?()))
                    let file = try AtomicFileWriter(net + "/ip_vs_conn")
                    connections = file
                    try file.write(ProcNetIPVSFormatter.connectionHeading)
                }
                try connections?.write(ProcNetIPVSFormatter.connectionRows(piece.connections))
                if finished { try connections?.commit() }
            } catch {
                failure = .file(error)
                return false
            }
            return !finished
        }
        if let failure { throw failure }
        if !finished { throw .unexpectedAnswer("the listing ended early") }
    }
}
