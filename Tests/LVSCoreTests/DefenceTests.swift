import LVSVocabulary
import Testing

@testable import LVSCore

/// The connection limit and the kernel's defences (drop_entry, drop_packet, secure_tcp) as a
/// client sees them: which packets are forwarded, which entries stay.
@Suite("Connection limit and defences")
struct DefenceTests {
    typealias L = EngineLab
    let web = ServiceKey.address(.tcp, EngineLab.vip, 80)

    static func syn(_ port: UInt16, from client: InetAddress = EngineLab.client) -> PacketMeta {
        .tcp(from: client, port, to: EngineLab.vip, 80, flags: .syn, length: 60)
    }

    static func ack(_ port: UInt16) -> PacketMeta {
        .tcp(from: EngineLab.client, port, to: EngineLab.vip, 80, flags: .ack, length: 52)
    }

    static func isForward(_ v: EngineVerdict) -> Bool {
        if case .forward = v { return true }
        return false
    }

    func state(_ lab: EngineLab, port: UInt16) -> String? {
        lab.rows().first { $0.clientPort == port }?.stateName
    }

    @Test("at the limit a new connection is dropped and counted, and leaves no entry and no server count")
    func limitDropsNewConnections() throws {
        var lab = EngineLab()
        lab.engine.connectionLimit = 2
        try lab.add(web, servers: [(L.drServer1, 80), (L.drServer2, 80)], forward: .route)
        guard case .forward(let first) = lab.send(Self.syn(1001)) else {
            Issue.record("not forwarded")
            return
        }
        #expect(Self.isForward(lab.send(Self.syn(1002))))
        #expect(lab.send(Self.syn(1003)) == .drop(.connectionLimit))
        #expect(lab.engine.connections.count == 2)
        #expect(lab.rows().map(\.clientPort).sorted() == [1001, 1002])
        let s1 = lab.server(web, L.drServer1, 80)!
        let s2 = lab.server(web, L.drServer2, 80)!
        #expect(s1.activeConnections + s1.inactiveConnections + s2.activeConnections + s2.inactiveConnections == 2)
        // Packets of the connections already there still flow.
        #expect(Self.isForward(lab.send(Self.ack(1001))))
        // rr did not move for the refused one: the next admitted connection goes where the
        // first went (two servers, strict alternation).
        lab.engine.connectionLimit = 3
        guard case .forward(let f) = lab.send(Self.syn(1004)) else {
            Issue.record("not forwarded")
            return
        }
        #expect(f.address == first.address)
        #expect(EngineDropReason.connectionLimit.label == "connection_limit")
    }

    @Test("at the limit with drop_entry in force, a SYN_RECV entry makes room; an established one never does")
    func dropEntryMakesRoomFromEmbryonicEntries() throws {
        var s = IPVSSysctls()
        s.dropEntry = 3
        var lab = EngineLab(sysctls: s)
        lab.engine.connectionLimit = 3
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        lab.send(Self.syn(2001))
        lab.send(Self.ack(2001))
        lab.send(Self.syn(2002))
        lab.send(Self.ack(2002))
        lab.send(Self.syn(2003))
        #expect(state(lab, port: 2003) == "SYN_RECV")
        #expect(Self.isForward(lab.send(Self.syn(2004))))
        #expect(lab.engine.connections.count == 3)
        #expect(state(lab, port: 2003) == nil, "the SYN_RECV entry made room")
        #expect(state(lab, port: 2001) == "ESTABLISHED" && state(lab, port: 2002) == "ESTABLISHED")
        // 2004 is embryonic now and goes for 2005; then only established entries are left.
        #expect(Self.isForward(lab.send(Self.syn(2005))))
        lab.send(Self.ack(2005))
        #expect(lab.send(Self.syn(2006)) == .drop(.connectionLimit))
        #expect(lab.rows().map(\.clientPort).sorted() == [2001, 2002, 2005])
        #expect(lab.engine.evictedEntries == 2)
    }

    @Test("drop_entry=1 makes room as soon as the table is full, not a timer's second later")
    func dropEntryModeOneAtTheLimit() throws {
        var s = IPVSSysctls()
        s.dropEntry = 1
        s.amemthresh = 1
        var lab = EngineLab(sysctls: s)
        lab.engine.connectionLimit = 100
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        #expect(lab.engine.sysctls.dropEntry == 1 && !lab.engine.defence.evictsEntries)
        for port in UInt16(8000)..<8100 { lab.send(Self.syn(port)) }
        #expect(Self.isForward(lab.send(Self.syn(8100))))
        #expect(lab.engine.sysctls.dropEntry == 2 && lab.engine.connections.count == 100)
    }

    @Test(
        "drop_entry's timer evicts SYN_RECV entries, idle few-packet established ones, never those with more than 8 packets"
    )
    func dropEntryTimer() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        // 2 client packets, then idle; 10 packets, then idle.
        lab.send(Self.syn(3001))
        lab.send(Self.ack(3001))
        lab.send(Self.syn(3002))
        for _ in 0..<9 { lab.send(Self.ack(3002)) }
        lab.advance(ms: 61_000)
        for port in UInt16(4000)..<4062 { lab.send(Self.syn(port)) }
        // An established connection with 2 packets that is not idle a minute stays too.
        lab.send(Self.syn(3003))
        lab.send(Self.ack(3003))
        #expect(lab.engine.connections.count == 65)

        lab.engine.sysctls.dropEntry = 3
        #expect(lab.engine.defence.evictsEntries)
        for _ in 0..<400 { lab.engine.dropRandomEntries(now: lab.now.milliseconds) }
        #expect(lab.rows().map(\.clientPort).sorted() == [3002, 3003])
        #expect(state(lab, port: 3002) == "ESTABLISHED")
        #expect(lab.engine.evictedEntries == 63)

        // Off (and at 1 with room to spare) the timer evicts nothing.
        lab.engine.sysctls.dropEntry = 1
        #expect(!lab.engine.defence.evictsEntries && lab.engine.sysctls.dropEntry == 1)
        for port in UInt16(5000)..<5010 { lab.send(Self.syn(port)) }
        for _ in 0..<5 { lab.advance(ms: 1000) }
        #expect(lab.engine.connections.count == 12)
    }

    @Test("drop_packet drops new connections at amemthresh / (amemthresh - available pages); mode 3 at am_droprate")
    func dropPacketRate() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        // 1000 entries of headroom are 42 pages; 56 / (56 - 42) = 4: every 4th is dropped.
        lab.engine.connectionLimit = 1000
        #expect(lab.engine.availablePages == 1000 * ConnectionTable.bytesPerEntry / 4096)
        lab.engine.sysctls = try lab.engine.sysctls.changed(by: ["amemthresh": "56", "drop_packet": "1"])
        #expect(lab.engine.sysctls.dropPacket == 2, "mode 1 under pressure reads 2")
        #expect(lab.engine.defence.dropRate == 4)
        var verdicts: [Bool] = []
        for port in UInt16(6000)..<6008 { verdicts.append(Self.isForward(lab.send(Self.syn(port)))) }
        #expect(verdicts == [true, true, true, false, true, true, true, false])
        #expect(lab.send(Self.syn(6100)) != .drop(.defenceDropPacket))
        // Packets of existing connections are never taken.
        for _ in 0..<8 { #expect(Self.isForward(lab.send(Self.ack(6000)))) }

        // With room again (a low threshold), mode 2 falls back to 1 and nothing is dropped.
        lab.engine.sysctls.amemthresh = 10
        #expect(lab.engine.sysctls.dropPacket == 1 && lab.engine.defence.dropRate == 0)
        for port in UInt16(6200)..<6210 { #expect(Self.isForward(lab.send(Self.syn(port)))) }

        lab.engine.sysctls = try lab.engine.sysctls.changed(by: ["drop_packet": "3", "am_droprate": "5"])
        verdicts = []
        for port in UInt16(6300)..<6310 { verdicts.append(Self.isForward(lab.send(Self.syn(port)))) }
        #expect(verdicts.filter { !$0 }.count == 2)
    }

    @Test(
        "secure_tcp: 1 switches to the secure tables (reading 2) below amemthresh and back above it; 3 always; 0 never")
    func secureTCPModes() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.natServer1, 8080)], forward: .masquerade)
        lab.engine.connectionLimit = 1000  // 42 pages available
        func handshakeWithoutReply(_ port: UInt16) -> String? {
            lab.send(Self.syn(port))
            lab.send(Self.ack(port))
            return state(lab, port: port)
        }
        lab.engine.sysctls = try lab.engine.sysctls.changed(by: ["secure_tcp": "1", "amemthresh": "10"])
        #expect(lab.engine.sysctls.secureTCP == 1 && !lab.engine.defence.secureTables)
        #expect(handshakeWithoutReply(7001) == "ESTABLISHED")

        lab.engine.sysctls.amemthresh = 100
        #expect(lab.engine.sysctls.secureTCP == 2 && lab.engine.defence.secureTables)
        // The secure tables want the server's answer before ESTABLISHED.
        #expect(handshakeWithoutReply(7002) == "SYN_RECV")

        lab.engine.sysctls.amemthresh = 10
        #expect(lab.engine.sysctls.secureTCP == 1 && !lab.engine.defence.secureTables)
        #expect(handshakeWithoutReply(7003) == "ESTABLISHED")

        // Pressure builds as the table fills; the timer notices within a second.
        lab.engine.connectionLimit = 60
        lab.engine.sysctls.amemthresh = 2
        #expect(lab.engine.sysctls.secureTCP == 1)
        for port in UInt16(7100)..<7140 { lab.send(Self.syn(port)) }
        lab.advance(ms: 1000)
        lab.advance(ms: 1000)
        #expect(lab.engine.sysctls.secureTCP == 2, "\(lab.engine.availablePages) pages left")

        lab.engine.sysctls.secureTCP = 3
        lab.engine.sysctls.amemthresh = 0
        #expect(lab.engine.sysctls.secureTCP == 3 && lab.engine.defence.secureTables)
        lab.engine.sysctls.secureTCP = 0
        lab.engine.sysctls.amemthresh = 100_000
        #expect(lab.engine.sysctls.secureTCP == 0 && !lab.engine.defence.secureTables)
    }

    @Test("DefenceLevel follows update_defense_level: modes 1 and 2 turn into each other, 0 and 3 stay")
    func defenceLevelTransitions() {
        var level = DefenceLevel()
        var s = IPVSSysctls()
        s.dropEntry = 1
        s.dropPacket = 2
        s.secureTCP = 3
        s.amemthresh = 1024
        level.update(&s, availablePages: 1000)
        #expect(s.dropEntry == 2 && s.dropPacket == 2 && s.secureTCP == 3)
        #expect(level.evictsEntries && level.dropRate == 1024 / 24 && level.secureTables)
        level.update(&s, availablePages: 2000)
        #expect(s.dropEntry == 1 && s.dropPacket == 1 && s.secureTCP == 3)
        #expect(!level.evictsEntries && level.dropRate == 0 && level.secureTables)
        s.dropEntry = 0
        s.secureTCP = 0
        level.update(&s, availablePages: 0)
        #expect(s.dropEntry == 0 && !level.evictsEntries && s.secureTCP == 0 && !level.secureTables)
        #expect(s.dropPacket == 2 && level.dropRate == 1)
    }

    @Test("a persistent service's connection needs room for its template too, unless the template is there")
    func limitCountsTemplates() throws {
        var lab = EngineLab()
        lab.engine.connectionLimit = 3
        try lab.add(web, flags: .persistent, timeout: 300, servers: [(L.drServer1, 80)], forward: .route)
        #expect(Self.isForward(lab.send(Self.syn(9001))))
        #expect(lab.engine.connections.count == 2, "a connection and its template")
        // Another client needs two entries; one is left.
        #expect(lab.send(Self.syn(9002, from: InetAddress("198.18.0.7")!)) == .drop(.connectionLimit))
        // The same client reuses its template: one entry is enough.
        #expect(Self.isForward(lab.send(Self.syn(9003))))
        #expect(lab.send(Self.syn(9004)) == .drop(.connectionLimit))
        #expect(lab.engine.connections.count == 3)
    }

    @Test("the limit bounds the table's arrays: they grow by doubling up to it, not past")
    func limitBoundsMemory() throws {
        var lab = EngineLab()
        try lab.add(web, servers: [(L.drServer1, 80)], forward: .route)
        lab.engine.connectionLimit = 1500
        for i in 0..<2000 {
            lab.send(Self.syn(UInt16(10_000 + i)))
        }
        #expect(lab.engine.connections.count == 1500)
        #expect(lab.engine.connections.entries.capacity < 1500 + 64)
    }
}
