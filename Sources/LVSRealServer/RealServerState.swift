import LVSCore
import LVSVocabulary

/// The process running a userspace decapsulator: pid and start time (so a reused pid is not
/// mistaken for it).
public struct DecapsulatorProcess: Sendable, Hashable {
    public var pid: Int32
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }
}

/// What `start` did for one VIP, kept in `<state dir>/realserver-<vip>.state` so that `stop`
/// undoes exactly that and nothing else. Plain `key=value` lines, readable by an operator.
public struct VirtualAddressState: Sendable, Equatable {
    public var address: InetAddress
    public var method: ARPSuppressionMethod
    /// False when the address was already on lo before `start`: `stop` leaves it there.
    public var addedToLoopback: Bool
    /// arptables rules this VIP added (chain + arguments), deleted again by `stop`.
    public var arptablesRules: [[String]]
    public var tunnel: TunnelKind?
    public var decapsulator: DecapsulatorProcess?
    /// The TUN device the decapsulator writes inner packets into.
    public var tunnelDevice: String?

    public init(address: InetAddress, method: ARPSuppressionMethod, addedToLoopback: Bool,
                arptablesRules: [[String]] = [], tunnel: TunnelKind? = nil,
                decapsulator: DecapsulatorProcess? = nil, tunnelDevice: String? = nil) {
        self.address = address
        self.method = method
        self.addedToLoopback = addedToLoopback
        self.arptablesRules = arptablesRules
        self.tunnel = tunnel
        self.decapsulator = decapsulator
        self.tunnelDevice = tunnelDevice
    }

    public static func fileName(for address: InetAddress) -> String { "realserver-\(address).state" }

    public var text: String {
        var lines = ["# lvs realserver: what `start` changed for this VIP; `stop` undoes it",
                     "address=\(address)", "method=\(method.rawValue)", "added-to-lo=\(addedToLoopback ? "yes" : "no")"]
        lines += arptablesRules.map { "arptables=" + $0.joined(separator: " ") }
        if let tunnel { lines.append("tunnel=\(tunnel)") }
        if let d = decapsulator { lines += ["decapsulator-pid=\(d.pid)", "decapsulator-start=\(d.startTime)"] }
        if let tunnelDevice { lines.append("tunnel-device=\(tunnelDevice)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Nil when the text lacks an address or method (not a file we wrote).
    public init?(text: String) {
        var address: InetAddress?, method: ARPSuppressionMethod?, added = false
        var rules: [[String]] = [], tunnel: TunnelKind?, pid: Int32?, start: UInt64?, device: String?
        for (key, value) in StateText.pairs(text) {
            switch key {
            case "address": address = InetAddress(value)
            case "method": method = ARPSuppressionMethod(rawValue: value)
            case "added-to-lo": added = value == "yes"
            case "arptables": rules.append(value.split(separator: " ").map(String.init))
            case "tunnel": tunnel = TunnelKind(stateText: value)
            case "decapsulator-pid": pid = Int32(value)
            case "decapsulator-start": start = UInt64(value)
            case "tunnel-device": device = value.isEmpty ? nil : value
            default: break
            }
        }
        guard let address, let method else { return nil }
        let process = pid.flatMap { p in start.map { DecapsulatorProcess(pid: p, startTime: $0) } }
        self.init(address: address, method: method, addedToLoopback: added, arptablesRules: rules,
                  tunnel: tunnel, decapsulator: process, tunnelDevice: device)
    }
}

/// The ARP sysctls' values from before the first `start` changed them, shared by every VIP
/// (`<state dir>/realserver-arp.state`); restored when the last VIP using them stops.
public struct ARPSysctlState: Sendable, Equatable {
    public static let fileName = "realserver-arp.state"

    /// Sysctl name -> the value it had before we changed it, in the order they were changed.
    public var originals: [(name: String, value: String)]

    public init(originals: [(name: String, value: String)] = []) { self.originals = originals }

    public func original(of name: String) -> String? { originals.first { $0.name == name }?.value }

    public var text: String {
        (["# lvs realserver: ARP sysctls as they were before `start`; restored by the last `stop`"]
            + originals.map { "\($0.name)=\($0.value)" }).joined(separator: "\n") + "\n"
    }

    public init(text: String) {
        originals = StateText.pairs(text).map { (name: $0.key, value: $0.value) }
    }

    public static func == (a: ARPSysctlState, b: ARPSysctlState) -> Bool {
        a.originals.map(\.name) == b.originals.map(\.name) && a.originals.map(\.value) == b.originals.map(\.value)
    }
}

enum StateText {
    /// `key=value` lines; blank lines, comments and lines without '=' are skipped.
    static func pairs(_ text: String) -> [(key: String, value: String)] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<eq]), String(line[line.index(after: eq)...]))
        }
    }
}
