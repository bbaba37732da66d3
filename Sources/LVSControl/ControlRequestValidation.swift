import LVSCore
import LVSVocabulary

/// The daemon's own check of every decoded request: each value must be one ipvsadm's parser
/// (or keepalived's reader) could have produced, so that a hand-made message cannot put into
/// the table what ipvsadm could neither list, delete nor save faithfully. What ipvsadm can
/// send and the kernel refuses (an unknown scheduler, a /0 mask, a threshold pair out of order)
/// is left to the table, which answers with the kernel's errno.
public enum ControlRequestValidation {
    /// ipvsadm's parse_timeout bound: 31 days.
    static let maximumTimeout: UInt32 = 86400 * 31
    /// ipvsadm truncates the scheduler name to IP_VS_SCHEDNAME_MAXLEN - 1 bytes.
    static let maximumSchedulerName = 15
    /// ipvsadm truncates the persistence engine to IP_VS_PENAME_MAXLEN bytes.
    static let maximumEngineName = 16
    /// IP_VS_IFNAME_MAXLEN - 1.
    static let maximumInterfaceName = 15
    /// --sync-maxlen: 1..65535 - 20 - 8 (0 = the default).
    static let maximumSyncLength: UInt16 = 65535 - 20 - 8
    static let knownServiceFlags: ServiceFlags = [
        .persistent, .onePacket, .schedFlag1, .schedFlag2, .schedFlag3,
    ]

    public static func check(_ request: ControlRequest) throws(ControlRequestViolation) {
        switch request {
        case .apply(let operations), .applyPart(let operations):
            for (i, operation) in operations.enumerated() {
                if let reason = violation(operation) {
                    throw ControlRequestViolation(operationIndex: i, reason: reason)
                }
            }
        case .snapshot, .syncStatus, .dropCounts:
            return
        case .setOwnership(let ownership):
            for a in ownership.held + ownership.released where !isCanonical(a) {
                throw ControlRequestViolation(reason: "address \(describe(a)) is not a valid \(a.family) address")
            }
        case .announce(let addresses):
            for a in addresses where !isCanonical(a) {
                throw ControlRequestViolation(reason: "address \(describe(a)) is not a valid \(a.family) address")
            }
        default:
            // A request this file does not know yet (added elsewhere) has no value to check here.
            return
        }
    }

    /// Why one operation could not have come from ipvsadm; nil when it could.
    public static func violation(_ operation: AdminOperation) -> String? {
        switch operation {
        case .addService(let c), .editService(let c): serviceViolation(c)
        case .deleteService(let k): keyViolation(k)
        case .clear: nil
        case .addDestination(let k, let d), .editDestination(let k, let d): destinationViolation(d, service: k)
        case .deleteDestination(let k, let dk):
            keyViolation(k)
                ?? (isCanonical(dk.address) ? nil : "real server address \(describe(dk.address)) is invalid")
        case .zero(let k): k.flatMap(keyViolation)
        case .setTimeouts(let t): timeoutsViolation(t)
        case .startSyncDaemon(let c): daemonViolation(c)
        case .stopSyncDaemon: nil
        }
    }

    /// An IPv4 address keeps its 32 bits in the low word and nothing else.
    public static func isCanonical(_ a: InetAddress) -> Bool {
        a.family == .inet6 || (a.high == 0 && a.low >> 32 == 0)
    }

    static func keyViolation(_ key: ServiceKey) -> String? {
        switch key {
        case .address(_, let a, _):
            isCanonical(a) ? nil : "virtual address \(describe(a)) is not a valid \(a.family) address"
        case .fwmark(let mark, _):
            mark == 0 ? "firewall mark 0 (ipvsadm takes 1..4294967295)" : nil
        }
    }

    static func serviceViolation(_ c: ServiceConfig) -> String? {
        if let reason = keyViolation(c.key) { return reason }
        if let reason = nameViolation(c.scheduler, what: "scheduler", maximum: maximumSchedulerName) { return reason }
        if let reason = nameViolation(c.persistenceEngine, what: "persistence engine", maximum: maximumEngineName) {
            return reason
        }
        if !knownServiceFlags.isSuperset(of: c.flags) {
            return "unknown service flags 0x\(String(c.flags.rawValue, radix: 16))"
        }
        if c.isPersistent {
            if c.timeout < 1 || c.timeout > maximumTimeout {
                return "persistence timeout \(c.timeout) (ipvsadm takes 1..\(maximumTimeout))"
            }
        } else if c.timeout != 0 {
            return "persistence timeout \(c.timeout) on a service that is not persistent"
        }
        let maximumPrefix = c.key.family == .inet ? 32 : 128
        let minimumPrefix = c.key.family == .inet ? 0 : 1
        if c.netmaskPrefix < minimumPrefix || c.netmaskPrefix > maximumPrefix {
            return "persistence netmask /\(c.netmaskPrefix) for \(c.key.family)"
        }
        if case .address(let proto, _, let port) = c.key {
            if port == 0 && !c.isPersistent { return "zero port specified for non-persistent service" }
            if c.isOnePacket && proto != .udp { return "one-packet scheduling is only for UDP virtual services" }
        }
        return nil
    }

    static func destinationViolation(_ d: DestinationConfig, service: ServiceKey) -> String? {
        if let reason = keyViolation(service) { return reason }
        if !isCanonical(d.key.address) {
            return "real server address \(describe(d.key.address)) is not a valid \(d.key.address.family) address"
        }
        if d.weight < 0 { return "weight \(d.weight) (ipvsadm takes 0..\(Int32.max))" }
        if d.upperThreshold > UInt32(Int32.max) || d.lowerThreshold > UInt32(Int32.max) {
            return "connection thresholds \(d.upperThreshold)/\(d.lowerThreshold) (ipvsadm takes 0..\(Int32.max))"
        }
        if d.forward == .local { return "forwarding method Local is the kernel's own, ipvsadm cannot set it" }
        if d.key.address.family != service.family && d.forward != .tunnel {
            return "different address family is allowed only for tunneling servers"
        }
        if case .address(_, _, let port) = service, d.forward != .masquerade, d.key.port != port {
            return "port \(d.key.port) of a direct-routing or tunnel server differs from the service's \(port)"
        }
        return tunnelViolation(d)
    }

    /// ipvsadm's tunnel_types_v_options: tunnel options only with -i, and per type.
    static func tunnelViolation(_ d: DestinationConfig) -> String? {
        let knownFlags: TunnelFlags = [.checksum, .remoteChecksum]
        if !knownFlags.isSuperset(of: d.tunnelFlags) || d.tunnelFlags == knownFlags {
            return "tunnel flags 0x\(String(d.tunnelFlags.rawValue, radix: 16))"
        }
        guard d.forward == .tunnel else {
            let plain = d.tunnelType == .ipip && d.tunnelPort == 0 && d.tunnelFlags.isEmpty
            return plain ? nil : "tunnel options conflict with forward method"
        }
        switch d.tunnelType {
        case .ipip:
            return d.tunnelPort == 0 && d.tunnelFlags.isEmpty ? nil : "ipip tunnels take no port and no checksum option"
        case .gue:
            return d.tunnelPort != 0 ? nil : "gue tunnels need a tunnel port"
        case .gre:
            return d.tunnelPort == 0 && !d.tunnelFlags.contains(.remoteChecksum)
                ? nil : "gre tunnels take no port and no remote checksum option"
        }
    }

    static func timeoutsViolation(_ t: IPVSTimeouts) -> String? {
        for (name, value) in [("tcp", t.tcp), ("tcpfin", t.tcpFin), ("udp", t.udp)] where value > maximumTimeout {
            return "\(name) timeout \(value) (ipvsadm takes 0..\(maximumTimeout))"
        }
        return nil
    }

    static func daemonViolation(_ c: SyncDaemonConfig) -> String? {
        if c.interface.isEmpty { return "sync daemon without an interface" }
        if let reason = nameViolation(c.interface, what: "interface", maximum: maximumInterfaceName) { return reason }
        if c.maxLength > maximumSyncLength {
            return "sync-maxlen \(c.maxLength) (ipvsadm takes 1..\(maximumSyncLength))"
        }
        if let group = c.mcastGroup {
            let multicast =
                group.family == .inet ? isCanonical(group) && group.v4 >> 28 == 0xe : group.high >> 56 == 0xff
            if !multicast { return "mcast-group \(describe(group)) is not a multicast address" }
        }
        return nil
    }

    static func nameViolation(_ name: String, what: String, maximum: Int) -> String? {
        if name.utf8.count > maximum { return "\(what) name longer than \(maximum) bytes" }
        if name.utf8.contains(0) { return "\(what) name with a NUL byte" }
        return nil
    }

    static func describe(_ a: InetAddress) -> String {
        "\(a.family)/0x\(String(a.high, radix: 16)):0x\(String(a.low, radix: 16))"
    }
}
