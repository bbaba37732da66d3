import LVSCore
import LVSVocabulary

/// One virtual service and its real servers, in any of the `-L` tables or as `-S` rules
/// (ipvsadm's print_service_entry).
struct ServiceEntryFormatter {
    var columns: ListColumns
    var namer: EndpointNamer
    var exact: Bool
    var sortDestinations: Bool

    func format(_ service: ServiceSnapshot) -> String {
        let config = service.config
        let name = serviceName(config.key)
        var out: String
        switch columns {
        case .rules:
            out = "-A \(name) -s \(config.scheduler)" + ruleOptions(config)
        case .stats:
            out = CFormat.left(name, 33) + counterColumns(service.counters)
        case .rate:
            out = CFormat.left(name, 33) + rateColumns(service.rates)
        default:
            out = "\(name) \(config.scheduler)" + listFlags(config)
        }
        out += "\n"
        let destinations =
            sortDestinations
            ? KernelListOrder.destinations(service.destinations) : service.destinations
        for destination in destinations {
            out += destinationLine(destination, serviceName: name, key: config.key)
        }
        return out
    }

    // MARK: Service

    private func serviceName(_ key: ServiceKey) -> String {
        let rules = columns == .rules
        switch key {
        case .fwmark(let mark, let family):
            let v6 = family == .inet6
            return rules
                ? "-f \(CFormat.signed(mark))" + (v6 ? " -6" : "")
                : "FWM  \(CFormat.signed(mark))" + (v6 ? " IPv6" : "")
        case .address(let proto, let address, let port):
            let endpoint = namer.name(address, port, proto: proto)
            if rules { return "\(ruleSwitch(proto)) \(endpoint)" }
            let name = CFormat.left(proto.ipvsadmName, 4) + " " + endpoint
            // Keeps IPv4 service names within the 33-column field; IPv6 ones run on.
            return address.isV4 ? CFormat.truncated(name, bytes: 33) : name
        }
    }

    private func ruleSwitch(_ proto: TransportProtocol) -> String {
        switch proto {
        case .tcp: "-t"
        case .udp: "-u"
        case .sctp: "--sctp-service"
        }
    }

    private func persistenceMask(_ config: ServiceConfig) -> String? {
        if config.key.family == .inet {
            guard config.netmaskPrefix < 32 else { return nil }
            return InetAddress(v4: prefixMask(config.netmaskPrefix)).description
        }
        guard config.netmaskPrefix != 128 else { return nil }
        return String(config.netmaskPrefix)
    }

    private func prefixMask(_ prefix: Int) -> UInt32 {
        prefix <= 0 ? 0 : ~UInt32(0) << UInt32(32 - min(prefix, 32))
    }

    private func ruleOptions(_ config: ServiceConfig) -> String {
        var out = ""
        if config.isPersistent {
            out += " -p \(config.timeout)"
            if let mask = persistenceMask(config) { out += " -M \(mask)" }
        }
        if !config.persistenceEngine.isEmpty { out += " --pe \(config.persistenceEngine)" }
        if config.isOnePacket { out += " -o" }
        if !config.flags.intersection(SchedulerFlagsText.mask).isEmpty {
            out += " -b " + SchedulerFlagsText.names(scheduler: config.scheduler, flags: config.flags)
        }
        return out
    }

    private func listFlags(_ config: ServiceConfig) -> String {
        var out = ""
        if !config.flags.intersection(SchedulerFlagsText.mask).isEmpty {
            out += " (" + SchedulerFlagsText.names(scheduler: config.scheduler, flags: config.flags) + ")"
        }
        if config.isPersistent {
            out += " persistent \(config.timeout)"
            if let mask = persistenceMask(config) { out += " mask \(mask)" }
            if !config.persistenceEngine.isEmpty { out += " pe \(config.persistenceEngine)" }
        }
        if config.isOnePacket { out += " ops" }
        return out
    }

    private func counterColumns(_ c: TrafficCounters) -> String {
        [c.connections, c.inPackets, c.outPackets, c.inBytes, c.outBytes]
            .map { LargeNumber.column($0, exact: exact) }.joined()
    }

    private func rateColumns(_ r: TrafficRates) -> String {
        [r.cps, r.inPPS, r.outPPS, r.inBPS, r.outBPS]
            .map { LargeNumber.column(UInt64($0), exact: exact) }.joined()
    }

    // MARK: Real servers

    private func destinationLine(_ d: DestinationSnapshot, serviceName: String, key: ServiceKey) -> String {
        let config = d.config
        var proto: TransportProtocol? = nil
        if case .address(let p, _, _) = key { proto = p }
        var name = namer.name(config.key.address, config.key.port, proto: proto)
        if columns != .rules && config.key.address.isV4 {
            name = CFormat.truncated(name, bytes: 28)
        }
        let arrow = "  -> " + CFormat.left(name, 28)
        let weight = String(config.weight)
        switch columns {
        case .rules:
            return rule(config, serviceName: serviceName, destinationName: name)
        case .stats:
            return arrow + counterColumns(d.counters) + "\n"
        case .rate:
            let r = d.rates
            return arrow + [r.cps, r.inPPS, r.outPPS].map { " " + CFormat.right(String($0), 8) }.joined()
                + LargeNumber.column(UInt64(r.inBPS), exact: exact)
                + LargeNumber.column(UInt64(r.outBPS), exact: exact) + "\n"
        case .thresholds:
            return arrow + " "
                + [
                    config.upperThreshold, config.lowerThreshold,
                    d.activeConnections, d.inactiveConnections,
                ]
                .map { CFormat.left(String($0), 10) }.joined(separator: " ") + "\n"
        case .persistentConnections:
            return arrow + " " + CFormat.left(String(UInt32(bitPattern: config.weight)), 9)
                + " " + CFormat.left(String(d.persistentConnections), 11)
                + " " + CFormat.left(String(d.activeConnections), 10)
                + " " + CFormat.left(String(d.inactiveConnections), 10) + "\n"
        case .tunnelInfo:
            return arrow + " " + CFormat.left(config.forward.ipvsadmName, 7)
                + " " + CFormat.left(TunnelText.info(config) ?? "n/a", 13)
                + " " + CFormat.left(weight, 6)
                + " " + CFormat.left(String(d.activeConnections), 10)
                + " " + CFormat.left(String(d.inactiveConnections), 10) + "\n"
        case .standard:
            return arrow + " " + CFormat.left(config.forward.ipvsadmName, 7)
                + " " + CFormat.left(weight, 6)
                + " " + CFormat.left(String(d.activeConnections), 10)
                + " " + CFormat.left(String(d.inactiveConnections), 10) + "\n"
        }
    }

    private func rule(_ config: DestinationConfig, serviceName: String, destinationName: String) -> String {
        var out =
            "-a \(serviceName) -r \(destinationName) \(TunnelText.forwardSwitch(config.forward)) -w \(config.weight)"
        if config.forward == .tunnel { out += TunnelText.ruleOptions(config) }
        return out + "\n"
    }
}
