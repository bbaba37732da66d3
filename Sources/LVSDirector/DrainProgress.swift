import LVSCore

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
        // An established entry's timer is set to the tcp timeout by every segment, so the time
        // since the last one is what the timer has run down.
        let established = Int64(table.timeouts.tcp == 0 ? IPVSTimeouts().tcp : table.timeouts.tcp) * 1000
        return table.connections.filter { row in
            !row.isTemplate && row.stateName == "ESTABLISHED"
                && established - row.expiresInMilliseconds < idleMilliseconds
        }.count
    }
}
