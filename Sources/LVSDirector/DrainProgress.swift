import LVSCore
import LVSVocabulary

/// When a draining director may stop. Behind ECMP, the router moves a withdrawn director's
/// flows to the others at once, so its table keeps ESTABLISHED entries that no packet will
/// ever end (they would wait out the 15-minute TCP timeout). A connection therefore counts as
/// still served here while it is established and has had a packet within `idleMilliseconds`:
/// the drain ends when none has.
public enum DrainProgress {
    /// Two seconds: longer than a live TCP flow goes without a segment while data flows (the
    /// client ACKs at least every other segment, and retransmits within about a second).
    public static let idleMilliseconds: Int64 = 2000

    /// The connections of `table` (listed with its connections) still in use.
    public static func liveConnections(_ table: TableSnapshot, idleMilliseconds: Int64 = idleMilliseconds) -> Int {
        let established = establishedTimeout(table.timeouts)
        return table.connections.filter { row in
            !row.isTemplate && row.stateName == "ESTABLISHED"
                && hadRecentPacket(
                    expiresIn: row.expiresInMilliseconds, establishedTimeout: established, idleMilliseconds)
        }.count
    }

    /// Whether a table's entry is a connection still in use, as `liveConnections` counts rows:
    /// how a director's workers count their own tables without listing them.
    @inline(__always)
    public static func isLive(
        _ e: ConnectionEntry, now: Int64, establishedTimeout: Int64, idleMilliseconds: Int64 = idleMilliseconds
    ) -> Bool {
        !e.isTemplate && e.proto == IPProtocolNumber.tcp && e.tcpState == .established
            && hadRecentPacket(
                expiresIn: max(0, e.expires &- now), establishedTimeout: establishedTimeout, idleMilliseconds)
    }

    /// The established state's timeout in milliseconds (`ipvsadm --set`'s first value).
    public static func establishedTimeout(_ timeouts: IPVSTimeouts) -> Int64 {
        Int64(timeouts.tcp == 0 ? IPVSTimeouts().tcp : timeouts.tcp) * 1000
    }

    /// An established entry's timer is set to the tcp timeout by every segment, so the time
    /// since the last one is what the timer has run down.
    @inline(__always)
    static func hadRecentPacket(expiresIn: Int64, establishedTimeout: Int64, _ idleMilliseconds: Int64) -> Bool {
        establishedTimeout - expiresIn < idleMilliseconds
    }
}
