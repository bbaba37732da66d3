extension ConnectionTable {
    /// Appends the live entries of at most `limit` slots from slot `start` on to `out`, and
    /// returns the slot to go on from (nil: the end of the table). Lets a reader walk a large
    /// table in bounded steps between a worker's packets; entries added or removed between
    /// steps may be seen or missed, as by any reader of a live table.
    public func liveEntries(fromSlot start: Int, slots limit: Int, into out: inout [ConnectionEntry]) -> Int? {
        let begin = max(0, start)
        let end = min(entries.count, begin + max(1, limit))
        var i = begin
        while i < end {
            if entries[i].flags.contains(.live) { out.append(entries[i]) }
            i += 1
        }
        return end < entries.count ? end : nil
    }
}
