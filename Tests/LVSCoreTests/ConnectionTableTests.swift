import LVSVocabulary
import Testing

@testable import LVSCore

@Suite struct ConnectionTableTests {
    let vip = InetAddress(v4: 0xC612_0064)  // 198.18.0.100
    let rs = InetAddress(v4: 0xC612_010B)  // 198.18.1.11

    func client(_ n: UInt32) -> InetAddress { InetAddress(v4: 0xC613_0000 | n) }

    func entry(_ n: UInt32, port: UInt16 = 40000) -> ConnectionEntry {
        ConnectionEntry(
            proto: 6, client: client(n), clientPort: port, virtual: vip, virtualPort: 80,
            destination: rs, destinationPort: 8080)
    }

    @Test func findsBothDirectionsAndForgets() {
        let t = ConnectionTable(expectedCount: 4)
        var ids: [Int32] = []
        for n in 0..<1000 as Range<UInt32> {
            ids.append(t.insert(entry(n), expires: 10_000, indexReplies: n % 2 == 0))
        }
        #expect(t.count == 1000)
        for n in 0..<1000 as Range<UInt32> {
            let id = t.lookup(proto: 6, client: client(n), clientPort: 40000, virtual: vip, virtualPort: 80)
            #expect(id == ids[Int(n)])
            let reply = t.lookupReply(proto: 6, server: rs, serverPort: 8080, client: client(n), clientPort: 40000)
            #expect(reply == (n % 2 == 0 ? ids[Int(n)] : -1))
        }
        #expect(t.lookup(proto: 17, client: client(1), clientPort: 40000, virtual: vip, virtualPort: 80) == -1)
        #expect(t.lookup(proto: 6, client: client(1), clientPort: 40001, virtual: vip, virtualPort: 80) == -1)
        for n in stride(from: 0, to: 1000, by: 3) { t.remove(ids[n]) }
        for n in 0..<1000 {
            let id = t.lookup(proto: 6, client: client(UInt32(n)), clientPort: 40000, virtual: vip, virtualPort: 80)
            #expect(id == (n % 3 == 0 ? -1 : ids[n]))
        }
        #expect(t.count == 1000 - 334)
        // Freed slots are reused.
        let again = t.insert(entry(5000), expires: 1, indexReplies: false)
        #expect(ids.contains(again))
    }

    /// Announced lookups (a worker's group of frames) change no answer, even when the table
    /// changes between the announcement and the lookup (removals, an index that grows), and
    /// more announcements than a batch holds are taken in turn.
    @Test func announcedLookupsGiveTheSameAnswers() {
        let t = ConnectionTable(expectedCount: 4)
        var ids: [Int32] = []
        for n in 0..<200 as Range<UInt32> {
            ids.append(t.insert(entry(n), expires: 10_000, indexReplies: n % 2 == 0))
        }
        // Entries asked for: one per announced key that has an entry, none for a missing key.
        t.prefetchLookup(proto: 6, client: client(3), clientPort: 40000, virtual: vip, virtualPort: 80)
        t.prefetchLookup(proto: 6, client: client(3), clientPort: 40001, virtual: vip, virtualPort: 80)
        t.prefetchLookupReply(proto: 6, server: rs, serverPort: 8080, client: client(4), clientPort: 40000)
        t.prefetchLookupReply(proto: 6, server: rs, serverPort: 8080, client: client(5), clientPort: 40000)
        #expect(t.prefetchPendingEntries() == 2)
        #expect(t.prefetchPendingEntries() == 0)
        // 40 announcements (more than a batch), then removals and enough inserts to grow the
        // index, then the lookups.
        for n in 0..<40 as Range<UInt32> {
            t.prefetchLookup(proto: 6, client: client(n), clientPort: 40000, virtual: vip, virtualPort: 80)
            t.prefetchLookupReply(proto: 6, server: rs, serverPort: 8080, client: client(n), clientPort: 40000)
        }
        for n in stride(from: 0, to: 40, by: 4) { t.remove(ids[n]) }
        for n in 200..<1200 as Range<UInt32> { ids.append(t.insert(entry(n), expires: 10_000, indexReplies: false)) }
        for n in 0..<1200 {
            if n < 20 {
                t.prefetchLookup(
                    proto: 6, client: client(UInt32(n + 1)), clientPort: 40000, virtual: vip, virtualPort: 80)
            }
            let id = t.lookup(proto: 6, client: client(UInt32(n)), clientPort: 40000, virtual: vip, virtualPort: 80)
            let removed = n < 40 && n % 4 == 0
            #expect(id == (removed ? -1 : ids[n]))
            let reply = t.lookupReply(
                proto: 6, server: rs, serverPort: 8080, client: client(UInt32(n)), clientPort: 40000)
            #expect(reply == (n < 200 && n % 2 == 0 && !removed ? ids[n] : -1))
        }
    }

    @Test func templatesAreFoundOnlyAsTemplates() {
        let t = ConnectionTable()
        var tpl = ConnectionEntry(
            proto: 6, client: client(0), clientPort: 0, virtual: vip, virtualPort: 80,
            destination: rs, destinationPort: 8080)
        tpl.flags.insert(.template)
        let id = t.insert(tpl, expires: 60_000, indexReplies: false)
        #expect(t.lookupTemplate(proto: 6, client: client(0), virtual: vip, virtualPort: 80) == id)
        #expect(t.lookup(proto: 6, client: client(0), clientPort: 0, virtual: vip, virtualPort: 80) == -1)
        t.invalidateTemplate(id)
        #expect(t.lookupTemplate(proto: 6, client: client(0), virtual: vip, virtualPort: 80) == -1)
        #expect(t[id].virtualPort == 0xffff && t[id].destinationPort == 0xffff)
        #expect(t.count == 1)
    }

    @Test func timerWheelReturnsWhatIsDueAndNothingElse() {
        let t = ConnectionTable()
        let a = t.insert(entry(1), expires: 1_500, indexReplies: false)
        let b = t.insert(entry(2), expires: 900_000, indexReplies: false)
        let c = t.insert(entry(3), expires: 5_000_000, indexReplies: false)  // beyond one turn
        var due: [Int32] = []
        t.collectDue(now: 1_499, into: &due)
        #expect(due.isEmpty)
        t.collectDue(now: 1_500, into: &due)
        #expect(due == [a])
        t.remove(a)
        // A later expiry is picked up lazily, an earlier one at once.
        t.setExpiry(b, 2_000_000)
        t.setExpiry(c, 120_000)
        due.removeAll()
        t.collectDue(now: 900_000, into: &due)
        #expect(due == [c])
        due.removeAll()
        t.collectDue(now: 1_999_999, into: &due)
        #expect(due.isEmpty)
        t.collectDue(now: 2_000_000, into: &due)
        #expect(due == [b])
    }

    @Test func aLongPauseStillFindsEverything() {
        let t = ConnectionTable()
        var ids = Set<Int32>()
        for n in 0..<500 as Range<UInt32> {
            ids.insert(t.insert(entry(n), expires: Int64(n) * 7_919, indexReplies: false))
        }
        var due: [Int32] = []
        t.collectDue(now: 100_000_000, into: &due)
        #expect(Set(due) == ids && due.count == 500)
    }

    @Test func memoryPerEntryStaysSmall() {
        #expect(MemoryLayout<ConnectionEntry>.stride <= 104)
        let t = ConnectionTable(expectedCount: 100_000)
        for n in 0..<100_000 as Range<UInt32> {
            t.insert(entry(n, port: UInt16(truncatingIfNeeded: n)), expires: 1, indexReplies: true)
        }
        #expect(t.memoryFootprint / t.count < 200)
    }
}

extension ConnectionTableTests {
    /// Keys that differ only in a few low bits (one client's ports) must still spread: the
    /// average successful probe stays near linear probing's 1.5 at half load.
    @Test func similarKeysSpreadOverTheIndex() {
        let t = ConnectionTable(expectedCount: 1 << 16)
        var ids: [Int32] = []
        for i in 0..<(1 << 16) {
            let e = ConnectionEntry(
                proto: 6, client: InetAddress(v4: 0xC613_0000 | UInt32(i >> 14)),
                clientPort: UInt16(1024 + (i & 0x3fff)), virtual: vip, virtualPort: 80,
                destination: rs, destinationPort: 8080)
            ids.append(t.insert(e, expires: 1, indexReplies: false))
        }
        let total = ids.reduce(0) { $0 + t.probeLength(of: $1) }
        #expect(Double(total) / Double(ids.count) < 2.0)
    }
}
