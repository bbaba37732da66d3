import LVSCore
import LVSVocabulary

/// A request from a CLI to the director over the control socket (one JSON object per line).
public enum ControlRequest: Codable, Sendable, Hashable {
    /// Apply all operations or none.
    case apply([AdminOperation])
    /// The first operations of a batch too big for one line (an `-R` of 400,000 services): the
    /// connection holds them until the `.apply` that ends the batch, which applies them all or
    /// none. No answer of its own.
    case applyPart([AdminOperation])
    /// Read the table (and the connection entries when asked).
    case snapshot(includeConnections: Bool)
    /// A VRRP instance's addresses (see `AddressOwnership`).
    case setOwnership(AddressOwnership)
    /// Gratuitous ARP / unsolicited NA for these addresses now.
    case announce([InetAddress])
    /// The connection-sync daemons' state and counters.
    case syncStatus
    /// Change IPVS sysctls (name, with or without `net.ipv4.vs.`, to value; all or none) and
    /// read them all back: an empty set only reads (`lvs sysctl`).
    case sysctls(set: [String: String])
    /// The data plane's drops by reason since start (`lvs top`); none without forwarding.
    case dropCounts
    /// `lvs drain`: withdraw this director's BGP announcements now, keep serving established
    /// connections until none is left or `timeoutSeconds` have passed, then stop (exit 0).
    /// Answered `.applied` at once; served by the `lvs director` daemon, not by the table.
    case drain(timeoutSeconds: UInt32)
}
