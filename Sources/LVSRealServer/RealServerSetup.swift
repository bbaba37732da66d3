import LVSCore
import LVSVocabulary

/// The seeds' start_lvs_realserver.sh / stop_lvs_realserver.sh, made reversible and idempotent:
/// `start` records what it changes in the state directory before changing it, `stop` undoes
/// exactly what was recorded, and running either twice changes nothing the second time.
public struct RealServerSetup {
    public let host: any RealServerHost
    public let stateDirectory: String
    /// How long `stop` waits for a decapsulator to end after SIGTERM.
    public var decapsulatorStopTimeoutMilliseconds = 5000

    public init(host: any RealServerHost, stateDirectory: String = RealServerConfiguration.defaultStateDirectory) {
        self.host = host
        self.stateDirectory = stateDirectory
    }

    // MARK: State files

    public func statePath(for address: InetAddress) -> String {
        stateDirectory + "/" + VirtualAddressState.fileName(for: address)
    }

    public var arpStatePath: String { stateDirectory + "/" + ARPSysctlState.fileName }

    public func state(for address: InetAddress) throws -> VirtualAddressState? {
        try host.readFile(statePath(for: address)).flatMap { VirtualAddressState(text: $0) }
    }

    /// Every VIP with a state file, in address order.
    public func recordedStates() -> [VirtualAddressState] {
        host.fileNames(in: stateDirectory)
            .filter { $0.hasPrefix("realserver-") && $0.hasSuffix(".state") && $0 != ARPSysctlState.fileName }
            .compactMap { name in
                (try? host.readFile(stateDirectory + "/" + name))?.flatMap { VirtualAddressState(text: $0) }
            }
            .sorted { $0.address < $1.address }
    }

    func save(_ state: VirtualAddressState) throws {
        try host.writeFile(statePath(for: state.address), state.text)
    }

    // MARK: start

    public func start(_ configuration: RealServerConfiguration) throws -> SetupReport {
        let vips = Self.unique(configuration.virtualAddresses)
        guard !vips.isEmpty else { throw RealServerError("give at least one --vip") }
        var existing: [InetAddress: VirtualAddressState] = [:]
        for vip in vips {
            guard let s = try state(for: vip) else { continue }
            guard s.method == configuration.method else {
                throw RealServerError(
                    "\(vip) was started with --method \(s.method.rawValue); run `lvs realserver stop --vip \(vip)` first"
                )
            }
            existing[vip] = s
        }
        let arptablesVIPs = configuration.method == .arptables ? vips.filter { $0.isV4 && existing[$0] == nil } : []
        var realAddress: InetAddress?
        if !arptablesVIPs.isEmpty {
            guard host.arptablesPath != nil else {
                throw RealServerError("arptables is not installed; use --method sysctl (the default)")
            }
            realAddress = try configuration.realAddress ?? pickRealAddress(excluding: vips)
        }
        try host.makeDirectory(stateDirectory)

        var report = SetupReport()
        // ARP first, so the host never answers for a VIP that is already on lo.
        if configuration.method == .sysctl && vips.contains(where: \.isV4) {
            try applyARPSysctls(&report)
        }
        let addresses = try host.interfaceAddresses()
        for vip in vips {
            let onLoopback = addresses.contains { $0.interface == "lo" && $0.address == vip }
            if var s = existing[vip] {
                if s.addedToLoopback && !onLoopback {
                    try host.addToLoopback(vip)
                    report.change("\(vip): added \(Self.hostPrefix(vip)) on lo again (it had been removed)")
                }
                if configuration.tunnel == nil, let d = s.decapsulator, !host.isRunning(d) {
                    s.tunnel = nil
                    s.decapsulator = nil
                    s.tunnelDevice = nil
                    try save(s)
                    report.change("\(vip): forgot decapsulator pid \(d.pid), which is no longer running")
                }
            } else {
                var s = VirtualAddressState(address: vip, method: configuration.method, addedToLoopback: !onLoopback)
                // The record comes first: a failure half-way still leaves `stop` able to undo.
                try save(s)
                if onLoopback {
                    report.note("\(vip): already on lo; left there on stop")
                } else {
                    try host.addToLoopback(vip)
                    report.change("\(vip): added \(Self.hostPrefix(vip)) on lo")
                }
                if arptablesVIPs.contains(vip), let realAddress {
                    s.arptablesRules = ARPSuppression.arptablesRules(virtualAddress: vip, realAddress: realAddress)
                    try save(s)
                    for rule in s.arptablesRules {
                        try host.arptables(["-I"] + rule)
                        report.change("\(vip): arptables -I \(rule.joined(separator: " "))")
                    }
                }
                if !vip.isV4 {
                    report.note("\(vip): IPv6 needs no ARP suppression (neighbour discovery ignores addresses on lo)")
                }
            }
            for other in addresses where other.address == vip && other.interface != "lo" {
                report.note(
                    "\(vip): warning: also on \(other.interface), where this host answers ARP/ND for it; remove it there"
                )
            }
        }
        if !report.changed {
            report.note(
                "real server already set up for \(vips.map(\.description).joined(separator: ", ")); nothing changed")
        }
        return report
    }

    private func applyARPSysctls(_ report: inout SetupReport) throws {
        var saved = try host.readFile(arpStatePath).map { ARPSysctlState(text: $0) } ?? ARPSysctlState()
        var pending: [(setting: ARPSuppression.Setting, current: String)] = []
        for setting in ARPSuppression.settings {
            let current = try host.readSysctl(setting.name)
            guard current != setting.value else { continue }
            if saved.original(of: setting.name) == nil { saved.originals.append((setting.name, current)) }
            pending.append((setting, current))
        }
        guard !pending.isEmpty else { return }
        try host.writeFile(arpStatePath, saved.text)
        for (setting, current) in pending {
            try host.writeSysctl(setting.name, setting.value)
            report.change("\(setting.name): \(current) -> \(setting.value)")
        }
    }

    private func pickRealAddress(excluding vips: [InetAddress]) throws -> InetAddress {
        let candidates = try host.interfaceAddresses().filter {
            $0.interface != "lo" && $0.address.isV4 && $0.scope == "global" && !vips.contains($0.address)
        }
        guard let first = candidates.first else {
            throw RealServerError("no IPv4 address of this host found for arptables' --mangle-ip-s; give --real-ip")
        }
        return first.address
    }

    // MARK: tunnel bookkeeping

    /// The running decapsulator already serving one of `vips` (other than this process), if any.
    public func runningDecapsulator(for vips: [InetAddress]) throws -> (InetAddress, DecapsulatorProcess)? {
        for vip in vips {
            if let d = try state(for: vip)?.decapsulator, d != host.currentProcess, host.isRunning(d) {
                return (vip, d)
            }
        }
        return nil
    }

    /// Records that `process` decapsulates `tunnel` traffic for `vips` into `device`.
    public func recordDecapsulator(
        for vips: [InetAddress], tunnel: TunnelKind, process: DecapsulatorProcess,
        device: String
    ) throws {
        for vip in vips {
            guard var s = try state(for: vip) else { continue }
            s.tunnel = tunnel
            s.decapsulator = process
            s.tunnelDevice = device
            try save(s)
        }
    }

    // MARK: stop

    /// Undoes `start` for `vips` (nil: every recorded VIP). A running decapsulator of theirs is
    /// asked to end first (it undoes its own VIPs as it goes). The ARP sysctls go back to their
    /// recorded values once no IPv4 VIP using them remains.
    public func stop(_ vips: [InetAddress]?) throws -> SetupReport {
        var report = SetupReport()
        let targets = vips.map(Self.unique) ?? recordedStates().map(\.address)
        if vips == nil && targets.isEmpty { report.note("no real-server setup recorded in \(stateDirectory)") }
        var states = try targets.compactMap { try state(for: $0) }
        for vip in targets where !states.contains(where: { $0.address == vip }) {
            report.note("\(vip): not started; nothing to stop")
        }

        let me = host.currentProcess
        var seen = Set<DecapsulatorProcess>()
        for d in states.compactMap(\.decapsulator) where d != me && seen.insert(d).inserted && host.isRunning(d) {
            if host.terminate(d, timeoutMilliseconds: decapsulatorStopTimeoutMilliseconds) {
                report.change("stopped decapsulator pid \(d.pid)")
            } else {
                report.note(
                    "warning: decapsulator pid \(d.pid) did not end within \(decapsulatorStopTimeoutMilliseconds) ms")
            }
        }
        if !seen.isEmpty { states = try targets.compactMap { try state(for: $0) } }

        let addresses = try host.interfaceAddresses()
        for s in states {
            if s.addedToLoopback && addresses.contains(where: { $0.interface == "lo" && $0.address == s.address }) {
                try host.removeFromLoopback(s.address)
                report.change("\(s.address): removed \(Self.hostPrefix(s.address)) from lo")
            }
            for rule in s.arptablesRules {
                do {
                    try host.arptables(["-D"] + rule)
                    report.change("\(s.address): arptables -D \(rule.joined(separator: " "))")
                } catch {
                    report.note("\(s.address): warning: arptables -D \(rule.joined(separator: " ")) failed: \(error)")
                }
            }
            try host.removeFile(statePath(for: s.address))
            report.change("\(s.address): stopped")
        }
        try restoreARPSysctlsIfUnused(&report)
        return report
    }

    private func restoreARPSysctlsIfUnused(_ report: inout SetupReport) throws {
        guard !recordedStates().contains(where: { $0.method == .sysctl && $0.address.isV4 }),
            let text = try host.readFile(arpStatePath)
        else { return }
        let saved = ARPSysctlState(text: text)
        for (name, original) in saved.originals {
            let ours = ARPSuppression.settings.first { $0.name == name }?.value
            let current = try host.readSysctl(name)
            if current == original { continue }
            if current == ours {
                try host.writeSysctl(name, original)
                report.change("\(name): \(current) -> \(original) (restored)")
            } else {
                report.note(
                    "\(name): now \(current), changed by someone else since start; left as is (was \(original))")
            }
        }
        try host.removeFile(arpStatePath)
    }

    // MARK: helpers

    static func unique(_ addresses: [InetAddress]) -> [InetAddress] {
        var seen = Set<InetAddress>()
        return addresses.filter { seen.insert($0).inserted }
    }

    static func hostPrefix(_ a: InetAddress) -> String { "\(a)/\(a.isV4 ? 32 : 128)" }
}
