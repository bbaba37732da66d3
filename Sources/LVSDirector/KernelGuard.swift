import LVSCore
import LVSLinux
import Logging
import Synchronization

/// Keeps `KernelGuardRules` installed in the director's namespace for as long as the table has
/// services, whether or not a VIP is an address of the director or forwarding is on, and
/// removes them when the table empties or the director stops. Runs `nft` (from nftables).
///
/// Why always, and not only while needed: a kernel-IPVS script adds the VIP to an interface or
/// turns ip_forward on right after its ipvsadm commands and connects at once. A guard that
/// waits to notice either (a periodic read, or even an rtnetlink event handled on another
/// thread) leaves a window in which the kernel answers a SYN to the VIP with its own SYN-ACK or
/// RST. The rules cost nothing when they are not needed (the kernel would drop those frames
/// anyway: a VIP that is not local and forwarding off), so installing them with the services,
/// before the ipvsadm command that adds them returns, closes the window without catching any
/// event.
final class KernelGuard: Sendable {
    private struct State {
        var wanted = KernelGuardRules()
        /// What is installed now; nil when no table is.
        var applied: KernelGuardRules?
        /// False until the first reconcile: a director killed with SIGKILL leaves its table
        /// behind, so at start what is installed is not known and the first reconcile replaces
        /// or removes whatever is there.
        var appliedKnown = false
        var lastFailure: String?
        /// The wanted rules changed since the last reconcile.
        var dirty = false
    }

    private let state = Mutex(State())
    private let logger: Logger
    /// The director's namespace (the guard is made where the director starts).
    private let namespace = NetworkNamespaceIdentity.cookie()
    /// Runs `nft -f -` with a script; returns nil or why it failed.
    private let nft: @Sendable (String) -> String?

    init(logger: Logger, nft: @escaping @Sendable (String) -> String? = KernelGuard.runNFT) {
        self.logger = logger
        self.nft = nft
    }

    /// Checks, at start and in the director's namespace, that nftables can be used here: the
    /// guard is what keeps the kernel off the VIPs, so a director that could not install it
    /// must not start and find out later. The check declares the table (a no-op when a killed
    /// director left one): that leftover keeps guarding until the first reconcile replaces it in
    /// one transaction, or removes it when the restored table has no services.
    func prepare() throws(DirectorError) {
        guard let nftPath = TextFile.executableOnPath("nft") else {
            throw DirectorError(
                """
                nft not found: the director keeps the kernel off its VIPs with an nftables table; \
                install the Debian package nftables (or pass --no-kernel-guard if the host guards \
                otherwise)
                """)
        }
        if let failure = nft(KernelGuardRules.declaration) {
            throw DirectorError(
                """
                \(nftPath) cannot change the nftables ruleset here (\(failure.split(separator: "\n").joined(separator: "; "))): the \
                director needs nf_tables (the Debian package nftables and a kernel with nf_tables), \
                or --no-kernel-guard
                """)
        }
    }

    /// The table changed: guard its services from now on. On a thread in the director's
    /// namespace (the daemon's control socket) the rules are in place before the admin command
    /// returns, so a script's next line finds them; from elsewhere (an in-process caller in
    /// another namespace) `nft` would act on the wrong namespace, so the maintainer's thread
    /// reconciles within its period (`reconcileIfChanged`).
    func tableChanged(_ table: TableSnapshot) {
        let rules = KernelGuardRules(table)
        let changed = state.withLock { s in
            if s.wanted == rules { return false }
            s.wanted = rules
            s.dirty = true
            return true
        }
        if changed, namespace != nil, NetworkNamespaceIdentity.cookie() == namespace { reconcile() }
    }

    /// Reconciles if the wanted rules changed (cheap otherwise).
    func reconcileIfChanged() {
        if state.withLock({ $0.dirty }) { reconcile() }
    }

    /// Installs, updates or removes the table to match the wanted rules (also periodically: a
    /// failed install is tried again).
    func reconcile() {
        state.withLock { s in
            s.dirty = false
            let target = s.wanted.isEmpty ? nil : s.wanted
            guard target != s.applied || !s.appliedKnown else { return }
            let leftoverCheck = !s.appliedKnown && target == nil
            if let failure = nft(target?.script ?? KernelGuardRules.removal) {
                if leftoverCheck {
                    // Nothing wanted, and nothing removable (no nft: then no leftover table either).
                    s.appliedKnown = true
                    return
                }
                if failure != s.lastFailure {
                    logger.error(
                        """
                        could not install the nftables guard: with a VIP on an interface or ip_forward on, the \
                        kernel will also answer or forward the director's traffic
                        """, metadata: ["error": "\(failure)"])
                    s.lastFailure = failure
                }
                // Tried again by the maintainer's periodic reconcile, not at once.
                return
            }
            s.lastFailure = nil
            s.appliedKnown = true
            if target != nil && s.applied == nil {
                logger.info(
                    "nftables guard installed: the kernel leaves the virtual services to the director",
                    metadata: ["table": "inet \(KernelGuardRules.table)"])
            }
            s.applied = target
        }
    }

    /// Removes the table if it is installed (the director stops).
    func remove() {
        state.withLock { s in
            guard s.applied != nil else { return }
            if nft(KernelGuardRules.removal) == nil { s.applied = nil }
        }
    }

    static let runNFT: @Sendable (String) -> String? = { script in
        do {
            let out = try Subprocess.run(["nft", "-f", "-"], input: Array(script.utf8))
            if out.status == 0 { return nil }
            return out.stderr.isEmpty ? "nft exited \(out.status)" : out.stderr
        } catch {
            return "\(error)"
        }
    }
}
