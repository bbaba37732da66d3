import LVSLinux

/// The fanout program that gives each client to one worker: both halves of its NAT
/// connections, and all of its connections.
///
/// The kernel's flow hash (PACKET_FANOUT_HASH) is symmetric for one 4-tuple, but NAT rewrites
/// the tuple: the request is client:port -> VIP:vport, the reply real-server:rport ->
/// client:port, and the hash sends them to different workers. What both share is the client's
/// end, so the program hashes the client's address: the address of whichever end has the
/// higher port (clients use ephemeral ports, services low ones). Hashing the address and not
/// the port also keeps every connection of one client on one worker, whose connection table
/// holds its persistence templates and whose rr cursor alternates its connections, as the
/// kernel's shared state does. The cost: one client's load does not spread over workers.
///
/// When the guess is wrong (equal ports, a service above the client's port) a reply may reach
/// another worker and takes the slower hand-over path; nothing breaks. Fragments and other
/// IPv4 protocols hash both addresses; other EtherTypes use the stack's flow hash.
///
/// Members are numbered by join order, so every interface's group must be joined worker by
/// worker in the same order: the program's result then names the same worker everywhere.
enum ClientFlowSteering {
    static let program: [ClassicBPFInstruction] = {
        typealias I = ClassicBPFInstruction
        typealias B = ClassicBPF
        let golden: UInt32 = 0x9E37_79B1
        return [
            /* 0 */ I(B.loadWordAbsolute, 0, 0, B.ancillaryProtocol),
            /* 1 */ I(B.jumpIfEqualK, 0, 24, 0x0800),               // not IPv4 -> 26
            /* 2 */ I(B.loadByteAbsolute, 0, 0, B.network(9)),      // protocol
            /* 3 */ I(B.jumpIfEqualK, 1, 0, 6),                     // TCP -> 5
            /* 4 */ I(B.jumpIfEqualK, 0, 13, 17),                   // not UDP -> 18
            /* 5 */ I(B.loadHalfAbsolute, 0, 0, B.network(6)),      // flags, fragment offset
            /* 6 */ I(B.jumpIfAnyBitK, 11, 0, 0x1fff),              // a later fragment -> 18
            /* 7 */ I(B.loadXHeaderLength, 0, 0, B.network(0)),     // X = IPv4 header length
            /* 8 */ I(B.loadHalfIndirect, 0, 0, B.network(0)),      // source port
            /* 9 */ I(B.storeMemory, 0, 0, 0),
            /* 10 */ I(B.loadHalfIndirect, 0, 0, B.network(2)),     // destination port
            /* 11 */ I(B.loadXMemory, 0, 0, 0),                     // X = source port
            /* 12 */ I(B.jumpIfGreaterX, 3, 0),                     // the client is the destination -> 16
            /* 13 */ I(B.jumpIfEqualX, 4, 0),                       // equal ports -> 18
            /* 14 */ I(B.loadWordAbsolute, 0, 0, B.network(12)),    // the client is the source
            /* 15 */ I(B.jumpAlways, 0, 0, 7),                      // -> 23
            /* 16 */ I(B.loadWordAbsolute, 0, 0, B.network(16)),
            /* 17 */ I(B.jumpAlways, 0, 0, 5),                      // -> 23
            /* 18 */ I(B.loadWordAbsolute, 0, 0, B.network(12)),    // both addresses, either way round
            /* 19 */ I(B.storeMemory, 0, 0, 1),
            /* 20 */ I(B.loadWordAbsolute, 0, 0, B.network(16)),
            /* 21 */ I(B.loadXMemory, 0, 0, 1),
            /* 22 */ I(B.xorX),
            /* 23 */ I(B.multiplyK, 0, 0, golden),                  // spread the bits, keep the high ones
            /* 24 */ I(B.shiftRightK, 0, 0, 16),
            /* 25 */ I(B.returnA),
            /* 26 */ I(B.loadWordAbsolute, 0, 0, B.ancillaryFlowHash),
            /* 27 */ I(B.returnA),
        ]
    }()
}
