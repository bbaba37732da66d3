import LVSCore
import LVSVocabulary

/// ipvsadm's `IPVSControl` over the control protocol: to a running director through its socket,
/// or to a `ControlService` in the same process (tests, embedded tools). The one place where
/// control responses become ipvsadm's outcomes.
public struct ControlChannel: IPVSControl, VirtualAddressControl, Sendable {
    /// Sends a request and hands each answer to the closure (pieces of a streamed listing,
    /// then the final answer); the closure returns false to stop early.
    private typealias Exchange =
        @Sendable (ControlRequest, (ControlResponse) -> Bool) throws(IPVSControlError) -> Void
    private let stream: Exchange

    /// Operations per line of a batch sent in parts (about a megabyte of JSON).
    static let operationsPerPart = 4096

    /// A director reached through the Unix control socket at `path`.
    public static func socket(path: String) -> ControlChannel {
        let client = ControlClient(path: path)
        return ControlChannel { request, each throws(IPVSControlError) in
            do {
                // A big batch goes as parts on one connection, each line about a megabyte,
                // applied all or none by the director when the last arrives.
                if case .apply(let ops) = request, ops.count > operationsPerPart {
                    let starts = stride(from: 0, to: ops.count, by: operationsPerPart)
                    let lines = starts.lazy.map { start -> ControlRequest in
                        let part = Array(ops[start..<min(ops.count, start + operationsPerPart)])
                        return start + operationsPerPart >= ops.count ? .apply(part) : .applyPart(part)
                    }
                    try client.send(lines, each: each)
                } else {
                    try client.send(request, each: each)
                }
            } catch {
                throw .unreachable("\(error)")
            }
        }
    }

    /// A control service in this process, served without the socket.
    public static func inProcess(_ service: some ControlService) -> ControlChannel {
        ControlChannel { request, each in service.stream(request, to: each) }
    }

    private init(_ stream: @escaping Exchange) {
        self.stream = stream
    }

    /// The final answer to `request` (pieces before it are dropped: for requests that have none).
    private func exchange(_ request: ControlRequest) throws(IPVSControlError) -> ControlResponse {
        var last: ControlResponse = .failure("no answer")
        try stream(request) { response in
            last = response
            return true
        }
        return last
    }

    public func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
        try expectApplied(exchange(.apply(operations)))
    }

    public func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot {
        var answers = ControlAnswerGatherer()
        try listing(includeConnections: includeConnections) { answers.add(.part($0)) }
        guard case .snapshot(let table) = answers.answer else { return TableSnapshot() }
        return table
    }

    /// The connection table piece by piece as the director streams it: memory for one piece,
    /// however many connections there are.
    public func streamConnections(_ each: ([ConnectionSnapshot]) -> Void) throws(IPVSControlError) {
        try listing(includeConnections: true) { piece in
            if !piece.connections.isEmpty { each(piece.connections) }
        }
    }

    private func listing(includeConnections: Bool, _ each: (TableSnapshot) -> Void) throws(IPVSControlError) {
        var failure: IPVSControlError?
        try stream(.snapshot(includeConnections: includeConnections)) { response in
            switch response {
            case .part(let piece), .snapshot(let piece):
                each(piece)
                return true
            case .failure(let m):
                failure = .unreachable(m)
            case .applied, .rejected, .syncStatus, .sysctls, .sysctlRefused, .dropCounts:
                failure = .unreachable("unexpected answer")
            }
            return false
        }
        if let failure { throw failure }
    }

    /// The director's connection-sync daemons and their counters.
    public func syncStatus() throws(IPVSControlError) -> SyncDaemonStatus {
        switch try exchange(.syncStatus) {
        case .syncStatus(let s): return s
        case .failure(let m): throw .unreachable(m)
        case .applied, .rejected, .snapshot, .part, .sysctls, .sysctlRefused, .dropCounts:
            throw .unreachable("unexpected answer")
        }
    }

    /// The director's drops by reason (label to count).
    public func dropCounts() throws(IPVSControlError) -> [String: UInt64] {
        switch try exchange(.dropCounts) {
        case .dropCounts(let counts): return counts
        case .failure(let m): throw .unreachable(m)
        case .applied, .rejected, .snapshot, .part, .syncStatus, .sysctls, .sysctlRefused:
            throw .unreachable("unexpected answer")
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
        case .applied, .rejected, .snapshot, .part, .syncStatus, .dropCounts: throw .unreachable("unexpected answer")
        }
    }

    public func setOwnership(_ ownership: AddressOwnership) throws(IPVSControlError) {
        try expectApplied(exchange(.setOwnership(ownership)))
    }

    public func announce(_ addresses: [InetAddress]) throws(IPVSControlError) {
        try expectApplied(exchange(.announce(addresses)))
    }

    /// `lvs drain`: the director withdraws its routes and stops once its connections have ended
    /// or after `timeoutSeconds`.
    public func drain(timeoutSeconds: UInt32) throws(IPVSControlError) {
        try expectApplied(exchange(.drain(timeoutSeconds: timeoutSeconds)))
    }

    private func expectApplied(_ response: ControlResponse) throws(IPVSControlError) {
        switch response {
        case .applied: return
        case .rejected(let e): throw .rejected(e)
        case .failure(let m): throw .unreachable(m)
        case .snapshot, .part, .syncStatus, .sysctls, .sysctlRefused, .dropCounts:
            throw .unreachable("unexpected answer")
        }
    }
}
