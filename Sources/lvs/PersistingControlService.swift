import LVSControl
import LVSCore
import Logging
import Synchronization

/// The director's control service with its table kept in the state file: after every applied
/// batch the table is read back and written out before ipvsadm gets its answer, so a change
/// ipvsadm saw succeed survives a crash that follows.
final class PersistingControlService: ControlService {
    private let inner: any ControlService
    private let store: DirectorStateStore
    private let logger: Logger
    /// Serialises batch + save, so saves land in the order the batches were applied; holds the
    /// last state written, to skip rewriting an unchanged table (`-Z`, a refused no-op).
    private let lastSaved: Mutex<TableState?>

    init(_ inner: any ControlService, store: DirectorStateStore, saved: TableState?, logger: Logger) {
        self.inner = inner
        self.store = store
        self.logger = logger
        self.lastSaved = Mutex(saved)
    }

    func handle(_ request: ControlRequest) -> ControlResponse {
        switch request {
        case .apply: break
        case .setOwnership(let ownership): return handleOwnership(ownership)
        default: return inner.handle(request)
        }
        return lastSaved.withLock { last in
            let response = inner.handle(request)
            guard case .applied = response,
                case .snapshot(let table) = inner.handle(.snapshot(includeConnections: false))
            else { return response }
            let state = TableState(rebuilding: table, vrrpAddresses: last?.vrrpAddresses ?? [:])
            save(state, over: &last)
            return response
        }
    }

    /// A VRRP instance's addresses are kept so a restarted director starts with them released.
    private func handleOwnership(_ ownership: AddressOwnership) -> ControlResponse {
        lastSaved.withLock { last in
            let response = inner.handle(.setOwnership(ownership))
            guard case .applied = response else { return response }
            var state = last ?? TableState(operations: [])
            state.vrrpAddresses[ownership.owner] = Array(Set(ownership.held + ownership.released)).sorted()
            save(state, over: &last)
            return response
        }
    }

    private func save(_ state: TableState, over last: inout TableState?) {
        guard state != last else { return }
        do throws(DirectorStateStoreError) {
            try store.save(state)
            last = state
        } catch {
            // The change is in the running table and cannot be taken back; say loudly that
            // a restart would lose it.
            logger.error("table change applied but not saved", metadata: ["error": "\(error)"])
        }
    }
}
