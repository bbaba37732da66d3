import LVSLinux

/// The fanout program that sends both halves of a NAT connection to the same worker.
///
/// The kernel's flow hash (PACKET_FANOUT_HASH) is symmetric for one 4-tuple, but NAT rewrites
/// the tuple: the request is client:port -> VIP:vport, the reply real-server:rport ->
/// client:port. What both share is the client's end, so the program hashes that: the address
/// and port of whichever end has the higher port (clients use ephemeral ports, services low
/// ones). When the guess is wrong (equal ports, a service above the client's port) the reply
/// reaches another worker and takes the slower hand-over path; nothing breaks. Fragments and
/// other IPv4 protocols hash both addresses; other EtherTypes use the stack's flow hash.
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
            /* 1 */ I(B.jumpIfEqualK, 0, 29, 0x0800),               // not IPv4 -> 31
            /* 2 */ I(B.loadByteAbsolute, 0, 0, B.network(9)),      // protocol
            /* 3 */ I(B.jumpIfEqualK, 1, 0, 6),                     // TCP -> 5
            /* 4 */ I(B.jumpIfEqualK, 0, 18, 17),                   // not UDP -> 23
            /* 5 */ I(B.loadHalfAbsolute, 0, 0, B.network(6)),      // flags, fragment offset
            /* 6 */ I(B.jumpIfAnyBitK, 16, 0, 0x1fff),              // a later fragment -> 23
            /* 7 */ I(B.loadXHeaderLength, 0, 0, B.network(0)),     // X = IPv4 header length
            /* 8 */ I(B.loadHalfIndirect, 0, 0, B.network(0)),      // source port
            /* 9 */ I(B.storeMemory, 0, 0, 0),
            /* 10 */ I(B.loadHalfIndirect, 0, 0, B.network(2)),     // destination port
            /* 11 */ I(B.storeMemory, 0, 0, 1),
            /* 12 */ I(B.loadXMemory, 0, 0, 0),                     // X = source port
            /* 13 */ I(B.jumpIfGreaterX, 5, 0),                     // client is the destination -> 19
            /* 14 */ I(B.jumpIfEqualX, 8, 0),                       // equal ports -> 23
            /* 15 */ I(B.loadWordAbsolute, 0, 0, B.network(12)),    // client is the source
            /* 16 */ I(B.loadXMemory, 0, 0, 0),
            /* 17 */ I(B.xorX),
            /* 18 */ I(B.jumpAlways, 0, 0, 9),                      // -> 28
            /* 19 */ I(B.loadWordAbsolute, 0, 0, B.network(16)),
            /* 20 */ I(B.loadXMemory, 0, 0, 1),
            /* 21 */ I(B.xorX),
            /* 22 */ I(B.jumpAlways, 0, 0, 5),                      // -> 28
            /* 23 */ I(B.loadWordAbsolute, 0, 0, B.network(12)),
            /* 24 */ I(B.storeMemory, 0, 0, 2),
            /* 25 */ I(B.loadWordAbsolute, 0, 0, B.network(16)),
            /* 26 */ I(B.loadXMemory, 0, 0, 2),
            /* 27 */ I(B.xorX),
            /* 28 */ I(B.multiplyK, 0, 0, golden),                  // spread the bits, keep the high ones
            /* 29 */ I(B.shiftRightK, 0, 0, 16),
            /* 30 */ I(B.returnA),
            /* 31 */ I(B.loadWordAbsolute, 0, 0, B.ancillaryFlowHash),
            /* 32 */ I(B.returnA),
        ]
    }()
}
