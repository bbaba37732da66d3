import LVSCore
import LVSKeepalived

/// What `lvs keepalived` tells the director first, in keepalived's order of consequences: every
/// VRRP instance's addresses released, then the checkers' table. A director starting as backup
/// must not answer ARP for an address its peer holds, not even between the service reaching it
/// and its instance starting.
public enum KeepalivedStartup {
    /// Releases the VRRP addresses, then (with `checkers`) sets up the table; without checkers
    /// (`-P`) it only makes sure the director answers. Throws when the director does not answer.
    public static func programDirector(
        _ configuration: KeepalivedConfiguration, vrrp: VRRPSupervisor, checkers: KeepalivedDaemon?,
        control: any IPVSControl & Sendable
    ) async throws {
        try vrrp.releaseAll()
        if let checkers {
            try await checkers.start(configuration)
        } else {
            _ = try control.snapshot(includeConnections: false)
        }
    }
}
