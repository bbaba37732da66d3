import LVSCore
import LVSVocabulary

/// ipvsadm's `IPVSControl` over the control protocol: to a running director through its socket,
/// or to a `ControlService` in the same process (tests, embedded tools). The one place where
/// control responses become ipvsadm's outcomes.
public struct ControlChannel: IPVSControl, VirtualAddressControl, Sendable {
    private let exchange: @Sendable (ControlRequest) throws(IPVSControlError) -> ControlResponse

    /// A director reached through the Unix control socket at `path`.
    public static func socket(path: String) -> ControlChannel {
        let client = ControlClient(path: path)
        return ControlChannel { request throws(IPVSControlError) in
            do { return try client.send(request) } catch { throw .unreachable("\(error)") }
        }
    }

    /// A control service in this process, served without the socket.
    public static func inProcess(_ service: some ControlService) -> ControlChannel {
        ControlChannel { request in service.handle(request) }
    }

    private init(_ exchange: @escaping @Sendable (ControlRequest) throws(IPVSControlError) -> ControlResponse) {
        self.exchange = exchange
    }

    public func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
        try expectApplied(exchange(.apply(operations)))
    }

    public func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot {
        switch try exchange(.snapshot(includeConnections: includeConnections)) {
        case .snapshot(let s): return s
        case .failure(let m): throw .unreachable(m)
        case .applied, .rejected, .syncStatus, .sysctls, .sysctlRefused: throw .unreachable("unexpected answer")
        }
    }

    /// The director's connection-sync daemons and their counters.
    public func syncStatus() throws(IPVSControlError) -> SyncDaemonStatus {
        switch try exchange(.syncStatus) {
        case .syncStatus(let s): return s
        case .failure(let m): throw .unreachable(m)
        case .applied, .rejected, .snapshot, .sysctls, .sysctlRefused: throw .unreachable("unexpected answer")
        }
    }

    /// Changes the director's IPVS sysctls (all or none; an empty set changes nothing) and
    /// returns every setting by name, or why the set was refused.
    public func sysctls(
        set changes: [String: String] = [:]
    ) throws(IPVSControlError) -> Result<
        [String: String], IPVSSysctlError
    > {
        switch try exchange(.sysctls(set: changes)) {
        case .sysctls(let values): return .success(values)
        case .sysctlRefused(let error): return .failure(error)
        case .failure(let m): throw .unreachable(m)
        case .applied, .rejected, .snapshot, .syncStatus: throw .unreachable("unexpected answer")
        }
    }

    public func setOwnership(_ ownership: AddressOwnership) throws(IPVSControlError) {
        try expectApplied(exchange(.setOwnership(ownership)))
    }

    public func announce(_ addresses: [InetAddress]) throws(IPVSControlError) {
        try expectApplied(exchange(.announce(addresses)))
    }

    private func expectApplied(_ response: ControlResponse) throws(IPVSControlError) {
        switch response {
        case .applied: return
        case .rejected(let e): throw .rejected(e)
        case .failure(let m): throw .unreachable(m)
        case .snapshot, .syncStatus, .sysctls, .sysctlRefused: throw .unreachable("unexpected answer")
        }
    }
}
