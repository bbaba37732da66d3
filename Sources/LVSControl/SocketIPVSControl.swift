#if canImport(Glibc)
import Glibc
#endif
import LVSCore

/// ipvsadm's view of a director reached over the control socket.
public struct SocketIPVSControl: IPVSControl {
    public let client: ControlClient
    public init(path: String) { client = ControlClient(path: path) }

    public func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
        switch try request(.apply(operations)) {
        case .applied: return
        case .rejected(let e): throw .rejected(e)
        case .failure(let m): throw .unreachable(m)
        case .snapshot: throw .unreachable("unexpected answer")
        }
    }

    public func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot {
        switch try request(.snapshot(includeConnections: includeConnections)) {
        case .snapshot(let s): return s
        case .failure(let m): throw .unreachable(m)
        default: throw .unreachable("unexpected answer")
        }
    }

    private func request(_ r: ControlRequest) throws(IPVSControlError) -> ControlResponse {
        do { return try client.send(r) } catch {
            throw .unreachable(error.description)
        }
    }
}
