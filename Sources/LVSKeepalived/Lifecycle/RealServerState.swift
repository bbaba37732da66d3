import LVSCore
import LVSVocabulary

/// A real server (or a sorry server) as keepalived tracks it (real_server_t).
struct RealServerState: Hashable, Sendable {
    var key: RealServerKey
    var address: InetAddress
    var port: UInt16
    var forwarding: ServerForwarding
    var upperThreshold: UInt32
    var lowerThreshold: UInt32
    /// The configured weight (iweight).
    var configuredWeight: Int64
    /// Configured weight plus misc_dynamic offsets; sent clamped to 0...Int32.max (real_weight).
    var effectiveWeight: Int64
    /// The effective weight before a reload (peffective_weight), to tell the kernel of a change.
    var previousEffectiveWeight: Int64 = 0
    /// Healthy in keepalived's eyes (and, quorum permitting, in the pool).
    var alive = false
    /// In the kernel table (possibly at weight 0 when inhibited).
    var set = false
    var inhibit: Bool
    /// Carried over from the previous configuration on reload.
    var reloaded = false
    var failedCheckers = 0
    var notifyUp: NotifyScript?
    var notifyDown: NotifyScript?
    var checkers: [CheckerState]

    init(key: RealServerKey, server: RealServer) {
        self.key = key
        address = server.address
        port = server.port
        forwarding = server.forwarding
        upperThreshold = server.upperThreshold
        lowerThreshold = server.lowerThreshold
        configuredWeight = Int64(server.weight)
        effectiveWeight = Int64(server.weight)
        inhibit = server.inhibitOnFailure
        notifyUp = server.notifyUp
        notifyDown = server.notifyDown
        checkers = server.checkers.map(CheckerState.init)
    }

    /// keepalived keeps the sorry server in a real_server_t of weight 1 without checkers.
    init(key: RealServerKey, sorry: SorryServer) {
        self.key = key
        address = sorry.address
        port = sorry.port
        forwarding = sorry.forwarding
        upperThreshold = 0
        lowerThreshold = 0
        configuredWeight = 1
        effectiveWeight = 1
        inhibit = sorry.inhibitOnFailure
        checkers = []
    }

    /// keepalived's real_weight: the effective weight clamped to what IPVS takes.
    static func kernelWeight(_ weight: Int64) -> Int32 {
        Int32(min(max(weight, 0), Int64(Int32.max)))
    }

    var kernelWeight: Int32 { Self.kernelWeight(effectiveWeight) }

    /// The destination as sent for one of the virtual server's services.
    func destination(for target: VirtualServiceTarget, weight: Int32) -> DestinationConfig {
        let port = forwarding.method == .masquerade ? port : target.routedDestinationPort
        return DestinationConfig(
            key: DestinationKey(address: address, port: port), forward: forwarding.method,
            weight: weight, upperThreshold: upperThreshold, lowerThreshold: lowerThreshold,
            tunnelType: forwarding.tunnelType, tunnelPort: forwarding.tunnelPort,
            tunnelFlags: forwarding.tunnelFlags)
    }
}
