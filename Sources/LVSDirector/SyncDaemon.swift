import LVSCore
import LVSLinux
import LVSSync
import LVSVocabulary
import LVSWire
import Logging
import Synchronization

/// The IPVS connection-sync daemons of a forwarding director (`ipvsadm --start-daemon
/// master|backup`), on one thread inside the director's network namespace; both roles may
/// run at once, as the kernel allows.
///
/// - master: every `drainInterval` it collects the entries the workers' engines queued (by
///   the kernel's sync_threshold rules), packs them into version 1 messages of at most the
///   daemon's maxlen (default: the interface MTU less the IP and UDP headers) and multicasts
///   full messages at once, a partly filled one after `flushInterval`, as the kernel's master
///   thread does with its sync buffers.
/// - backup: reads the group, drops what is malformed, foreign (syncid) or its own, counting
///   each by reason, and hands each entry to the worker that owns the client's flow (the same
///   choice as the fanout program's), whose engine applies it as the kernel's backup does.
///
/// The table's `syncDaemons` say what should run (`configure`, from the control plane); the
/// thread opens and closes the sockets itself, so they belong to the director's namespace.
final class SyncDaemon: Sendable {
    struct Desired {
        var configs: [SyncDaemonConfig] = []
    }

    /// What the thread runs now.
    final class Running {
        var master: (config: SyncDaemonConfig, sockets: [SyncMulticastSocket], maxLength: Int)?
        var backup: (config: SyncDaemonConfig, sockets: [SyncMulticastSocket])?
        var receiver = SyncReceiver(syncID: 0)
        var pending: [SyncConnection] = []
        var pendingSince: Int64 = 0
        var nextDrain: Int64 = 0
        var failedConfigs: [SyncDaemonConfig: Int64] = [:]
        /// The refusals last logged, and when.
        var reportedDrops: [String: UInt64] = [:]
        var nextReport: Int64 = 0
    }

    let slots: [WorkerSlot]
    let sysctls: IPVSSysctls
    let logger: Logger
    private let desired = Mutex(Desired())
    private let status = Mutex(SyncDaemonStatus())

    /// How often the master collects the workers' outboxes.
    static let drainInterval: Int64 = 10
    /// How long a partly filled message may wait for more entries (kernel IPVS_SYNC_FLUSH_TIME).
    static let flushInterval: Int64 = 2000
    /// How long after a failed start (no such interface, ...) it is tried again.
    static let retryInterval: Int64 = 1000
    /// How often refused messages are logged at most (an operator asking "why are connections
    /// not synced" finds the reasons in the log without flooding it during a storm).
    static let reportInterval: Int64 = 10_000
    /// The longest datagram read.
    static let receiveBufferSize = 65536

    init(slots: [WorkerSlot], sysctls: IPVSSysctls, logger: Logger) {
        self.slots = slots
        self.sysctls = sysctls
        self.logger = logger
    }

    /// The daemons the table asks for now (after every admin batch).
    func configure(_ configs: [SyncDaemonConfig]) {
        desired.withLock { $0.configs = configs }
    }

    /// The daemons running and their counters.
    func currentStatus() -> SyncDaemonStatus {
        var s = status.withLock { $0 }
        s.sent.outboxDrops = slots.reduce(0) { total, slot in total + slot.perform { $0.engine.syncOutbox.dropped } }
        return s
    }

    /// The thread's loop, until `stop` is set; closes everything on the way out.
    func run(until stop: StopFlag) {
        let running = Running()
        var buffer = [UInt8](repeating: 0, count: Self.receiveBufferSize)
        while !stop.isSet {
            let now = MonotonicClock.now().milliseconds
            reconcile(running, now: now)
            let receivers = running.backup?.sockets ?? []
            let timeout: Int32 = running.master != nil ? Int32(Self.drainInterval) : 50
            if receivers.isEmpty {
                _ = SyncMulticastSocket.waitReadable([], timeoutMilliseconds: timeout)
            } else if SyncMulticastSocket.waitReadable(receivers, timeoutMilliseconds: timeout) {
                receiveAll(running, receivers, &buffer)
            }
            if running.master != nil {
                let later = MonotonicClock.now().milliseconds
                if later >= running.nextDrain {
                    running.nextDrain = later + Self.drainInterval
                    sendDue(running, now: later, flushAll: false)
                }
            }
            reportDrops(running, now: now)
        }
        if running.master != nil { sendDue(running, now: MonotonicClock.now().milliseconds, flushAll: true) }
        running.master = nil
        running.backup = nil
        publishRunning(running)
        let s = currentStatus()
        logger.info(
            "sync daemon counters",
            metadata: [
                "sent_messages": "\(s.sent.messages)", "sent_entries": "\(s.sent.entries)",
                "received_messages": "\(s.received.messages)", "received_entries": "\(s.received.entries)",
                "drops": "\(s.received.drops)",
            ])
    }

    /// Logs the refusals by reason when they changed since the last report.
    private func reportDrops(_ running: Running, now: Int64) {
        guard now >= running.nextReport else { return }
        running.nextReport = now + Self.reportInterval
        let drops = running.receiver.counters.drops
        guard drops != running.reportedDrops else { return }
        running.reportedDrops = drops
        logger.warning(
            "sync messages refused",
            metadata: [
                "drops": "\(drops)", "received_messages": "\(running.receiver.counters.messages)",
            ])
    }

    // MARK: Starting and stopping

    private func reconcile(_ running: Running, now: Int64) {
        let wanted = desired.withLock { $0.configs }
        let master = wanted.first { $0.role == .master }
        let backup = wanted.first { $0.role == .backup }
        var changed = false
        if running.master?.config != master {
            if running.master != nil {
                sendDue(running, now: now, flushAll: true)
                running.master = nil
                logger.info("sync master stopped")
                changed = true
            }
            if let master, shouldTry(master, running, now) {
                do {
                    // What the engines queued since the batch that started it (they queue from
                    // then on) goes with the first round.
                    running.master = try openMaster(master)
                    logger.info(
                        "sync master started",
                        metadata: [
                            "interface": "\(master.interface)", "syncid": "\(master.syncID)",
                            "maxlen": "\(running.master!.maxLength)",
                        ])
                    changed = true
                } catch {
                    // Said once per configuration; tried again every second, quietly.
                    if running.failedConfigs[master] == nil { logger.error("sync master cannot start: \(error)") }
                    running.failedConfigs[master] = now
                }
            }
        }
        if running.backup?.config != backup {
            if running.backup != nil {
                running.backup = nil
                logger.info("sync backup stopped")
                changed = true
            }
            if let backup, shouldTry(backup, running, now) {
                do {
                    let opened = try openBackup(backup)
                    running.backup = opened.daemon
                    running.receiver.syncID = backup.syncID
                    running.receiver.ownAddresses = opened.ownAddresses
                    logger.info(
                        "sync backup started",
                        metadata: ["interface": "\(backup.interface)", "syncid": "\(backup.syncID)"])
                    changed = true
                } catch {
                    // Said once per configuration; tried again every second, quietly.
                    if running.failedConfigs[backup] == nil { logger.error("sync backup cannot start: \(error)") }
                    running.failedConfigs[backup] = now
                }
            }
        }
        if changed { publishRunning(running) }
    }

    private func shouldTry(_ config: SyncDaemonConfig, _ running: Running, _ now: Int64) -> Bool {
        guard let failed = running.failedConfigs[config] else { return true }
        return now - failed >= Self.retryInterval
    }

    private func publishRunning(_ running: Running) {
        let configs = [running.master?.config, running.backup?.config].compactMap { $0 }
        status.withLock { $0.running = configs }
    }

    static func group(_ config: SyncDaemonConfig) -> InetAddress { config.mcastGroup ?? SyncMessage.multicastGroup }
    static func port(_ config: SyncDaemonConfig) -> UInt16 {
        config.mcastPort != 0 ? config.mcastPort : SyncMessage.port
    }

    /// The kernel's maxlen: the configured one, at most (and by default) what one datagram
    /// holds on the interface: MTU less the IPv4 (20) or IPv6 (40) header and UDP's 8 bytes.
    static func maxLength(_ config: SyncDaemonConfig, mtu: Int) -> Int {
        let headers = group(config).isV4 ? 28 : 48
        let fits = mtu - headers
        let wanted = config.maxLength != 0 ? Int(config.maxLength) : fits
        return max(SyncMessagePacker.minimumLength, min(wanted, fits))
    }

    private func openMaster(
        _ config: SyncDaemonConfig
    ) throws(SystemCallError) -> (config: SyncDaemonConfig, sockets: [SyncMulticastSocket], maxLength: Int) {
        let nic = try NetworkInterface.named(config.interface)
        let group = Self.group(config)
        let source = (try? InterfaceAddresses.all())?[config.interface]?.first { $0.family == group.family }
        let socket = try SyncMulticastSocket.sender(
            group: group, port: Self.port(config), interface: config.interface, interfaceIndex: nic.index,
            source: source, ttl: config.mcastTTL != 0 ? config.mcastTTL : 1, sendBufferSize: sysctls.syncSocketSize)
        return (config, [socket], Self.maxLength(config, mtu: nic.mtu))
    }

    private func openBackup(
        _ config: SyncDaemonConfig
    ) throws(SystemCallError) -> (
        daemon: (config: SyncDaemonConfig, sockets: [SyncMulticastSocket]), ownAddresses: Set<InetAddress>
    ) {
        let nic = try NetworkInterface.named(config.interface)
        var sockets: [SyncMulticastSocket] = []
        for id in 0..<max(1, sysctls.syncPorts) {
            sockets.append(
                try SyncMulticastSocket.receiver(
                    group: Self.group(config), port: Self.port(config) &+ UInt16(truncatingIfNeeded: id),
                    interface: config.interface, interfaceIndex: nic.index,
                    receiveBufferSize: sysctls.syncSocketSize))
        }
        let own = Set((try? InterfaceAddresses.all())?[config.interface] ?? [])
        return ((config, sockets), own)
    }

    // MARK: Master

    private func drainAll(into pending: inout [SyncConnection]) {
        for slot in slots {
            // An idle worker is not woken (its outbox's flag is an atomic).
            guard slot.state.engine.syncOutbox.mayHoldEntries else { continue }
            let entries = slot.perform { state -> [ConnectionEntry] in
                var out: [ConnectionEntry] = []
                state.engine.drainSyncOutbox(into: &out)
                return out
            }
            for entry in entries {
                if let connection = SyncConnectionMapping.syncConnection(from: entry) { pending.append(connection) }
            }
        }
    }

    /// Collects the outboxes and sends what is due: every full message, and the rest when it
    /// waited `flushInterval` (or `flushAll`).
    private func sendDue(_ running: Running, now: Int64, flushAll: Bool) {
        guard let master = running.master else { return }
        let before = running.pending.count
        drainAll(into: &running.pending)
        if before == 0 && !running.pending.isEmpty { running.pendingSince = now }
        guard !running.pending.isEmpty else { return }
        let version: UInt8 = sysctls.syncVersion == 0 ? 0 : SyncMessage.version
        let ports = max(1, sysctls.syncPorts)
        var byPort = [[SyncConnection]](repeating: [], count: ports)
        for connection in running.pending {
            byPort[ports == 1 ? 0 : ClientFlowSteering.worker(forClient: connection.clientAddress, workers: ports)]
                .append(connection)
        }
        let flushPartial = flushAll || now - running.pendingSince >= Self.flushInterval
        var kept: [SyncConnection] = []
        var sent = SyncSendCounters()
        for (id, connections) in byPort.enumerated() where !connections.isEmpty {
            let messages = SyncMessagePacker.pack(
                connections, syncID: master.config.syncID, maxLength: master.maxLength, protocolVersion: version)
            for (index, message) in messages.enumerated() {
                let count = Int(message[version == 0 ? 0 : 4])
                if index == messages.count - 1 && !flushPartial
                    && !Self.isFull(message, entries: count, maxLength: master.maxLength)
                {
                    // Keep the partial message's entries for the next round.
                    kept += connections.suffix(count)
                    continue
                }
                do {
                    try master.sockets[0].send(
                        message, port: Self.port(master.config) &+ UInt16(truncatingIfNeeded: id))
                    sent.messages += 1
                    sent.entries += UInt64(count)
                } catch {
                    sent.sendErrors += 1
                }
            }
        }
        // What is kept counts as waiting since the oldest entry did: sent a little early at
        // worst, never late.
        running.pending = kept
        if kept.isEmpty { running.pendingSince = 0 }
        status.withLock {
            $0.sent.messages += sent.messages
            $0.sent.entries += sent.entries
            $0.sent.sendErrors += sent.sendErrors
        }
    }

    /// Whether no further IPv4 entry (with its padding) would fit.
    static func isFull(_ message: [UInt8], entries: Int, maxLength: Int) -> Bool {
        message.count + 3 + SyncConnection.fixedLengthIPv4 > maxLength || entries == SyncMessage.maximumConnections
    }

    // MARK: Backup

    private func receiveAll(_ running: Running, _ sockets: [SyncMulticastSocket], _ buffer: inout [UInt8]) {
        var perWorker = [[ConnectionEntry]](repeating: [], count: slots.count)
        var any = false
        for socket in sockets {
            // Bounded per round, so the master's side and stopping are not starved by a storm.
            for _ in 0..<256 {
                let received = buffer.withUnsafeMutableBytes { try? socket.receive(into: $0) }
                guard let datagram = received ?? nil else { break }
                let payload = Array(buffer[0..<min(datagram.length, buffer.count)])
                for entry in running.receiver.receive(payload, from: datagram.source) {
                    perWorker[ClientFlowSteering.worker(forClient: entry.clientAddress, workers: slots.count)]
                        .append(entry)
                    any = true
                }
            }
        }
        let counters = running.receiver.counters
        status.withLock { $0.received = counters }
        guard any else { return }
        let now = MonotonicClock.now()
        for (worker, entries) in perWorker.enumerated() where !entries.isEmpty {
            slots[worker].post { state in
                for entry in entries { state.engine.applySynced(entry, now: now) }
            }
        }
    }
}
