import ArgumentParser
import LVSCore
import LVSLinux
import LVSRealServer

#if canImport(Glibc)
import Glibc
import LVSVocabulary
#endif

struct RealServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "realserver",
        abstract:
            "Prepare this host as an LVS real server (DR or TUN): ARP suppression, VIP on lo, tunnel decapsulation.",
        discussion: """
            Run it on the real server (or inside its network namespace). `start` records what it \
            changes under the state directory before changing it; `stop` undoes exactly that. \
            Both are idempotent. With --tunnel, `start` stays in the foreground decapsulating \
            IPIP or GUE into a TUN device until SIGTERM/SIGINT or `lvs realserver stop`, then \
            undoes the whole setup of its VIPs. See docs/realserver.md.
            """,
        subcommands: [Start.self, Stop.self, Status.self])

    struct StateOptions: ParsableArguments {
        @Option(
            name: .customLong("state-dir"),
            help:
                "Where start records what it changed (default: \(RealServerConfiguration.defaultStateDirectory)/realserver/net-<namespace inode>)."
        )
        var stateDirectoryOption: String?

        /// Everything start records (sysctls, addresses on lo, the decapsulator) belongs to one
        /// network namespace, and namespaces share /run: so the default is per namespace, keyed
        /// by its cookie (an inode number comes back with the next namespace created).
        var stateDirectory: String {
            if let stateDirectoryOption { return stateDirectoryOption }
            let ns = NetworkNamespaceIdentity.currentKey().map { "net-\($0)" } ?? "net-unknown"
            return RealServerConfiguration.defaultStateDirectory + "/realserver/" + ns
        }
    }

    static func parseAddresses(_ texts: [String]) throws -> [InetAddress] {
        try texts.map { text in
            guard let a = InetAddress(text) else { throw ValidationError("'\(text)' is not an IPv4 or IPv6 address") }
            return a
        }
    }

    static func emit(_ lines: [String]) {
        StandardStreams.out(lines.map { $0 + "\n" }.joined())
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suppress ARP for the VIPs, add them on lo, and with --tunnel decapsulate in the foreground.")

        @Option(name: .customLong("vip"), help: "A virtual address (repeatable).")
        var vips: [String] = []

        @Option(help: "How to keep this host from answering ARP for the VIP: sysctl or arptables.")
        var method: String = ARPSuppressionMethod.sysctl.rawValue

        @Option(
            name: .customLong("real-ip"),
            help:
                "arptables: the address outgoing ARP carries instead of the VIP (default: this host's first global IPv4 address)."
        )
        var realIP: String?

        @Option(help: "Decapsulate the director's tunnel in userspace: ipip or gue (stays in the foreground).")
        var tunnel: String?

        @Option(name: .customLong("tun-port"), help: "GUE: the UDP port the director sends to (ipvsadm --tun-port).")
        var tunnelPort: UInt16?

        @OptionGroup var state: StateOptions

        func validate() throws {
            if vips.isEmpty { throw ValidationError("give at least one --vip") }
            _ = try RealServerCommand.parseAddresses(vips)
            if ARPSuppressionMethod(rawValue: method) == nil {
                throw ValidationError("--method must be sysctl or arptables")
            }
            _ = try tunnelKind()
            if let realIP, InetAddress(realIP)?.isV4 != true {
                throw ValidationError("--real-ip must be an IPv4 address")
            }
        }

        func tunnelKind() throws -> TunnelKind? {
            switch (tunnel, tunnelPort) {
            case (nil, nil): return nil
            case ("ipip", nil): return .ipip
            case ("ipip", _?): throw ValidationError("--tun-port goes with --tunnel gue")
            case ("gue", let port?) where port != 0: return .gue(port: port)
            case ("gue", _): throw ValidationError("--tunnel gue needs --tun-port N (1-65535)")
            case (nil, _?): throw ValidationError("--tun-port goes with --tunnel gue")
            default: throw ValidationError("--tunnel must be ipip or gue")
            }
        }

        func run() throws {
            let host = LinuxRealServerHost()
            let setup = RealServerSetup(host: host, stateDirectory: state.stateDirectory)
            let addresses = try RealServerCommand.parseAddresses(vips)
            let tunnel = try tunnelKind()
            let config = RealServerConfiguration(
                virtualAddresses: addresses, method: ARPSuppressionMethod(rawValue: method) ?? .sysctl,
                tunnel: tunnel, realAddress: realIP.flatMap(InetAddress.init))
            if tunnel != nil, let (vip, process) = try setup.runningDecapsulator(for: addresses) {
                RealServerCommand.emit(["\(vip): decapsulator pid \(process.pid) already running; nothing changed"])
                return
            }
            do {
                RealServerCommand.emit(try setup.start(config).lines)
            } catch {
                throw RealServerCommand.failure(error)
            }
            guard let tunnel else { return }
            try decapsulate(tunnel, addresses: addresses, setup: setup, host: host)
        }

        private func decapsulate(
            _ tunnel: TunnelKind, addresses: [InetAddress], setup: RealServerSetup,
            host: LinuxRealServerHost
        ) throws {
            if tunnel == .ipip && TunnelDecapsulator.kernelHasIPIP {
                RealServerCommand.emit([
                    "warning: the kernel's ipip module is loaded; it decapsulates too (tunl0), so packets may arrive twice"
                ])
            }
            let wake = try WakePipe()
            WakePipe.routeTerminationSignals(to: wake)
            let decapsulator: TunnelDecapsulator
            do {
                decapsulator = try TunnelDecapsulator(tunnel: tunnel, virtualAddresses: addresses)
                guard let me = host.currentProcess else { throw RealServerError("cannot read /proc/self/stat") }
                try setup.recordDecapsulator(
                    for: addresses, tunnel: tunnel, process: me, device: decapsulator.device.name)
            } catch {
                RealServerCommand.emit((try? setup.stop(addresses).lines) ?? [])
                throw RealServerCommand.failure(error)
            }
            RealServerCommand.emit([
                "decapsulating \(tunnel) for \(addresses.map(\.description).joined(separator: ", ")) into \(decapsulator.device.name) (pid \(getpid())); stop with Ctrl-C, SIGTERM or `lvs realserver stop`"
            ])
            let counters = decapsulator.run(until: wake)
            RealServerCommand.emit(["decapsulator: \(counters.summary)"])
            RealServerCommand.emit(try setup.stop(addresses).lines)
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo start: remove the VIPs from lo, restore the ARP settings, end a decapsulator.")

        @Option(name: .customLong("vip"), help: "A virtual address (repeatable; default: every started VIP).")
        var vips: [String] = []

        @OptionGroup var state: StateOptions

        func run() throws {
            let setup = RealServerSetup(host: LinuxRealServerHost(), stateDirectory: state.stateDirectory)
            let addresses = vips.isEmpty ? nil : try RealServerCommand.parseAddresses(vips)
            do {
                RealServerCommand.emit(try setup.stop(addresses).lines)
            } catch {
                throw RealServerCommand.failure(error)
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what is in place; exit 3 if anything is missing.")

        @Option(name: .customLong("vip"), help: "A virtual address (repeatable; default: every started VIP).")
        var vips: [String] = []

        @Option(help: "For a VIP set up without `start`: the ARP method to check (sysctl or arptables).")
        var method: String = ARPSuppressionMethod.sysctl.rawValue

        @OptionGroup var state: StateOptions

        func run() throws {
            let setup = RealServerSetup(host: LinuxRealServerHost(), stateDirectory: state.stateDirectory)
            let addresses = vips.isEmpty ? nil : try RealServerCommand.parseAddresses(vips)
            let expected = RealServerConfiguration(
                virtualAddresses: addresses ?? [],
                method: ARPSuppressionMethod(rawValue: method) ?? .sysctl)
            let report = setup.status(addresses, expected: expected)
            StandardStreams.out(report.text)
            if !report.isComplete { throw ExitCode(3) }
        }
    }

    /// Operator-facing errors print as themselves (no "Error: " wrapping of a Swift type).
    static func failure(_ error: any Error) -> any Error {
        StandardStreams.err("lvs realserver: \(error)\n")
        return ExitCode.failure
    }
}
