import LVSVocabulary

extension IPVSEngine {
    // MARK: Master: what to queue (kernel ip_vs_sync_conn, ip_vs_sync_conn_needed)

    /// Queues the connection `id` (after a client packet; its count is `packets`) when the
    /// sync rules say so, then its controlling template with the template's own count, as the
    /// kernel's ip_vs_sync_conn walks cp->control. `packets` nil: `id` is itself a controller
    /// reached from a connection that was not stored (one-packet scheduling).
    func queueForSync(_ id: Int32, packets: Int?, now: Int64) {
        var current = id
        var count = packets ?? controllerPackets(id)
        // A chain is one template deep; the bound only guards against a corrupt one.
        for _ in 0..<4 {
            guard connections.contains(current) else { return }
            if syncIsDue(current, packets: count, now: now) { syncOutbox.append(connections[current]) }
            let control = connections[current].control
            guard connections.contains(control) else { return }
            count = controllerPackets(control)
            current = control
        }
    }

    /// A template counts every packet of the connections it controls (kernel in_pkts of the
    /// template); another controller is taken as at the threshold.
    private func controllerPackets(_ id: Int32) -> Int {
        guard connections.contains(id) else { return 0 }
        guard connections[id].isTemplate else { return sysctls.syncThreshold }
        connections[id].inPackets &+= 1
        return Int(connections[id].inPackets)
    }

    /// Kernel ip_vs_sync_conn_needed, on the engine's millisecond clock: TCP only in states
    /// worth taking over (ESTABLISHED, FIN_WAIT, CLOSE, CLOSE_WAIT, TIME_WAIT), a change to a
    /// closing state at once, otherwise when the packet count hits the threshold (then every
    /// period); with a refresh period, not again until the expiry moved enough (or a retry
    /// falls due). Templates go whenever a controlled connection's packet arrives, unless the
    /// refresh period holds them back. Marks the entry as synced when it says yes.
    func syncIsDue(_ id: Int32, packets: Int, now: Int64) -> Bool {
        let e = connections[id]
        if e.flags.contains(.onePacket) { return false }
        let original = connections.syncEndTime(id)
        var next = (now &+ e.timeout) & ~3
        if !e.isTemplate {
            if sysctls.syncPersistMode && isControlledByTemplate(e) { return false }
            if e.proto == IPProtocolNumber.tcp {
                guard Self.isSyncedTCPState(e.tcpState) else { return false }
                // A change to a closing state goes at once; to ESTABLISHED it waits for the
                // packet count like any other packet (the kernel's `force` only matters when
                // another CPU raced it, which one engine never does).
                if e.state != e.syncedState && e.tcpState != .established { return markSynced(id, next) }
            }
        }
        let refresh = sysctls.syncRefreshPeriod
        if refresh > 0 {
            let difference = (next &- original).magnitude
            let minimum = max(e.timeout / 2, 10_000)
            if difference < UInt64(clamping: min(refresh, minimum)) {
                let retries = Int(original & 3)
                if retries >= sysctls.syncRetries { return false }
                if now < original &- e.timeout &+ refresh / 8 { return false }
                next |= Int64(retries + 1)
            }
        }
        let period = sysctls.syncPeriod
        if period > 0 {
            if !e.isTemplate && packets % period != sysctls.syncThreshold { return false }
        } else if refresh <= 0 && packets != sysctls.syncThreshold {
            return false
        }
        return markSynced(id, next)
    }

    private func markSynced(_ id: Int32, _ endTime: Int64) -> Bool {
        connections[id].syncedState = connections[id].state
        connections.setSyncEndTime(id, endTime)
        return true
    }

    private func isControlledByTemplate(_ e: ConnectionEntry) -> Bool {
        connections.contains(e.control) && connections[e.control].isTemplate
    }

    /// The TCP states a backup can take over (a switch, not a set: this runs per packet).
    @inline(__always)
    static func isSyncedTCPState(_ state: TCPState) -> Bool {
        switch state {
        case .established, .finWait, .close, .closeWait, .timeWait: true
        default: false
        }
    }

    /// Moves what the engine queued for the sync master to the end of `into`.
    public func drainSyncOutbox(into out: inout [ConnectionEntry]) {
        syncOutbox.drain(into: &out)
    }

    // MARK: Backup: applying a received entry (kernel ip_vs_proc_conn)

    /// What applying one received entry did.
    public enum SyncApplyOutcome: Hashable, Sendable {
        /// A new entry; `bound` when its real server is in the table.
        case created(bound: Bool)
        /// An existing entry took the master's state, timeout and activity.
        case updated
        /// The master's word about a connection this table already gave to another real
        /// server, and the message says it is inactive: the kernel's "already replaced" case.
        case ignored
    }

    /// Applies an entry a master sent, as the kernel's backup does: find the connection (or
    /// template) by its client and virtual ends; one that points at another real server is
    /// replaced when the master's is active; update it (activity, state, timeout) or create it
    /// bound to the real server with that address and port when one exists (forwarding method
    /// and "no output" then come from the server, as for the kernel's synced connections),
    /// unbound otherwise (still forwarded by the message's method). `received` comes from the
    /// sync mapping: flags, method, state and fwmark as sent, `timeout` 0 for "the protocol's
    /// timeout for the state".
    @discardableResult
    public func applySynced(_ received: ConnectionEntry, now: Instant) -> SyncApplyOutcome {
        refreshTimeouts()
        let ms = now.milliseconds
        let isTemplate = received.isTemplate
        var id: Int32
        if isTemplate {
            id = connections.lookupTemplate(
                proto: received.proto, client: received.clientAddress, virtual: received.virtualAddress,
                virtualPort: received.virtualPort)
        } else {
            id = connections.lookup(
                proto: received.proto, client: received.clientAddress, clientPort: received.clientPort,
                virtual: received.virtualAddress, virtualPort: received.virtualPort)
            if id >= 0,
                connections[id].destinationPort != received.destinationPort
                    || connections[id].destinationAddress != received.destinationAddress
            {
                guard !received.flags.contains(.inactive) else { return .ignored }
                expire(id, now: ms, dropControlChain: false)
                // A connection still controlling others stays (it cannot here: only templates
                // control); look again to be sure it is gone.
                if connections.contains(id) && !connections[id].isTemplate { return .ignored }
                id = -1
            }
        }

        let outcome: SyncApplyOutcome
        if id >= 0 {
            var e = connections[id]
            let wasInactive = e.flags.contains(.inactive)
            let isInactive = received.flags.contains(.inactive)
            if wasInactive != isInactive && !isTemplate, let d = registry.server(e.destination) {
                if isInactive {
                    d.addCounts(active: -1, inactive: 1)
                } else {
                    d.addCounts(active: 1, inactive: -1)
                }
            }
            // Only the activity comes from an update (kernel IP_VS_CONN_F_BACKUP_UPD_MASK).
            if isInactive { e.flags.insert(.inactive) } else { e.flags.remove(.inactive) }
            if isTemplate && received.flags.contains(.assured) { e.flags.insert(.assured) }
            connections[id] = e
            if registry.server(e.destination) == nil, let (d, svc) = syncedDestination(for: received) {
                bindSynced(id, to: d, in: svc)
            }
            outcome = .updated
        } else {
            // A backup's table keeps to its limit too (ignored, like an entry it cannot use).
            guard admitsNewEntries(1, now: ms) else { return .ignored }
            var e = received
            // Held by no shared template: only templates this engine scheduled are.
            e.flags.remove(.sharedTemplate)
            e.destination = -1
            e.control = -1
            e.controlCount = 0
            let target = syncedDestination(for: received)
            id = connections.insert(e, expires: ms, indexReplies: false)
            if let (d, svc) = target { bindSynced(id, to: d, in: svc) }
            if connections[id].forward == .masquerade && !connections[id].flags.contains(.bypass) {
                connections.indexReplies(id)
            }
            outcome = .created(bound: target != nil)
        }

        var e = connections[id]
        e.inPackets = UInt16(clamping: sysctls.syncThreshold)
        if !isTemplate { e.state = received.state }
        e.syncedState = e.state
        if received.timeout > 0 {
            e.timeout = received.timeout
        } else if !isTemplate && e.proto == IPProtocolNumber.tcp {
            e.timeout = timeouts.tcp(e.tcpState)
        } else if !isTemplate && e.proto == IPProtocolNumber.udp {
            e.timeout = timeouts.udp
        } else {
            e.timeout = Self.syncedTemplateTimeout
        }
        connections[id] = e
        connections.setExpiry(id, ms &+ e.timeout)
        return outcome
    }

    /// A template (or an entry of an unknown protocol) received without a timeout: 3 minutes.
    static let syncedTemplateTimeout: Int64 = 180_000

    /// Kernel ip_vs_find_dest: the service by fwmark or protocol/address/port, then the real
    /// server by address and port (a DR/TUN fwmark entry by address alone, and a template sent
    /// without a port by address alone).
    private func syncedDestination(for e: ConnectionEntry) -> (RealServer, VirtualService)? {
        let family = e.clientAddress.family
        var svc: VirtualService?
        if e.fwmark != 0 { svc = table.service(.fwmark(e.fwmark, family)) }
        if svc == nil, let proto = TransportProtocol(rawValue: e.proto) {
            svc =
                table.service(.address(proto, e.virtualAddress, e.virtualPort))
                ?? table.service(.address(proto, e.virtualAddress, 0))
        }
        guard let svc else { return nil }
        let anyPort = e.destinationPort == 0 || (e.fwmark != 0 && e.forward != .masquerade)
        let d = svc.destinations.first {
            $0.address == e.destinationAddress && (anyPort || $0.port == e.destinationPort)
        }
        guard let d else { return nil }
        return (d, svc)
    }

    /// Kernel ip_vs_bind_dest for a synced entry: the method and "no output" from the server,
    /// the activity as the master sent it, counted as active, inactive or persistent.
    private func bindSynced(_ id: Int32, to d: RealServer, in svc: VirtualService) {
        var e = connections[id]
        let destination = registry.id(for: d, in: svc)
        registry.retain(destination)
        e.destination = destination
        e.forward = d.config.forward
        e.flags.remove(.bypass)
        if d.config.forward != .masquerade { e.flags.insert(.noOutput) } else { e.flags.remove(.noOutput) }
        if e.isTemplate {
            d.addCounts(persistent: 1)
            adoptSharedTemplate(&e, bound: d, in: svc)
        } else if e.flags.contains(.inactive) {
            d.addCounts(inactive: 1)
        } else {
            d.addCounts(active: 1)
        }
        d.updateOverload()
        connections[id] = e
        if e.forward == .masquerade { connections.indexReplies(id) }
    }

    /// A synced or restored template of a service whose workers share scheduling becomes the
    /// template every worker uses: the client network's later connections may arrive on any
    /// worker, and must reach the server the master's template names.
    private func adoptSharedTemplate(_ e: inout ConnectionEntry, bound d: RealServer, in svc: VirtualService) {
        guard !e.flags.contains(.sharedTemplate), let shared = svc.shared, !shared.isRetired else { return }
        shared.adoptTemplate(
            TemplateKey(proto: e.proto, client: e.clientAddress, virtual: e.virtualAddress, port: e.virtualPort),
            destination: d.key)
        e.flags.insert(.sharedTemplate)
    }
}
