import LVSVocabulary

extension IPVSEngine {
    enum ScheduleOutcome {
        /// A new connection, stored in the table.
        case stored(Int32)
        /// A one-packet (UDP -o) connection: lives for this packet only.
        case transient(ConnectionEntry)
        /// No connection: what to do with the packet instead.
        case verdict(EngineVerdict)
    }

    static let ftpControlPort: UInt16 = 21
    static let ftpDataPort: UInt16 = 20

    /// Kernel ip_vs_service_find: fwmark first, then (proto, addr, port), then an FTP service
    /// for passive-data ports, then the port-0 catch-all.
    func service(for p: PacketMeta) -> VirtualService? {
        if p.fwmark != 0, let s = table.service(.fwmark(p.fwmark, p.destination.family)) { return s }
        guard let proto = TransportProtocol(rawValue: p.ipProtocol) else { return nil }
        if let s = table.service(.address(proto, p.destination, p.destinationPort)) { return s }
        // Unprivileged ports (and 20) may be FTP data for an FTP service on the same address.
        if proto == .tcp && (p.destinationPort == Self.ftpDataPort || p.destinationPort >= 1024),
            let s = table.service(.address(.tcp, p.destination, Self.ftpControlPort))
        {
            return s
        }
        return table.service(.address(proto, p.destination, 0))
    }

    static func port(of svc: VirtualService) -> UInt16 {
        if case .address(_, _, let port) = svc.key { return port }
        return 0
    }

    /// Kernel tcp/udp_conn_schedule + ip_vs_schedule: a packet without a connection.
    func schedule(_ p: PacketMeta, _ now: Int64) -> ScheduleOutcome {
        if p.ipProtocol == IPProtocolNumber.tcp
            && (p.tcpFlags.contains(.rst) || !(sysctls.sloppyTCP || p.tcpFlags.contains(.syn)))
        {
            return .verdict(.pass(.notConnectionStart))
        }
        guard let svc = service(for: p) else { return .verdict(.pass(.noService)) }
        // Active FTP data comes from port 20: never scheduled (NAT creates it from the control
        // connection, which we do not do).
        if p.sourcePort == Self.ftpDataPort { return .verdict(.pass(.ftpData)) }
        // Kernel tcp/udp_conn_schedule: drop_packet decides before anything is scheduled.
        if defence.dropsPacket() { return .verdict(.drop(.defenceDropPacket)) }
        if svc.config.isPersistent { return schedulePersistent(p, svc, now) }

        let svcPort = Self.port(of: svc)
        // A non-persistent port-0 service (or FTP lookups) cannot take other ports.
        if svc.key.fwmark == 0 && p.destinationPort != svcPort { return .verdict(leave(p, svc, now)) }
        // Checked before the scheduler runs: a refused connection leaves no trace in its state.
        let onePacket = svc.config.isOnePacket && p.ipProtocol == IPProtocolNumber.udp
        if !onePacket && !admitsNewEntries(1, now: now) { return .verdict(.drop(.connectionLimit)) }
        guard let d = pick(svc, p, now) else { return .verdict(leave(p, svc, now)) }
        var e = ConnectionEntry(
            proto: p.ipProtocol, client: p.source, clientPort: p.sourcePort,
            virtual: p.destination, virtualPort: p.destinationPort,
            destination: d.address, destinationPort: d.port != 0 ? d.port : p.destinationPort)
        e.fwmark = p.fwmark
        e.timeout = ConnectionTimeouts.initial
        bind(&e, to: d, in: svc)
        countConnection(d, svc)
        return store(e, onePacket: svc.config.isOnePacket && p.ipProtocol == IPProtocolNumber.udp, now)
    }

    private func store(_ e: ConnectionEntry, onePacket: Bool, _ now: Int64) -> ScheduleOutcome {
        if onePacket {
            var t = e
            t.flags.insert(.onePacket)
            return .transient(t)
        }
        return .stored(connections.insert(e, expires: now &+ e.timeout, indexReplies: e.forward == .masquerade))
    }

    /// The scheduler's pick for a new connection (shared by every worker's engine when the
    /// table shares scheduling: see `VirtualService.pickForNewConnection`).
    @inline(__always)
    private func pick(_ svc: VirtualService, _ p: PacketMeta, _ now: Int64) -> RealServer? {
        svc.pickForNewConnection(request(p), now: Instant(milliseconds: now))
    }

    private func request(_ p: PacketMeta) -> ScheduleRequest {
        ScheduleRequest(
            proto: TransportProtocol(rawValue: p.ipProtocol) ?? .tcp, clientAddress: p.source,
            clientPort: p.sourcePort, virtualAddress: p.destination,
            virtualPort: p.destinationPort)
    }

    /// Kernel ip_vs_sched_persist: reuse the client network's template or schedule and make
    /// one, then a connection controlled by it.
    private func schedulePersistent(_ p: PacketMeta, _ svc: VirtualService, _ now: Int64) -> ScheduleOutcome {
        let clientNet = p.source.masked(prefixLength: svc.config.netmaskPrefix)
        let svcPort = Self.port(of: svc)
        // Template key: <proto, client net, 0, vaddr, vport> for a normal service (vport 0 for
        // FTP, whose data connections use other ports), <IP, client net, 0, fwmark, 0> for a
        // fwmark service and <proto, client net, 0, vaddr, 0> for a port-0 service.
        var templateProto = p.ipProtocol
        var templateVirtual = p.destination
        var templatePort: UInt16 = 0
        if p.destinationPort == svcPort {
            if svcPort != Self.ftpControlPort { templatePort = p.destinationPort }
        } else if svc.key.fwmark != 0 {
            templateProto = 0
            templateVirtual = Self.fwmarkAddress(svc.key.fwmark, family: p.source.family)
        }

        var ct = connections.lookupTemplate(
            proto: templateProto, client: clientNet,
            virtual: templateVirtual, virtualPort: templatePort)
        var templateServer: RealServer?
        if ct >= 0, checkTemplate(ct), let server = registry.server(connections[ct].destination) {
            templateServer = server
        }
        // Room for the connection and a template, if one must be made. Making room never
        // takes a controlled entry, so `ct` stays valid.
        let needed =
            (templateServer == nil ? 1 : 0) + (svc.config.isOnePacket && p.ipProtocol == IPProtocolNumber.udp ? 0 : 1)
        if !admitsNewEntries(needed, now: now) { return .verdict(.drop(.connectionLimit)) }
        let d: RealServer
        if let templateServer {
            d = templateServer
        } else {
            let key = TemplateKey(proto: templateProto, client: clientNet, virtual: templateVirtual, port: templatePort)
            var shares = false
            let picked: RealServer?
            if let shared = svc.shared, !shared.isRetired {
                let request = request(p)
                let at = Instant(milliseconds: now)
                if let named = shared.scheduleTemplate(
                    key, request, now: at, expireQuiescent: sysctls.expireQuiescentTemplate)
                {
                    if let own = svc.destination(named) {
                        picked = own
                        shares = true
                    } else {
                        // This worker's table lags the lead's (between steps of a batch).
                        shared.releaseTemplate(key)
                        picked = svc.scheduler.schedule(in: svc, request: request, now: at)
                    }
                } else {
                    picked = nil
                }
            } else {
                picked = pick(svc, p, now)
            }
            guard let picked else { return .verdict(leave(p, svc, now)) }
            d = picked
            let templateDestPort: UInt16 = (p.destinationPort == svcPort && svcPort != Self.ftpControlPort) ? d.port : 0
            var t = ConnectionEntry(
                proto: templateProto, client: clientNet, clientPort: 0,
                virtual: templateVirtual, virtualPort: templatePort,
                destination: d.address, destinationPort: templateDestPort)
            t.flags.insert(.template)
            if shares { t.flags.insert(.sharedTemplate) }
            t.fwmark = p.fwmark
            t.timeout = Int64(svc.config.timeout) * 1000
            bind(&t, to: d, in: svc)
            ct = connections.insert(t, expires: now &+ t.timeout, indexReplies: false)
        }

        var destPort = p.destinationPort
        if destPort == svcPort && d.port != 0 { destPort = d.port }
        var e = ConnectionEntry(
            proto: p.ipProtocol, client: p.source, clientPort: p.sourcePort,
            virtual: p.destination, virtualPort: p.destinationPort,
            destination: d.address, destinationPort: destPort)
        e.fwmark = p.fwmark
        e.timeout = ConnectionTimeouts.initial
        bind(&e, to: d, in: svc)
        e.control = ct
        connections[ct].controlCount += 1
        // Every connection made through the template restarts its timer.
        connections.setExpiry(ct, now &+ connections[ct].timeout)
        countConnection(d, svc)
        return store(e, onePacket: svc.config.isOnePacket && p.ipProtocol == IPProtocolNumber.udp, now)
    }

    /// Kernel ip_vs_check_template: a template whose server is gone (or quiesced, with
    /// expire_quiescent_template) is invalidated and a new one is scheduled.
    private func checkTemplate(_ ct: Int32) -> Bool {
        let t = connections[ct]
        if let d = registry.server(t.destination), d.isAvailable,
            !(sysctls.expireQuiescentTemplate && d.weight == 0)
        {
            return true
        }
        releaseSharedTemplate(t)
        connections[ct].flags.remove(.sharedTemplate)
        connections.invalidateTemplate(ct)
        return false
    }

    /// Lets go of the shared template an entry of this engine held (before its name changes
    /// or it leaves).
    func releaseSharedTemplate(_ e: ConnectionEntry) {
        guard e.flags.contains(.sharedTemplate), let shared = registry.service(e.destination)?.shared else { return }
        shared.releaseTemplate(
            TemplateKey(proto: e.proto, client: e.clientAddress, virtual: e.virtualAddress, port: e.virtualPort))
    }

    /// Fwmark templates carry the mark where the virtual address would be.
    static func fwmarkAddress(_ mark: UInt32, family: InetAddress.Family) -> InetAddress {
        family == .inet ? InetAddress(v4: mark) : InetAddress(v6High: 0, low: UInt64(mark))
    }

    /// Kernel ip_vs_leave: a service but no server for this packet.
    private func leave(_ p: PacketMeta, _ svc: VirtualService, _ now: Int64) -> EngineVerdict {
        if sysctls.cacheBypass && svc.key.fwmark != 0 && !p.destination.isMulticastOrBroadcast {
            var e = ConnectionEntry(
                proto: p.ipProtocol, client: p.source, clientPort: p.sourcePort,
                virtual: p.destination, virtualPort: p.destinationPort,
                destination: InetAddress.zero(p.destination.family), destinationPort: 0)
            e.flags.insert(.bypass)
            e.fwmark = p.fwmark
            e.timeout = ConnectionTimeouts.initial
            transition(&e, output: false, flags: p.tcpFlags)
            if !(svc.config.isOnePacket && p.ipProtocol == IPProtocolNumber.udp) {
                connections.insert(e, expires: now &+ e.timeout, indexReplies: false)
            }
            return .bypass
        }
        if Self.port(of: svc) == Self.ftpControlPort && p.destinationPort != Self.ftpControlPort {
            return .pass(.ftpOtherPort)
        }
        return .reject
    }
}

extension InetAddress {
    static func zero(_ family: Family) -> InetAddress {
        family == .inet ? InetAddress(v4: 0) : InetAddress(v6High: 0, low: 0)
    }

    /// Multicast or limited broadcast: not something cache_bypass forwards.
    var isMulticastOrBroadcast: Bool {
        if isV4 { return v4 >> 28 == 0xE || v4 == 0xFFFF_FFFF }
        return high >> 56 == 0xFF
    }
}
