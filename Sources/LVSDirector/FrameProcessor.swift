import LVSCore
import LVSDataPlane
import LVSLinux
import LVSVocabulary
import LVSWire
import LVSXDP

/// The director's per-frame pipeline, free of I/O: parse (LVSWire), decide (IPVSEngine), rewrite
/// (LVSDataPlane) into `output`. The worker does the ring I/O around it; tests call it directly.
///
/// The received frame is only read; a frame to send is first copied into `output`, which must
/// have `outputHeadroom` bytes in front of its start for encapsulation and ICMP errors, and
/// room for the frame after it.
///
/// TTL: like the kernel's IPVS (and its forwarding path for NAT replies), every forwarded packet
/// has its TTL decremented (IPv4 header checksum updated incrementally); a client packet whose
/// TTL runs out gets ICMP time exceeded from the VIP, a NAT reply whose TTL runs out is dropped.
public struct FrameProcessor: Sendable {
    public var parser: FrameParser
    /// Headroom `output` needs: enough for GUE over IPv6 (40 + 8 + 4) and ICMP errors.
    public static let outputHeadroom = 64

    public init(parser: FrameParser = FrameParser()) { self.parser = parser }

    public func process(
        _ frame: FrameBuffer, ingress: Ingress, state: WorkerState, neighbours snap: NetworkView,
        now: Instant, output: inout FrameBuffer
    ) -> TxAction {
        if ingress.wireLength > frame.count { return .drop(.director(.truncatedCapture)) }
        if ingress.vlanStripped { return .pass(.director(.vlan)) }
        switch parser.parse(frame) {
        case .drop(let reason):
            return reason == .unsupportedEtherType ? .pass(.director(.otherEtherType)) : .drop(.wire(reason))
        case .arp(let arp):
            return answerARP(frame, arp, ingress: ingress, state: state, snap: snap, output: &output)
        case .ip(let s):
            // Neighbor Solicitations go to a multicast group, not to our MAC.
            if let target = NDPResponder.solicitedTarget(frame, s) {
                return answerNDP(frame, s, target: target, ingress: ingress, state: state, snap: snap, output: &output)
            }
            guard ingress.packetType == .host else { return .notForUs }
            guard s.vlanTCI == nil else { return .pass(.director(.vlan)) }
            return handleIP(frame, s, ingress: ingress, state: state, snap: snap, now: now, output: &output)
        }
    }

    // MARK: ARP

    private func answerARP(
        _ frame: FrameBuffer, _ arp: ARPSummary, ingress: Ingress, state: WorkerState,
        snap: NetworkView, output: inout FrameBuffer
    ) -> TxAction {
        state.learned.refresh(arp.senderAddress, mac: arp.senderMAC, interface: ingress.interface)
        guard arp.operation == ARPPacket.request, snap.isVirtual(arp.targetAddress),
            ingress.packetType == .host || ingress.packetType == .broadcast,
            snap.interfaces.indices.contains(ingress.interface)
        else { return .pass(.director(.arp)) }
        // A requester is a neighbour we will likely answer soon (the client of a NAT service).
        state.learned.record(arp.senderAddress, mac: arp.senderMAC, interface: ingress.interface)
        guard copy(frame, into: &output) else { return .drop(.director(.frameTooLarge)) }
        switch ARPResponder.reply(output, arp, ownedMAC: snap.interfaces[ingress.interface].mac) {
        case .drop(let r): return .drop(.wire(r))
        case .forward, .reply: return .transmit(interface: ingress.interface, kind: .arp)
        }
    }

    /// A Neighbor Solicitation for a VIP is answered from the ingress interface's MAC; others
    /// (the director's own addresses) are the kernel's.
    private func answerNDP(
        _ frame: FrameBuffer, _ s: PacketSummary, target: InetAddress, ingress: Ingress,
        state: WorkerState, snap: NetworkView, output: inout FrameBuffer
    ) -> TxAction {
        guard snap.isVirtual(target), snap.interfaces.indices.contains(ingress.interface), s.vlanTCI == nil
        else { return .pass(.director(.neighbourDiscovery)) }
        if s.source.high != 0 || s.source.low != 0 {
            state.learned.record(s.source, mac: EthernetHeader(frame).source, interface: ingress.interface)
        }
        switch NDPResponder.advertise(
            &output, answering: frame, s, target: target,
            ownedMAC: snap.interfaces[ingress.interface].mac)
        {
        case .reply, .forward: return .transmit(interface: ingress.interface, kind: .arp)
        case .drop(let r): return .drop(.wire(r))
        }
    }

    // MARK: IP

    private func handleIP(
        _ frame: FrameBuffer, _ s: PacketSummary, ingress: Ingress, state: WorkerState,
        snap: NetworkView, now: Instant, output: inout FrameBuffer
    ) -> TxAction {
        let toVIP = snap.isVirtual(s.destination)
        // Learned even from frames for the kernel: a real server's neighbour advertisement to
        // the director's own address is how an IPv6 next hop becomes known here.
        state.learned.record(s.source, mac: EthernetHeader(frame).source, interface: ingress.interface)
        if !toVIP && snap.isLocal(s.destination) { return .pass(.director(.ownAddress)) }
        if let icmp = s.icmp, let quote = icmp.quote, Self.isErrorAboutConnection(s.ipProtocol, icmp.type) {
            return icmpErrorAboutConnection(
                frame, s, quote, toVIP: toVIP, ingress: ingress, state: state, snap: snap,
                now: now, output: &output)
        }

        let meta = PacketMeta(
            ipProtocol: s.ipProtocol, source: s.source, sourcePort: s.sourcePort,
            destination: s.destination, destinationPort: s.destinationPort, tcpFlags: s.tcpFlags,
            length: UInt32(truncatingIfNeeded: s.ipPacketLength),
            origin: toVIP ? .client : .realServer)
        switch state.engine.process(meta, now: now) {
        case .pass(let reason):
            return !toVIP && reason == .noConnection ? .replyWithoutConnection : .pass(.engine(reason))
        case .drop(let reason):
            return .drop(.engine(reason))
        case .bypass:
            return .pass(.director(.bypass))
        case .reject:
            return icmpError(frame, s, kind: .portUnreachable, ingress: ingress, snap: snap, output: &output)
        case .forward(let action):
            return forward(frame, s, action, ingress: ingress, state: state, snap: snap, output: &output)
        case .natReply(let action):
            return natReply(frame, s, action, ingress: ingress, state: state, snap: snap, output: &output)
        }
    }

    /// ICMP destination unreachable, source quench, time exceeded; ICMPv6 destination
    /// unreachable, packet too big, time exceeded: the errors IPVS relays.
    @inline(__always)
    static func isErrorAboutConnection(_ proto: UInt8, _ type: UInt8) -> Bool {
        if proto == IPProtocolNumber.icmp {
            return type == ICMPType.destinationUnreachable || type == ICMPType.timeExceeded
                || type == ICMPType.sourceQuench
        }
        return proto == IPProtocolNumber.icmpv6 && type >= ICMPv6Type.destinationUnreachable
            && type <= ICMPv6Type.timeExceeded
    }

    /// An ICMP error quoting a packet of one of our connections goes where that connection's
    /// packets go (kernel ip_vs_in_icmp / ip_vs_out_icmp); others pass, as before.
    private func icmpErrorAboutConnection(
        _ frame: FrameBuffer, _ s: PacketSummary, _ q: QuotedPacket, toVIP: Bool,
        ingress: Ingress, state: WorkerState, snap: NetworkView,
        now: Instant, output: inout FrameBuffer
    ) -> TxAction {
        let quoted = PacketMeta(
            ipProtocol: q.ipProtocol, source: q.source, sourcePort: q.sourcePort,
            destination: q.destination, destinationPort: q.destinationPort, length: 0)
        switch state.engine.processICMPError(
            quoted: quoted, origin: toVIP ? .client : .realServer,
            length: UInt32(truncatingIfNeeded: s.ipPacketLength), now: now)
        {
        case .pass(let reason):
            if !toVIP && reason == .noConnection { return .replyWithoutConnection }
            return .pass(.engine(.unsupportedProtocol))
        case .toRealServer(let action):
            return forward(frame, s, action, ingress: ingress, state: state, snap: snap, output: &output)
        case .toClient(let action):
            return natReply(frame, s, action, ingress: ingress, state: state, snap: snap, output: &output)
        }
    }

    private func forward(
        _ frame: FrameBuffer, _ s: PacketSummary, _ a: ForwardAction, ingress: Ingress,
        state: WorkerState, snap: NetworkView, output: inout FrameBuffer
    ) -> TxAction {
        if a.method == .local { return .drop(.director(.localForwarding)) }
        let hop: ResolvedHop
        switch resolve(a.address, state: state, snap: snap) {
        case .miss(let action): return action
        case .hop(let h): hop = h
        }
        if HopLimit.expires(s) {
            // Never an ICMP error about an ICMP error.
            if s.ipProtocol == IPProtocolNumber.icmp || s.ipProtocol == IPProtocolNumber.icmpv6 {
                return .drop(.wire(.hopLimitExceeded))
            }
            return icmpError(frame, s, kind: .timeExceeded, ingress: ingress, snap: snap, output: &output)
        }
        guard copy(frame, into: &output) else { return .drop(.director(.frameTooLarge)) }
        HopLimit.decrementAlive(output, s)
        let egress = snap.interfaces[hop.interface]
        let l2 = L2Rewrite(destination: hop.mac ?? .zero, source: egress.mac)
        let verdict: RewriteVerdict
        switch a.method {
        case .route:
            verdict = DirectRouting.forward(output, s, l2: l2, checksumPartial: ingress.checksumPartial)
        case .masquerade:
            verdict =
                s.icmp?.quote != nil
                ? ICMPErrorNAT.rewriteTowardRealServer(output, s, address: a.address, port: a.port, l2: l2)
                : NATRewriter.rewriteDestination(
                    output, s, address: a.address, port: a.port, l2: l2,
                    checksumPartial: ingress.checksumPartial)
        case .tunnel:
            guard let source = egress.tunnelSource(toward: a.address) else {
                return .drop(.wire(.addressFamilyMismatch))
            }
            let encapsulation: TunnelParameters.Encapsulation
            switch a.tunnelType {
            case .ipip: encapsulation = .ipip
            case .gue: encapsulation = .gue(port: a.tunnelPort)
            case .gre: encapsulation = .gre
            }
            let p = TunnelParameters(
                encapsulation: encapsulation, source: source, destination: a.address, l2: l2,
                mtu: egress.mtu, timeToLive: s.hopLimit &- 1,
                checksum: a.tunnelFlags.contains(.checksum))
            verdict = TunnelEncapsulator.encapsulate(&output, s, p, checksumPartial: ingress.checksumPartial)
            if verdict == .reply {
                // "Fragmentation needed" goes back where the packet came from.
                EthernetHeader(output).source = snap.interfaces[ingress.interface].mac
                return .transmit(interface: ingress.interface, kind: .icmp)
            }
        case .local:
            return .drop(.director(.localForwarding))
        }
        switch verdict {
        case .forward:
            if state.offloadEnabled { offerOffload(s, a, hop: hop, ingress: ingress, state: state, snap: snap) }
            return hop.sent(.forward)
        case .reply: return .transmit(interface: ingress.interface, kind: .icmp)
        case .drop(let r): return .drop(.wire(r))
        }
    }

    /// With the XDP fast path: a packet of a connection XDP may forward from now on (TCP
    /// ESTABLISHED after `XDPOffloader.tcpPacketsBeforeOffload` client packets, UDP) was just
    /// forwarded; what was done with it becomes the connection's XDP
    /// map entry (written by the worker after its batch). A FIN/RST that moved an established
    /// connection on withdraws it. Only what the program does exactly as the Swift path: DR, NAT,
    /// ipip, GUE over IPv4 without checksum; no VLAN (passed earlier), no CHECKSUM_PARTIAL
    /// frame (XDP cannot tell such a frame's checksum is incomplete).
    @inline(__always)
    private func offerOffload(
        _ s: PacketSummary, _ a: ForwardAction, hop: ResolvedHop, ingress: Ingress, state: WorkerState,
        snap: NetworkView
    ) {
        guard let id = a.connection, let (key, mac) = Self.offloadKey(s, hop: hop, ingress: ingress, id, state)
        else { return }
        let e = state.engine.connections[id]
        guard XDPOffloader.offloadable(e) else {
            if s.tcpFlags.contains(.fin) || s.tcpFlags.contains(.rst) {
                state.offloadCandidate = OffloadCandidate(
                    connection: id, key: key,
                    entry: XDPFlowEntry(
                        method: .directRouting, destinationMAC: mac, sourceMAC: mac, interfaceIndex: 0,
                        transmitOnIngress: false, counterSlot: 0),
                    hop: a.address, withdraw: true)
            }
            return
        }
        if e.proto == IPProtocolNumber.tcp && e.inPackets < XDPOffloader.tcpPacketsBeforeOffload { return }
        let egress = snap.interfaces[hop.interface]
        let method: XDPFlowEntry.Method
        switch a.method {
        case .route:
            method = .directRouting
        case .tunnel:
            guard !a.tunnelFlags.contains(.checksum), egress.mtu <= Int(UInt16.max) else { return }
            guard let source = egress.tunnelSource(toward: a.address) else { return }
            switch a.tunnelType {
            case .ipip:
                method = .tunnel(source: source, destination: a.address, mtu: UInt16(egress.mtu))
            case .gue:
                guard a.address.isV4 else { return }
                method = .tunnel(source: source, destination: a.address, mtu: UInt16(egress.mtu), guePort: a.tunnelPort)
            case .gre:
                return
            }
        case .masquerade:
            method = .natToRealServer(address: a.address, port: a.port)
        case .local:
            return
        }
        state.offloadCandidate = OffloadCandidate(
            connection: id, key: key,
            entry: XDPFlowEntry(
                method: method, destinationMAC: mac, sourceMAC: egress.mac,
                interfaceIndex: UInt32(bitPattern: egress.index),
                transmitOnIngress: hop.interface == ingress.interface, counterSlot: 0),
            hop: a.address)
    }

    private func natReply(
        _ frame: FrameBuffer, _ s: PacketSummary, _ a: NATReplyAction, ingress: Ingress,
        state: WorkerState, snap: NetworkView, output: inout FrameBuffer
    ) -> TxAction {
        let hop: ResolvedHop
        switch resolve(s.destination, state: state, snap: snap) {
        case .miss(let action): return action
        case .hop(let h): hop = h
        }
        // The kernel would answer from its own address; the director does not forge one for a
        // reply, it drops (as a router that sends no ICMP would).
        if HopLimit.expires(s) { return .drop(.wire(.hopLimitExceeded)) }
        guard copy(frame, into: &output) else { return .drop(.director(.frameTooLarge)) }
        HopLimit.decrementAlive(output, s)
        let l2 = L2Rewrite(destination: hop.mac ?? .zero, source: snap.interfaces[hop.interface].mac)
        let verdict =
            s.icmp?.quote != nil
            ? ICMPErrorNAT.rewriteTowardClient(output, s, address: a.virtualAddress, port: a.virtualPort, l2: l2)
            : NATRewriter.rewriteSource(
                output, s, address: a.virtualAddress, port: a.virtualPort, l2: l2,
                checksumPartial: ingress.checksumPartial)
        switch verdict {
        case .forward:
            if state.offloadEnabled { offerReplyOffload(s, a, hop: hop, ingress: ingress, state: state, snap: snap) }
            return hop.sent(.forward)
        case .reply: return hop.sent(.forward)
        case .drop(let r): return .drop(.wire(r))
        }
    }

    /// The packet's own tuple (the XDP map's key) and the hop's MAC, if the frame is one XDP could
    /// forward (TCP or UDP, not an ICMP error, its checksum complete, the hop resolved) and
    /// connection `id` is live.
    @inline(__always)
    private static func offloadKey(
        _ s: PacketSummary, hop: ResolvedHop, ingress: Ingress, _ id: Int32, _ state: WorkerState
    ) -> (XDPFlowKey, MACAddress)? {
        guard let mac = hop.mac, s.icmp == nil, !ingress.checksumPartial,
            s.ipProtocol == IPProtocolNumber.tcp || s.ipProtocol == IPProtocolNumber.udp,
            state.engine.connections.contains(id)
        else { return nil }
        let key = XDPFlowKey(
            ipProtocol: s.ipProtocol, source: s.source, sourcePort: s.sourcePort, destination: s.destination,
            destinationPort: s.destinationPort)
        return (key, mac)
    }

    /// `offerOffload` for a NAT reply: the real server -> client direction's entry.
    @inline(__always)
    private func offerReplyOffload(
        _ s: PacketSummary, _ a: NATReplyAction, hop: ResolvedHop, ingress: Ingress, state: WorkerState,
        snap: NetworkView
    ) {
        let id = a.connection
        guard let (key, mac) = Self.offloadKey(s, hop: hop, ingress: ingress, id, state) else { return }
        let egress = snap.interfaces[hop.interface]
        let entry = XDPFlowEntry(
            method: .natToClient(address: a.virtualAddress, port: a.virtualPort), destinationMAC: mac,
            sourceMAC: egress.mac, interfaceIndex: UInt32(bitPattern: egress.index),
            transmitOnIngress: hop.interface == ingress.interface, counterSlot: 0)
        let e = state.engine.connections[id]
        guard XDPOffloader.offloadable(e) else {
            if s.tcpFlags.contains(.fin) || s.tcpFlags.contains(.rst) {
                state.offloadCandidate = OffloadCandidate(
                    connection: id, reply: true, key: key, entry: entry, hop: s.destination, withdraw: true)
            }
            return
        }
        if e.proto == IPProtocolNumber.tcp && e.inPackets < XDPOffloader.tcpPacketsBeforeOffload { return }
        state.offloadCandidate = OffloadCandidate(
            connection: id, reply: true, key: key, entry: entry, hop: s.destination)
    }

    private func icmpError(
        _ frame: FrameBuffer, _ s: PacketSummary, kind: ICMPErrorReply.Kind, ingress: Ingress,
        snap: NetworkView, output: inout FrameBuffer
    ) -> TxAction {
        guard snap.interfaces.indices.contains(ingress.interface) else { return .drop(.director(.noRoute)) }
        guard copy(frame, into: &output) else { return .drop(.director(.frameTooLarge)) }
        let reason: DropReason = kind == .timeExceeded ? .hopLimitExceeded : .unsupportedProtocol
        switch ICMPErrorReply.build(
            &output, s, kind: kind, sourceMAC: snap.interfaces[ingress.interface].mac,
            dropReason: reason)
        {
        case .reply, .forward: return .transmit(interface: ingress.interface, kind: .icmp)
        case .drop(let r): return .drop(.wire(r))
        }
    }

    // MARK: Helpers

    struct ResolvedHop {
        var interface: Int
        /// nil while the neighbour is being resolved.
        var mac: MACAddress?
        var key: NeighbourKey

        init(interface: Int, mac: MACAddress?, key: NeighbourKey) {
            self.interface = interface
            self.mac = mac
            self.key = key
        }

        func sent(_ kind: TxAction.Kind) -> TxAction {
            mac == nil ? .unresolved(key) : .transmit(interface: interface, kind: kind)
        }
    }

    /// The interface and MAC for sending to `address`: the kernel's neighbour table (through the
    /// snapshot) first, then what this worker learned; a miss asks for resolution.
    @inline(__always)
    private func resolve(_ address: InetAddress, state: WorkerState, snap: NetworkView) -> Resolution {
        if let cached = state.nextHops.lookup(address, generation: snap.generation) {
            return .hop(
                ResolvedHop(
                    interface: cached.interface, mac: cached.mac,
                    key: NeighbourKey(address: cached.hop, interface: cached.interface)))
        }
        guard let hop = snap.nextHop(to: address), snap.interfaces.indices.contains(hop.interface) else {
            if let learned = state.learned.lookup(address), snap.interfaces.indices.contains(learned.interface) {
                return .hop(
                    ResolvedHop(
                        interface: learned.interface, mac: learned.mac,
                        key: NeighbourKey(address: address, interface: learned.interface)))
            }
            return .miss(.drop(.director(.noRoute)))
        }
        let key = NeighbourKey(address: hop.address, interface: hop.interface)
        if let mac = hop.mac {
            // Only what the view alone decides is cached: a learned MAC may change between views.
            state.nextHops.store(
                NextHopCache.Slot(
                    generation: snap.generation, address: address, hop: hop.address, interface: hop.interface, mac: mac)
            )
            return .hop(ResolvedHop(interface: hop.interface, mac: mac, key: key))
        }
        if let learned = state.learned.lookup(address), learned.interface == hop.interface {
            return .hop(ResolvedHop(interface: learned.interface, mac: learned.mac, key: key))
        }
        state.want(key)
        return .hop(ResolvedHop(interface: hop.interface, mac: nil, key: key))
    }

    enum Resolution {
        case hop(ResolvedHop)
        case miss(TxAction)
    }

    /// Copies the received frame into `output` (after its headroom). False if it does not fit.
    @inline(__always)
    func copy(_ frame: FrameBuffer, into output: inout FrameBuffer) -> Bool {
        guard output.setCount(frame.count), frame.count > 0 else { return false }
        (output.storage + output.start).copyMemory(from: frame.storage + frame.start, byteCount: frame.count)
        return true
    }
}
