import LVSLinux
import LVSVocabulary

/// The fanout program that gives each client to one worker: both halves of its NAT
/// connections, the ICMP errors about them, and all of its connections.
///
/// The kernel's flow hash (PACKET_FANOUT_HASH) is symmetric for one 4-tuple, but NAT rewrites
/// the tuple: the request is client:port -> VIP:vport, the reply real-server:rport ->
/// client:port, and the hash sends them to different workers. What both share is the client's
/// end, so the program hashes the client's address: the address of whichever end has the
/// higher port (clients use ephemeral ports, services low ones). An ICMP error is steered by
/// the packet it quotes, the same way. Hashing the address and not the port also keeps every
/// connection of one client on one worker, whose connection table holds its persistence
/// templates. Scheduling does not need it: the workers share one scheduler state per service
/// (`ServiceScheduling`). The cost: one client's load does not spread over workers.
///
/// When the guess is wrong (equal ports, a service above the client's port, a quote with IP
/// options) a reply may reach another worker and takes the slower hand-over path; nothing
/// breaks. Fragments and other IPv4 packets hash both addresses; other EtherTypes use the
/// stack's flow hash.
///
/// Members are numbered by join order, so every interface's group must be joined worker by
/// worker in the same order: the program's result then names the same worker everywhere.
enum ClientFlowSteering {
    static let program: [ClassicBPFInstruction] = {
        typealias B = ClassicBPF
        let net = B.network
        let steps: [ClassicBPFProgram.Step] =
            [
                .op(B.loadWordAbsolute, B.ancillaryProtocol),
                .jump(B.jumpIfEqualK, 0x86DD, ifTrue: "ipv6"),
                .jump(B.jumpIfEqualK, 0x0800, ifFalse: "stackHash"),
                .op(B.loadHalfAbsolute, net(6)),  // flags, fragment offset
                .jump(B.jumpIfAnyBitK, 0x1fff, ifTrue: "bothAddresses"),
                .op(B.loadXHeaderLength, net(0)),  // X = IPv4 header length
                .op(B.loadByteAbsolute, net(9)),  // protocol
                .jump(B.jumpIfEqualK, 6, ifTrue: "ports"),
                .jump(B.jumpIfEqualK, 17, ifTrue: "ports"),
                .jump(B.jumpIfEqualK, 1, ifFalse: "bothAddresses"),

                // ICMP: errors (3, 4, 11) go by the quoted packet, assumed to have a 20-byte header.
                .op(B.loadByteIndirect, net(0)),
                .jump(B.jumpIfEqualK, 3, ifTrue: "quote"),
                .jump(B.jumpIfEqualK, 11, ifTrue: "quote"),
                .jump(B.jumpIfEqualK, 4, ifFalse: "bothAddresses"),
                .label("quote"),
                .op(B.loadHalfIndirect, net(8 + 20)),  // quoted source port
                .op(B.storeMemory, 0),
                .op(B.loadHalfIndirect, net(8 + 22)),  // quoted destination port
                .op(B.loadXMemory, 0),
                .jump(B.jumpGreaterOrEqualX, ifTrue: "quotedDestination"),
                .op(B.loadXHeaderLength, net(0)),  // the client sent the quoted packet
                .op(B.loadWordIndirect, net(8 + 12)),
                .jumpAlways("mix"),
                .label("quotedDestination"),
                .op(B.loadXHeaderLength, net(0)),
                .op(B.loadWordIndirect, net(8 + 16)),
                .jumpAlways("mix"),

                .label("ports"),
                .op(B.loadHalfIndirect, net(0)),  // source port
                .op(B.storeMemory, 0),
                .op(B.loadHalfIndirect, net(2)),  // destination port
                .op(B.loadXMemory, 0),  // X = source port
                .jump(B.jumpIfGreaterX, ifTrue: "destination"),  // the client is the destination
                .jump(B.jumpIfEqualX, ifTrue: "bothAddresses"),
                .op(B.loadWordAbsolute, net(12)),  // the client is the source
                .jumpAlways("mix"),
                .label("destination"),
                .op(B.loadWordAbsolute, net(16)),
                .jumpAlways("mix"),

                // IPv6 without extension headers: the same by the 128-bit address (its four words
                // folded); ICMPv6 errors (1-3) by their quote, assumed to have no extension headers.
                .label("ipv6"),
                .op(B.loadByteAbsolute, net(6)),  // next header
                .jump(B.jumpIfEqualK, 6, ifTrue: "ports6"),
                .jump(B.jumpIfEqualK, 17, ifTrue: "ports6"),
                .jump(B.jumpIfEqualK, 58, ifFalse: "bothAddresses6"),
                .op(B.loadByteAbsolute, net(40)),  // ICMPv6 type
                .jump(B.jumpIfEqualK, 0, ifTrue: "bothAddresses6"),
                .jump(B.jumpIfGreaterK, 3, ifTrue: "bothAddresses6"),
                .op(B.loadHalfAbsolute, net(48 + 40)),  // quoted source port
                .op(B.storeMemory, 0),
                .op(B.loadHalfAbsolute, net(48 + 42)),  // quoted destination port
                .op(B.loadXMemory, 0),
                .jump(B.jumpGreaterOrEqualX, ifTrue: "quotedDestination6"),
                .jumpAlways("fold6Source48"),
                .label("quotedDestination6"),
                .jumpAlways("fold6Destination48"),

                .label("ports6"),
                .op(B.loadHalfAbsolute, net(40)),  // source port
                .op(B.storeMemory, 0),
                .op(B.loadHalfAbsolute, net(42)),  // destination port
                .op(B.loadXMemory, 0),
                .jump(B.jumpIfGreaterX, ifTrue: "fold6Destination"),
                .jump(B.jumpIfEqualX, ifTrue: "bothAddresses6"),
                .jumpAlways("fold6Source"),
            ] + Self.fold(label: "fold6Source", at: 8) + Self.fold(label: "fold6Destination", at: 24)
            + Self.fold(label: "fold6Source48", at: 48 + 8) + Self.fold(label: "fold6Destination48", at: 48 + 24) + [
                .label("bothAddresses6")  // both addresses, either way round
            ] + Self.xorWords(at: 8, count: 8) + [
                .jumpAlways("mix"),

                .label("bothAddresses"),  // either way round
                .op(B.loadWordAbsolute, net(12)),
                .op(B.storeMemory, 1),
                .op(B.loadWordAbsolute, net(16)),
                .op(B.loadXMemory, 1),
                .op(B.xorX),
                // An integer hash (h ^= h >> 16; h *= 0x45d9f3b, twice; h ^= h >> 16): the kernel
                // takes the result modulo the worker count, so every bit must matter. (A single
                // multiply sent neighbouring addresses to the same one of three workers.)
                .label("mix"),
                .op(B.copyAToX), .op(B.shiftRightK, 16), .op(B.xorX), .op(B.multiplyK, 0x045D_9F3B),
                .op(B.copyAToX), .op(B.shiftRightK, 16), .op(B.xorX), .op(B.multiplyK, 0x045D_9F3B),
                .op(B.copyAToX), .op(B.shiftRightK, 16), .op(B.xorX),
                .op(B.returnA),
                .label("stackHash"),
                .op(B.loadWordAbsolute, B.ancillaryFlowHash),
                .op(B.returnA),
            ]
        return ClassicBPFProgram(steps).instructions
    }()

    /// A = the four 32-bit words of the IPv6 address at network offset `offset`, xored; then
    /// on to "mix".
    private static func fold(label: String, at offset: Int32) -> [ClassicBPFProgram.Step] {
        [.label(label)] + xorWords(at: offset, count: 4) + [.jumpAlways("mix")]
    }

    /// A = the xor of `count` 32-bit words from network offset `offset` (M[2] as scratch).
    private static func xorWords(at offset: Int32, count: Int32) -> [ClassicBPFProgram.Step] {
        typealias B = ClassicBPF
        var steps: [ClassicBPFProgram.Step] = [.op(B.loadWordAbsolute, B.network(offset)), .op(B.storeMemory, 2)]
        for i in 1..<count {
            steps += [
                .op(B.loadWordAbsolute, B.network(offset + 4 * i)), .op(B.loadXMemory, 2), .op(B.xorX),
                .op(B.storeMemory, 2),
            ]
        }
        return steps
    }

    /// The worker the program gives a client's TCP/UDP packets to, computed in Swift: the
    /// kernel takes the program's result modulo the group's size (fanout_demux_bpf). The sync
    /// daemon uses it to put a received connection into the worker that will see its packets.
    static func worker(forClient client: InetAddress, workers: Int) -> Int {
        guard workers > 1 else { return 0 }
        let word: UInt32
        if client.isV4 {
            word = client.v4
        } else {
            word =
                UInt32(truncatingIfNeeded: client.high >> 32) ^ UInt32(truncatingIfNeeded: client.high)
                ^ UInt32(truncatingIfNeeded: client.low >> 32) ^ UInt32(truncatingIfNeeded: client.low)
        }
        return Int(mix(word) % UInt32(workers))
    }

    /// The program's "mix" block.
    static func mix(_ value: UInt32) -> UInt32 {
        var a = value
        a ^= a >> 16
        a = a &* 0x045D_9F3B
        a ^= a >> 16
        a = a &* 0x045D_9F3B
        a ^= a >> 16
        return a
    }
}
