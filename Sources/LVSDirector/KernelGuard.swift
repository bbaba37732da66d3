import LVSCore
import LVSLinux
import Logging
import Synchronization

/// Installs `KernelGuardRules` in the director's namespace while they are needed (a VIP is an
/// address of the director, or IPv4 or IPv6 forwarding is on) and removes them when not, or when the
/// director stops. Runs `nft` (from nftables); without it, says once what is at risk.
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

    /// The table changed: guard its services from now on. On a thread in the director's
    /// namespace (the daemon's control socket) the rules are in place before the admin command
    /// returns, so a script's next line finds them; from elsewhere (an in-process caller in
    /// another namespace) `nft`, the addresses and the sysctl would be the wrong namespace's,
    /// so the maintainer's thread reconciles within its period (`reconcileIfChanged`).
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

    /// Installs, updates or removes the table to match the wanted rules and the kernel's state.
    /// Called after table changes and periodically (an `ifconfig` or `sysctl` may come later).
    func reconcile() {
        let local = Set(((try? InterfaceAddresses.all()) ?? [:]).values.joined())
        let forwarding =
            (try? Sysctl.read("net.ipv4.ip_forward")) == "1"
            || (try? Sysctl.read("net.ipv6.conf.all.forwarding")) == "1"
        state.withLock { s in
            s.dirty = false
            let needed = !s.wanted.isEmpty && (forwarding || s.wanted.services.contains { local.contains($0.address) })
            let target = needed ? s.wanted : nil
            guard target != s.applied || !s.appliedKnown else { return }
            let leftoverCheck = !s.appliedKnown && target == nil
            if let failure = nft(target?.script ?? KernelGuardRules.removal) {
                if leftoverCheck {
                    // Nothing wanted, and nothing removable (no nft: then no leftover table either):
                    // not worth a warning.
                    s.appliedKnown = true
                    return
                }
                if failure != s.lastFailure {
                    logger.warning(
                        """
                        could not install the nftables guard: with a VIP on an interface or ip_forward on, the \
                        kernel will also answer or forward the director's traffic
                        """, metadata: ["error": "\(failure)"])
                    s.lastFailure = failure
                }
                return
            }
            s.lastFailure = nil
            s.appliedKnown = true
            if target != nil && s.applied == nil {
                logger.info(
                    "nftables guard installed: the kernel leaves the virtual services to the director",
                    metadata: [
                        "table": "inet \(KernelGuardRules.table)",
                        "reason": "\(forwarding ? "IP forwarding is on" : "a VIP is a local address")",
                    ])
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
