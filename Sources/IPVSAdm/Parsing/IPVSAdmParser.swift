import LVSCore
import LVSVocabulary

/// ipvsadm 1.31's command line: argv -> request, with its validation order and messages.
///
/// The order of checks is part of the interface (the first problem found is the one reported):
/// options are read left to right and each value is checked as it is read; then popt's own
/// error, the `--set` values, stray words, scheduler flags; then the command/option table;
/// then per-command rules.
public struct IPVSAdmParser: Sendable {
    public let resolver: any NameResolver
    /// argv[0] as ipvsadm would quote it in "Try `ipvsadm -h' ..." and the usage text.
    public let programName: String

    public init(resolver: any NameResolver = NumericOnlyResolver(), programName: String = "ipvsadm") {
        self.resolver = resolver
        self.programName = programName
    }

    /// Parses one command line (arguments without argv[0]).
    public func parse(_ arguments: [String]) -> Result<IPVSAdmRequest, IPVSAdmUsageError> {
        if arguments.isEmpty { return .success(.list(ListOptions())) }
        do { return .success(try parse(arguments, readingStdin: false)) } catch { return .failure(error) }
    }

    /// Parses the commands of `ipvsadm -R`: one command per line, words split on blanks, the
    /// word `ipvsadm` dropped anywhere. Stops after a -h or -v line (ipvsadm exits there).
    /// Fails with the error of the first line ipvsadm would refuse.
    public func parseRestore(_ input: String) -> Result<[RestoreStep], IPVSAdmUsageError> {
        var steps: [RestoreStep] = []
        for (number, words) in RestoreInput.commandLines(input) {
            do {
                let request = try parse(words, readingStdin: true)
                steps.append(RestoreStep(line: number, request: request))
                if request == .help || request == .version { break }
            } catch {
                return .failure(error)
            }
        }
        return .success(steps)
    }

    // MARK: - Messages

    func failure(_ message: String) -> IPVSAdmUsageError {
        IPVSAdmUsageError(message: message + "\n", exitCode: 2)
    }

    var tryHelp: IPVSAdmUsageError {
        IPVSAdmUsageError(
            message: "Try `\(programName) -h' or '\(programName) --help' for more information.\n",
            exitCode: 255)
    }

    // MARK: - The parse

    func parse(_ arguments: [String], readingStdin: Bool) throws(IPVSAdmUsageError) -> IPVSAdmRequest {
        var scanner = PoptScanner(program: programName, arguments: arguments)
        var entry = CommandEntry()

        // The first option must be the command.
        guard case .option(let first, let firstArgument) = scanner.nextOption() else { throw tryHelp }
        switch first.tag {
        case .addService: entry.command = .addService
        case .editService: entry.command = .editService
        case .deleteService: entry.command = .deleteService
        case .addServer: entry.command = .addServer
        case .editServer: entry.command = .editServer
        case .deleteServer: entry.command = .deleteServer
        case .clear: entry.command = .flush
        case .list: entry.command = .list
        case .zero: entry.command = .zero
        case .set: entry.command = .setTimeouts
        case .restore: entry.command = .restore
        case .save: entry.command = .save
        case .startDaemon:
            entry.command = .startDaemon
            guard let role = SyncDaemonConfig.Role(rawValue: firstArgument ?? "") else {
                throw failure("illegal start-daemon parameter specified")
            }
            entry.daemonRole = role
        case .stopDaemon:
            entry.command = .stopDaemon
            guard let role = SyncDaemonConfig.Role(rawValue: firstArgument ?? "") else {
                throw failure("illegal start_daemon specified")
            }
            entry.daemonRole = role
        case .help: return .help
        case .version: return .version
        default: throw tryHelp
        }

        scanLoop: while true {
            switch scanner.nextOption() {
            case .end:
                break scanLoop
            case .failure(let f):
                throw IPVSAdmUsageError(message: "\(scanner.lastWord): \(f.text)\n", exitCode: 255)
            case .option(let spec, let argument):
                try apply(spec, argument, to: &entry, scanner: scanner)
            }
        }

        if entry.command == .setTimeouts {
            guard let tcp = scanner.nextLeftover(), let fin = scanner.nextLeftover(),
                let udp = scanner.nextLeftover()
            else {
                throw failure("--set option requires 3 timeout values")
            }
            entry.timeouts = IPVSTimeouts(
                tcp: try timeout(tcp, minimum: 0),
                tcpFin: try timeout(fin, minimum: 0),
                udp: try timeout(udp, minimum: 0))
        }
        if let stray = scanner.nextLeftover() {
            throw failure("unexpected argument \(stray)")
        }
        if let flagList = entry.schedFlagsArgument, !flagList.isEmpty {
            entry.service.flags &=
                ~(ServiceFlags.schedFlag1.rawValue | ServiceFlags.schedFlag2.rawValue
                | ServiceFlags.schedFlag3.rawValue)
            entry.service.flags |= try schedulerFlags(flagList, scheduler: entry.service.scheduler)
        }

        return try finish(entry, readingStdin: readingStdin)
    }

    /// One option after the command (ipvsadm's parse_options loop body).
    private func apply(
        _ spec: OptionSpec, _ argument: String?, to e: inout CommandEntry,
        scanner: PoptScanner
    ) throws(IPVSAdmUsageError) {
        let arg = argument ?? ""
        switch spec.tag {
        case .tcpService, .udpService, .sctpService:
            try e.mark(.service, self)
            e.service.endpoint.proto = spec.tag == .tcpService ? .tcp : spec.tag == .udpService ? .udp : .sctp
            let found = ServiceAddressParser(resolver: resolver).parse(arg, into: &e.service.endpoint)
            if !found.contains(.address) { throw failure("illegal virtual server address[:port] specified") }
        case .fwmarkService:
            try e.mark(.service, self)
            e.service.endpoint.family = .inet
            e.service.endpoint.proto = .tcp
            guard let mark = CNumberText.strtolWhole(arg), mark > 0, mark <= Int64(UInt32.max) else {
                throw failure("invalid fwmark value `\(arg)' specified")
            }
            e.service.endpoint.fwmark = UInt32(mark)
        case .scheduler:
            try e.mark(.scheduler, self)
            e.service.scheduler = Self.truncated(arg, bytes: 15)
        case .persistent:
            try e.mark(.persistent, self)
            e.service.flags |= ServiceFlags.persistent.rawValue
            e.service.timeout = argument == nil ? 360 : try timeout(arg, minimum: 1)
        case .netmask:
            try e.mark(.netmask, self)
            if e.service.endpoint.family != .inet6 {
                guard let mask = ServiceAddressParser(resolver: resolver).resolveIPv4(arg) else {
                    throw failure("illegal virtual server persistent mask specified")
                }
                e.service.endpoint.netmask = mask
            } else {
                let prefix = CNumberText.atoi(arg)
                guard prefix >= 1 && prefix <= 128 else { throw failure("illegal ipv6 netmask specified") }
                e.service.endpoint.netmask = UInt32(prefix)
            }
        case .realServer:
            try e.mark(.server, self)
            var server = e.service.endpoint
            let found = ServiceAddressParser(resolver: resolver).parse(arg, into: &server)
            e.destination.family = server.family
            e.destination.address = server.address
            e.destination.port = server.port
            if !found.contains(.address) { throw failure("illegal real server address[:port] specified") }
            if found == .address { e.destination.port = e.service.endpoint.port }
        case .ipip:
            try e.mark(.forward, self)
            e.destination.forward = .tunnel
        case .gatewaying:
            try e.mark(.forward, self)
            e.destination.forward = .route
        case .masquerading:
            try e.mark(.forward, self)
            e.destination.forward = .masquerade
        case .weight:
            try e.mark(.weight, self)
            // Debian's ipvsadm 1.31 (the reference build) takes weights up to INT_MAX.
            guard let w = CNumberText.number(arg, in: 0...Int64(Int32.max)) else {
                throw failure("illegal weight specified")
            }
            e.destination.weight = Int32(w)
        case .upperThreshold:
            try e.mark(.upperThreshold, self)
            guard let v = CNumberText.number(arg, in: 0...Int64(Int32.max)) else {
                throw failure("illegal u_threshold specified")
            }
            e.destination.upperThreshold = UInt32(v)
        case .lowerThreshold:
            try e.mark(.lowerThreshold, self)
            guard let v = CNumberText.number(arg, in: 0...Int64(Int32.max)) else {
                throw failure("illegal l_threshold specified")
            }
            e.destination.lowerThreshold = UInt32(v)
        case .connection: try e.mark(.connection, self)
        case .numeric: try e.mark(.numeric, self)
        case .mcastInterface:
            try e.mark(.mcastInterface, self)
            e.daemon.interface = Self.truncated(arg, bytes: 15)
        case .syncID:
            try e.mark(.syncID, self)
            guard let v = CNumberText.number(arg, in: 0...255) else { throw failure("illegal syncid specified") }
            e.daemon.syncID = UInt8(v)
        case .timeout: try e.mark(.timeout, self)
        case .daemon: try e.mark(.daemon, self)
        case .stats: try e.mark(.stats, self)
        case .rate: try e.mark(.rate, self)
        case .thresholds: try e.mark(.thresholds, self)
        case .persistentConn: try e.mark(.persistentConn, self)
        case .noSort: try e.mark(.noSort, self)
        case .sort: break
        case .exact: try e.mark(.exact, self)
        case .ipv6:
            guard e.service.endpoint.fwmark != 0 else { throw failure("-6 used before -f\n") }
            e.service.endpoint.family = .inet6
            e.service.endpoint.netmask = 128
        case .onePacket:
            try e.mark(.onePacket, self)
            e.service.flags |= ServiceFlags.onePacket.rawValue
        case .persistenceEngine:
            try e.mark(.persistenceEngine, self)
            e.service.persistenceEngine = Self.truncated(arg, bytes: 16)
        case .schedFlags:
            try e.mark(.schedFlags, self)
            e.schedFlagsArgument = Self.truncated(arg, bytes: 127)
        case .mcastGroup:
            try e.mark(.mcastGroup, self)
            if arg.contains(":") {
                guard let g = CNumberText.inetPton6(arg), g.high >> 56 == 0xff else {
                    throw failure("invalid IPv6 mcast-group `\(arg)'")
                }
                e.daemon.mcastGroup = g
            } else {
                guard let g = CNumberText.inetPton4(arg), g >> 28 == 0xe else {
                    throw failure("invalid IPv4 mcast-group `\(arg)'")
                }
                e.daemon.mcastGroup = InetAddress(v4: g)
            }
        case .mcastPort:
            try e.mark(.mcastPort, self)
            guard let v = CNumberText.number(arg, in: 1...65535) else { throw failure("illegal mcast-port specified") }
            e.daemon.mcastPort = UInt16(v)
        case .mcastTTL:
            try e.mark(.mcastTTL, self)
            guard let v = CNumberText.number(arg, in: 1...255) else { throw failure("illegal mcast-ttl specified") }
            e.daemon.mcastTTL = UInt8(v)
        case .syncMaxlen:
            try e.mark(.syncMaxlen, self)
            guard let v = CNumberText.number(arg, in: 1...(65535 - 20 - 8)) else {
                throw failure("illegal sync-maxlen specified")
            }
            e.daemon.maxLength = UInt16(v)
        case .tunInfo: try e.mark(.tunInfo, self)
        case .tunType:
            try e.mark(.tunType, self)
            guard let t = TunnelType(ipvsadmName: arg) else { throw failure("illegal tunnel type specified") }
            e.destination.tunnelType = t
        case .tunPort:
            try e.mark(.tunPort, self)
            guard let v = CNumberText.number(arg, in: 1...65535) else { throw failure("illegal tunnel port specified") }
            e.destination.tunnelPort = UInt16(v)
        case .tunNoChecksum:
            try e.mark(.tunNoChecksum, self)
        case .tunChecksum:
            try e.mark(.tunChecksum, self)
            e.destination.tunnelFlags.insert(.checksum)
        case .tunRemoteChecksum:
            try e.mark(.tunRemoteChecksum, self)
            e.destination.tunnelFlags.insert(.remoteChecksum)
        case .addService, .editService, .deleteService, .clear, .list, .zero, .addServer, .editServer,
            .deleteServer, .set, .help, .version, .restore, .save, .startDaemon, .stopDaemon:
            throw failure("invalid option `\(scanner.lastWord)'")
        }
    }

    /// ipvsadm's parse_timeout: 1..31 days for -p, 0..31 days for --set.
    private func timeout(_ text: String, minimum: Int64) throws(IPVSAdmUsageError) -> UInt32 {
        guard let v = CNumberText.number(text, in: minimum...(86400 * 31)) else {
            throw failure("invalid timeout value `\(text)' specified")
        }
        return UInt32(v)
    }

    /// ipvsadm's parse_sched_flags: comma-separated names; sh-*/mh-* need their scheduler.
    private func schedulerFlags(_ list: String, scheduler: String) throws(IPVSAdmUsageError) -> UInt32 {
        let sched = scheduler.isEmpty ? "wlc" : scheduler
        var flags: UInt32 = 0
        let names = list.split(separator: ",", omittingEmptySubsequences: true)
        // ipvsadm crashes on a list of commas only; report it as an invalid flag instead.
        if names.isEmpty { throw failure("invalid scheduler flag `'") }
        for name in names {
            switch name {
            case "flag-1": flags |= ServiceFlags.schedFlag1.rawValue
            case "flag-2": flags |= ServiceFlags.schedFlag2.rawValue
            case "flag-3": flags |= ServiceFlags.schedFlag3.rawValue
            case "sh-fallback", "sh-port", "mh-fallback", "mh-port":
                flags |=
                    name.hasSuffix("fallback") ? ServiceFlags.schedFlag1.rawValue : ServiceFlags.schedFlag2.rawValue
                if sched != String(name.prefix(2)) { throw failure("incompatible scheduler flag `\(name)'") }
            default:
                throw failure("invalid scheduler flag `\(name)'")
            }
        }
        return flags
    }

    /// strncpy into a fixed C buffer.
    static func truncated(_ s: String, bytes: Int) -> String {
        let b = Array(s.utf8)
        return b.count <= bytes ? s : String(decoding: b.prefix(bytes), as: UTF8.self)
    }
}
