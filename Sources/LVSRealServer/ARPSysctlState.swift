import LVSCore
import LVSVocabulary

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
