import LVSControl
import LVSCore
import LVSVocabulary
import Logging
import Synchronization

/// The director's control service with its table kept in the state file: every applied
/// batch is appended to the state file's journal before ipvsadm gets its answer, so a change
/// ipvsadm saw succeed survives a crash that follows; now and then (see `DirectorStateStore`)
/// the table is read back and the state file rewritten whole.
final class PersistingControlService: ControlService {
    private struct Saved {
        var vrrpAddresses: [String: [InetAddress]]
        var stateBytes: Int
        var journalBytes: Int
    }

    private let inner: any ControlService
    private let store: DirectorStateStore
    private let logger: Logger
    /// Serialises batch + save, so the journal has the batches in the order they were applied.
    private let saved: Mutex<Saved>

    /// A journal smaller than this is never folded in, however small the table.
    static let minimumJournalBytes = 1 << 20

    init(
        _ inner: any ControlService, store: DirectorStateStore, saved: TableState, stateBytes: Int,
        journalBytes: Int, logger: Logger
    ) {
        self.inner = inner
        self.store = store
        self.logger = logger
        self.saved = Mutex(
            Saved(vrrpAddresses: saved.vrrpAddresses, stateBytes: stateBytes, journalBytes: journalBytes))
    }

    func handle(_ request: ControlRequest) -> ControlResponse {
        switch request {
        case .apply(let operations): return handleBatch(operations)
        case .setOwnership(let ownership): return handleOwnership(ownership)
        default: return inner.handle(request)
        }
    }

    func stream(_ request: ControlRequest, to respond: (ControlResponse) -> Bool) {
        switch request {
        case .apply, .setOwnership: _ = respond(handle(request))
        default: inner.stream(request, to: respond)
        }
    }

    private func handleBatch(_ operations: [AdminOperation]) -> ControlResponse {
        saved.withLock { saved in
            let response = inner.handle(.apply(operations))
            guard case .applied = response else { return response }
            AdminOperationLog.log(operations, to: logger)
            // Zeroing counters changes nothing a restart keeps.
            guard operations.contains(where: { !$0.isZero }) else { return response }
            do throws(DirectorStateStoreError) {
                saved.journalBytes = try store.append(operations)
            } catch {
                // The change is in the running table and cannot be taken back; say loudly that
                // a restart would lose it.
                logger.error("table change applied but not saved", metadata: ["error": "\(error)"])
                return response
            }
            if saved.journalBytes > max(saved.stateBytes, Self.minimumJournalBytes) { rewrite(&saved) }
            return response
        }
    }

    /// A VRRP instance's addresses are kept so a restarted director starts with them released.
    private func handleOwnership(_ ownership: AddressOwnership) -> ControlResponse {
        saved.withLock { saved in
            let response = inner.handle(.setOwnership(ownership))
            guard case .applied = response else { return response }
            let addresses = Array(Set(ownership.held + ownership.released)).sorted()
            guard saved.vrrpAddresses[ownership.owner] != addresses else { return response }
            saved.vrrpAddresses[ownership.owner] = addresses
            rewrite(&saved)
            return response
        }
    }

    /// Rewrites the state file from the running table, with an empty journal.
    private func rewrite(_ saved: inout Saved) {
        guard case .snapshot(let table) = inner.handle(.snapshot(includeConnections: false)) else {
            logger.error("the table could not be read back to rewrite the state file")
            return
        }
        do throws(DirectorStateStoreError) {
            (saved.stateBytes, saved.journalBytes) = try store.save(
                TableState(rebuilding: table, vrrpAddresses: saved.vrrpAddresses))
        } catch {
            logger.error("table change applied but not saved", metadata: ["error": "\(error)"])
        }
    }
}

extension AdminOperation {
    fileprivate var isZero: Bool {
        if case .zero = self { return true }
        return false
    }
}
