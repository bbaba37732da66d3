import Testing

@testable import LVSCore

@Suite struct TCPStateTests {
    let m = TCPStateMachine()

    @Test func handshakeThroughNAT() {
        var s = TCPState.none
        s = m.next(from: s, direction: .input, flags: .syn)
        #expect(s == .synReceived)
        s = m.next(from: s, direction: .output, flags: [.syn, .ack])
        #expect(s == .synReceived)
        s = m.next(from: s, direction: .input, flags: .ack)
        #expect(s == .established)
        s = m.next(from: s, direction: .output, flags: [.fin, .ack])
        #expect(s == .finWait)
        s = m.next(from: s, direction: .input, flags: [.fin, .ack])
        #expect(s == .timeWait)
        s = m.next(from: s, direction: .output, flags: .ack)
        #expect(s == .timeWait)
    }

    @Test func directRoutingSeesOnlyTheClient() {
        var s = m.next(from: .none, direction: .inputOnly, flags: .syn)
        #expect(s == .synReceived)
        s = m.next(from: s, direction: .inputOnly, flags: .ack)
        #expect(s == .established)
        s = m.next(from: s, direction: .inputOnly, flags: [.fin, .ack])
        #expect(s == .finWait)
        s = m.next(from: s, direction: .inputOnly, flags: .ack)
        #expect(s == .finWait)
        // The INPUT table would have said CLOSE_WAIT: only the INPUT-ONLY table expects the
        // client to close first.
        #expect(m.next(from: .established, direction: .input, flags: .fin) == .closeWait)
    }

    @Test func rstBeatsSynBeatsFinBeatsAck() {
        #expect(m.next(from: .established, direction: .input, flags: [.rst, .syn, .fin, .ack]) == .close)
        #expect(m.next(from: .timeWait, direction: .input, flags: [.syn, .fin, .ack]) == .synReceived)
        #expect(m.next(from: .established, direction: .output, flags: [.fin, .ack]) == .finWait)
        // No RST/SYN/FIN/ACK at all: the kernel moves to CLOSE.
        #expect(m.next(from: .established, direction: .input, flags: [.psh]) == .close)
    }

    @Test func secureTCPWaitsForTheHandshake() {
        let secure = TCPStateMachine(secure: true)
        // A client ACK after its own SYN does not establish: the server's SYN+ACK must be seen.
        #expect(secure.next(from: .synReceived, direction: .input, flags: .ack) == .synReceived)
        #expect(secure.next(from: .synReceived, direction: .output, flags: [.syn, .ack]) == .synAck)
        #expect(secure.next(from: .synAck, direction: .input, flags: .ack) == .synAck)
        #expect(secure.next(from: .none, direction: .inputOnly, flags: .syn) == .synAck)
        #expect(m.next(from: .synReceived, direction: .input, flags: .ack) == .established)
    }

    @Test func sloppyAckFromNothingEstablishes() {
        #expect(m.next(from: .none, direction: .input, flags: .ack) == .established)
        #expect(m.next(from: .none, direction: .inputOnly, flags: .ack) == .established)
    }

    @Test func activeStatesAndNames() {
        #expect(TCPState.allCases.filter(\.isActive) == [.established, .synSent, .synReceived, .synAck])
        #expect(
            TCPState.allCases.map(\.name) == [
                "NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT",
                "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK",
            ])
    }

    @Test func setChangesOnlyEstablishedAndFinWait() {
        let t = ConnectionTimeouts(IPVSTimeouts(tcp: 3600, tcpFin: 30, udp: 5))
        #expect(t.tcp(.established) == 3_600_000)
        #expect(t.tcp(.finWait) == 30_000)
        #expect(t.tcp(.timeWait) == 120_000)
        #expect(t.tcp(.synReceived) == 60_000)
        #expect(t.tcp(.close) == 10_000)
        #expect(t.udp == 5_000)
    }
}
