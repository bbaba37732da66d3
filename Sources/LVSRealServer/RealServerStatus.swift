import LVSCore
import LVSVocabulary

/// What `lvs realserver status` prints, and whether everything is in place.
public struct StatusReport: Sendable, Equatable {
    public var lines: [String] = []
    /// What is missing, one short phrase each; empty when the setup is complete.
    public var problems: [String] = []

    public var isComplete: Bool { problems.isEmpty }

    /// The lines followed by the verdict line.
    public var text: String {
        let verdict =
            problems.isEmpty ? "realserver: complete" : "realserver: incomplete: " + problems.joined(separator: "; ")
        return (lines + [verdict]).joined(separator: "\n") + "\n"
    }
}

extension RealServerSetup {
    /// Checks what is in place for `vips` (nil: every recorded VIP) against what their state
    /// records, or, for a VIP without state (set up by hand), against `expected`.
    public func status(_ vips: [InetAddress]?, expected: RealServerConfiguration? = nil) -> StatusReport {
        var report = StatusReport()
        let recorded = recordedStates()
        let targets = vips.map(Self.unique) ?? recorded.map(\.address)
        guard !targets.isEmpty else {
            report.lines.append("no real-server setup recorded in \(stateDirectory)")
            report.problems.append("nothing started")
            return report
        }
        let addresses: [InterfaceAddress]
        do {
            addresses = try host.interfaceAddresses()
        } catch {
            report.problems.append("cannot list addresses: \(error)")
            addresses = []
        }
        var checkedSysctls = false
        for vip in targets {
            let s = (try? state(for: vip)) ?? nil
            let method = s?.method ?? expected?.method ?? .sysctl
            let tunnel = s?.tunnel ?? (s == nil ? expected?.tunnel : nil)
            report.lines.append(
                s == nil
                    ? "\(vip): no state recorded in \(stateDirectory) (checking as if started with --method \(method.rawValue))"
                    : "\(vip): started (\(statePath(for: vip)))")
            if let lo = addresses.first(where: { $0.interface == "lo" && $0.address == vip }) {
                report.lines.append("  lo: \(lo.address)/\(lo.prefixLength) present")
            } else {
                report.lines.append("  lo: \(vip) missing")
                report.problems.append("\(vip) not on lo")
            }
            // The decapsulator's own device carries the VIP on purpose (see TunnelDecapsulator).
            for other in addresses
            where other.address == vip && other.interface != "lo" && other.interface != s?.tunnelDevice {
                report.lines.append("  warning: \(vip) is also on \(other.interface)")
                report.problems.append("\(vip) also on \(other.interface)")
            }
            if !vip.isV4 {
                report.lines.append("  arp: not needed for IPv6")
            } else if method == .arptables {
                report.lines.append("  arp: arptables")
                for rule in s?.arptablesRules ?? [] {
                    report.lines.append("    arptables \(rule.joined(separator: " ")) (recorded)")
                }
                if s != nil && s?.arptablesRules.isEmpty == true {
                    report.problems.append("\(vip) has no arptables rules recorded")
                }
            } else {
                report.lines.append("  arp: sysctl" + (checkedSysctls ? " (as above)" : ""))
                if !checkedSysctls { checkSysctls(&report) }
                checkedSysctls = true
            }
            if let tunnel {
                var line = "  tunnel: \(tunnel)"
                if let d = s?.decapsulator {
                    let running = host.isRunning(d)
                    line += ", decapsulator pid \(d.pid) " + (running ? "running" : "not running")
                    if !running { report.problems.append("decapsulator pid \(d.pid) not running") }
                } else {
                    line += ", no decapsulator recorded"
                    report.problems.append("no decapsulator for \(vip)")
                }
                if let device = s?.tunnelDevice {
                    let present = host.interfaceExists(device)
                    line += ", device \(device) " + (present ? "present" : "missing")
                    if !present { report.problems.append("tunnel device \(device) missing") }
                }
                report.lines.append(line)
            } else {
                report.lines.append("  tunnel: none")
            }
        }
        return report
    }

    private func checkSysctls(_ report: inout StatusReport) {
        for setting in ARPSuppression.settings {
            guard let value = try? host.readSysctl(setting.name) else {
                report.lines.append("    \(setting.name) unreadable")
                report.problems.append("\(setting.name) unreadable")
                continue
            }
            if value == setting.value {
                report.lines.append("    \(setting.name) = \(value)")
            } else {
                report.lines.append("    \(setting.name) = \(value) (want \(setting.value))")
                report.problems.append("\(setting.name) is \(value), not \(setting.value)")
            }
        }
    }
}
