import LVSCore
import LVSVocabulary
import LVSWire

/// Announces, ahead of time, the lookup of the connection a received frame belongs to, only so
/// that the connection table's index slot and entry are in the cache when the frame is processed.
///
/// At 10^6 connections a packet's lookup is two dependent cache misses, which on this kind of
/// machine cost more than everything else the engine does for it. Looked up one frame at a time
/// they follow one another. The worker announces a group's lookups first
/// (`ConnectionTable.prefetchLookup`: the index slot is asked for without waiting); the group's
/// first real lookup asks for the entries the slots name, and the group is then processed from
/// the cache (docs/BENCHMARKS.md: per lookup at 10^6 in random order, about half the time of
/// one lookup after another). A frame whose announcement guessed wrong (a fragment, a tunnel,
/// an ICMP error) is processed as before, only without the head start. Reads are
/// bounds-checked, so any bytes are safe here; nothing is written.
enum ConnectionWarmer {
    /// Frames warmed together before they are processed.
    static let lookahead = 16

    @inline(__always)
    static func warm(_ frame: FrameBuffer, table: ConnectionTable, view: NetworkView) {
        var l3 = 14
        var etherType = frame.u16(12)
        if etherType == 0x8100 || etherType == 0x88A8 {
            etherType = frame.u16(16)
            l3 = 18
        }
        let proto: UInt8
        let source: InetAddress
        let destination: InetAddress
        let l4: Int
        switch etherType {
        case 0x0800:
            // Not a first or later fragment with its ports elsewhere.
            guard frame.u16(l3 + 6) & 0x3fff == 0 else { return }
            proto = frame.u8(l3 + 9)
            source = InetAddress(v4: frame.u32(l3 + 12))
            destination = InetAddress(v4: frame.u32(l3 + 16))
            l4 = l3 + Int(frame.u8(l3) & 0x0f) * 4
        case 0x86DD:
            proto = frame.u8(l3 + 6)
            source = InetAddress(v6High: frame.u64(l3 + 8), low: frame.u64(l3 + 16))
            destination = InetAddress(v6High: frame.u64(l3 + 24), low: frame.u64(l3 + 32))
            l4 = l3 + 40
        default:
            return
        }
        guard proto == 6 || proto == 17 else { return }
        let sourcePort = frame.u16(l4)
        let destinationPort = frame.u16(l4 + 2)
        if view.isVirtual(destination) {
            table.prefetchLookup(
                proto: proto, client: source, clientPort: sourcePort, virtual: destination,
                virtualPort: destinationPort)
        } else {
            table.prefetchLookupReply(
                proto: proto, server: source, serverPort: sourcePort, client: destination, clientPort: destinationPort)
        }
    }
}
