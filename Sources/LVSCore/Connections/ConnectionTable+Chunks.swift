extension ConnectionTable {
    /// Visits the live entries among at most `limit` slots from slot `start` on, and returns
    /// the slot to go on from (nil: the end of the table). Lets a reader walk a large table in
    /// steps of bounded work (slots, not entries: a sparse table costs no more per step) between
    /// a worker's packets; ids stay put meanwhile, and entries added or removed between steps
    /// may be seen or missed, as by any reader of a live table (/proc/net/ip_vs_conn too).
    public func forEachLive(fromSlot start: Int, slots limit: Int, _ body: (Int32, ConnectionEntry) -> Void) -> Int? {
        let begin = max(0, start)
        let end = min(entries.count, begin + max(1, limit))
        var i = begin
        while i < end {
            if entries[i].flags.contains(.live) { body(Int32(i), entries[i]) }
            i += 1
        }
        return end < entries.count ? end : nil
    }

    /// `forEachLive`, appending the entries to `out`.
    public func liveEntries(fromSlot start: Int, slots limit: Int, into out: inout [ConnectionEntry]) -> Int? {
        forEachLive(fromSlot: start, slots: limit) { out.append($1) }
    }
}
