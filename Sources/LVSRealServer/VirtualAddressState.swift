import LVSCore
import LVSVocabulary

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

    public init(
        address: InetAddress, method: ARPSuppressionMethod, addedToLoopback: Bool,
        arptablesRules: [[String]] = [], tunnel: TunnelKind? = nil,
        decapsulator: DecapsulatorProcess? = nil, tunnelDevice: String? = nil
    ) {
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
        var lines = [
            "# lvs realserver: what `start` changed for this VIP; `stop` undoes it",
            "address=\(address)", "method=\(method.rawValue)", "added-to-lo=\(addedToLoopback ? "yes" : "no")",
        ]
        lines += arptablesRules.map { "arptables=" + $0.joined(separator: " ") }
        if let tunnel { lines.append("tunnel=\(tunnel)") }
        if let d = decapsulator { lines += ["decapsulator-pid=\(d.pid)", "decapsulator-start=\(d.startTime)"] }
        if let tunnelDevice { lines.append("tunnel-device=\(tunnelDevice)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Nil when the text lacks an address or method (not a file we wrote).
    public init?(text: String) {
        var address: InetAddress?
        var method: ARPSuppressionMethod?
        var added = false
        var rules: [[String]] = []
        var tunnel: TunnelKind?
        var pid: Int32?
        var start: UInt64?
        var device: String?
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
        self.init(
            address: address, method: method, addedToLoopback: added, arptablesRules: rules,
            tunnel: tunnel, decapsulator: process, tunnelDevice: device)
    }
}
