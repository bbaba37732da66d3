import LVSCore

extension IPVSAdmParser {
    /// The checks ipvsadm makes once all options are read (process_options), then the request.
    func finish(_ entry: CommandEntry, readingStdin: Bool) throws(IPVSAdmUsageError) -> IPVSAdmRequest {
        var e = entry
        let options = e.options
        if let message = CommandOptionRules.violation(command: e.command, options: options) {
            throw failure(message)
        }

        if e.command == .addService || e.command == .editService {
            let endpoint = e.service.endpoint
            if endpoint.fwmark == 0 && endpoint.port == 0
                && e.service.flags & ServiceFlags.persistent.rawValue == 0
            {
                throw failure("Zero port specified for non-persistent service")
            }
            if e.service.flags & ServiceFlags.onePacket.rawValue != 0
                && endpoint.fwmark == 0 && endpoint.proto != .udp
            {
                throw failure("One-Packet Scheduling is only for UDP virtual services")
            }
            // -E sends a whole service too: an omitted -s means wlc again.
            if e.service.scheduler.isEmpty { e.service.scheduler = "wlc" }
        }

        if e.command == .startDaemon && e.daemon.interface.isEmpty { e.daemon.interface = "eth0" }

        if e.command == .addServer || e.command == .editServer {
            let forward = e.destination.forward
            // Direct routing and tunnelling keep the service port (not for fwmark services).
            if e.service.endpoint.fwmark == 0 && (forward == .tunnel || forward == .route) {
                e.destination.port = e.service.endpoint.port
            }
            if e.destination.family != e.service.endpoint.family && forward != .tunnel {
                throw failure("Different address family is allowed only for tunneling servers")
            }
            if options.containsAny([.tunType, .tunPort, .tunNoChecksum, .tunChecksum, .tunRemoteChecksum])
                && forward != .tunnel
            {
                throw failure("Tunnel options conflict with forward method")
            }
            if let message = TunnelOptionRules.violation(type: e.destination.tunnelType, options: options) {
                throw failure(message)
            }
        }

        switch e.command {
        case .list:
            if (options.containsAny([.connection, .timeout, .daemon])
                && options.containsAny([.stats, .rate, .thresholds]))
                || (options.containsAny([.timeout, .daemon]) && options.contains(.persistentConn))
            {
                throw failure("options conflicts in the list command")
            }
            var list = ListOptions()
            list.numeric = options.contains(.numeric)
            list.connections = options.contains(.connection)
            list.timeout = options.contains(.timeout)
            list.daemon = options.contains(.daemon)
            list.stats = options.contains(.stats)
            list.rate = options.contains(.rate)
            list.thresholds = options.contains(.thresholds)
            list.persistentConnections = options.contains(.persistentConn)
            list.tunnelInfo = options.contains(.tunInfo)
            list.noSort = options.contains(.noSort)
            list.exact = options.contains(.exact)
            list.service = options.contains(.service) ? e.serviceKey : nil
            return .list(list)
        case .restore:
            if readingStdin { throw tryHelp }
            return .restore
        case .save:
            return .save(numeric: options.contains(.numeric), service: nil)
        case .flush:
            return .apply([.clear])
        case .zero:
            return .apply([.zero(e.zeroTarget)])
        case .setTimeouts:
            return .apply([.setTimeouts(e.timeouts ?? IPVSTimeouts(tcp: 0, tcpFin: 0, udp: 0))])
        case .startDaemon:
            return .apply([.startSyncDaemon(e.syncDaemonConfig)])
        case .stopDaemon:
            return .apply([.stopSyncDaemon(e.daemonRole)])
        case .addService, .editService, .deleteService, .addServer, .editServer, .deleteServer:
            // The option table makes a service compulsory for these commands.
            guard let key = e.serviceKey else { throw tryHelp }
            switch e.command {
            case .addService: return .apply([.addService(e.serviceConfig(key))])
            case .editService: return .apply([.editService(e.serviceConfig(key))])
            case .deleteService: return .apply([.deleteService(key)])
            case .addServer: return .apply([.addDestination(key, e.destinationConfig)])
            case .editServer: return .apply([.editDestination(key, e.destinationConfig)])
            default: return .apply([.deleteDestination(key, e.destinationKey)])
            }
        }
    }
}
