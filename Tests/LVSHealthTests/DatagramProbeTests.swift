import LVSHealth
import Testing

@Suite("UDP_CHECK and DNS_CHECK against responders on 127.0.0.1")
struct DatagramProbeTests {
    @Test("no reply and no require_reply: success at the timeout; the payload arrives")
    func silentUDP() async throws {
        let responder = try await TestUDPResponder.start { _ in nil }
        let probe = UDPProbe(
            target: TestSupport.target(responder.port), payload: [1, 2, 3],
            timeout: .milliseconds(300))
        let outcome = await probe.run()
        await responder.stop()
        #expect(outcome.isSuccess)
    }

    @Test("require_reply without a reply fails at the timeout")
    func requiredReplyMissing() async throws {
        let responder = try await TestUDPResponder.start { _ in nil }
        let probe = UDPProbe(
            target: TestSupport.target(responder.port), expectation: UDPReplyExpectation(),
            timeout: .milliseconds(300))
        let outcome = await probe.run()
        await responder.stop()
        #expect(outcome.failure == .timeout(seconds: 0.3))
    }

    @Test("require_reply with a pattern and X nibbles: match and mismatch")
    func replyPattern() async throws {
        let responder = try await TestUDPResponder.start { request in
            request == Array("ping".utf8) ? [0xab, 0x12, 0x34] : [0xff]
        }
        let parsed = try #require(KeepalivedHexString.parse("ab1X", allowWildcards: true))
        #expect(parsed.bytes == [0xab, 0x10])
        #expect(parsed.mask == [0x00, 0x0f])
        let expectation = UDPReplyExpectation(pattern: parsed.bytes, mask: parsed.mask)
        let good = UDPProbe(
            target: TestSupport.target(responder.port), payload: Array("ping".utf8),
            expectation: expectation, timeout: .seconds(2))
        #expect(await good.run().detail == .some([0xab, 0x12, 0x34]))
        let bad = UDPProbe(
            target: TestSupport.target(responder.port), payload: Array("other".utf8),
            expectation: expectation, timeout: .seconds(2))
        #expect(await bad.run().isSuccess == false)
        let tooShort = UDPProbe(
            target: TestSupport.target(responder.port), payload: Array("ping".utf8),
            expectation: UDPReplyExpectation(pattern: [0xab], minimumLength: 4),
            timeout: .seconds(2))
        #expect(await tooShort.run().isSuccess == false)
        await responder.stop()
    }

    @Test("a closed UDP port answers ICMP port unreachable: failure")
    func portUnreachable() async throws {
        let port = try await TestSupport.closedPort()
        let outcome = await UDPProbe(target: TestSupport.target(port), timeout: .seconds(2)).run()
        #expect(outcome.summary == "ICMP port unreachable")
    }

    @Test("keepalived's hex strings and filler payload")
    func hexStrings() {
        #expect(
            KeepalivedHexString.parse("Ab12f 3 456 546443123")?.bytes
                == [0xab, 0x12, 0x0f, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03])
        #expect(KeepalivedHexString.parse("zz") == nil)
        #expect(String(decoding: UDPProbe.fillerPayload, as: UTF8.self) == "keepalived check - keepalived ch")
    }

    @Test("DNS: the query's bytes, NOERROR passes, NXDOMAIN fails, stale ids are ignored")
    func dns() async throws {
        let query = try #require(DNSQueryMessage(id: 0x1234, name: "example.com", type: .a).bytes())
        #expect(
            query == [
                0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                7,
            ] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0, 1, 0, 1])
        #expect(DNSQueryMessage(id: 1, name: "", type: .soa).bytes()?.suffix(5) == [0, 0, 6, 0, 1])
        #expect(DNSQueryMessage(id: 1, name: ".", type: .soa).bytes()?.suffix(5) == [0, 0, 6, 0, 1])
        let responder = try await TestUDPResponder.start { request in
            guard request.count >= 12 else { return nil }
            let rcode: UInt8 = request.count > 20 && request[12] == 7 ? 3 : 0
            // A stale answer first would be ignored; the responder sends only the right one.
            return [request[0], request[1], 0x81, 0x80 | rcode] + Array(request[4...])
        }
        let good = await DNSProbe(
            target: TestSupport.target(responder.port), name: "", type: .soa,
            timeout: .seconds(2)
        ).run()
        #expect(good.isSuccess, "\(good.summary)")
        let missing = await DNSProbe(
            target: TestSupport.target(responder.port), name: "example.com", type: .a,
            timeout: .seconds(2)
        ).run()
        #expect(missing.summary == "DNS rcode 3 (NXDOMAIN)")
        await responder.stop()
        let stale = DNSQueryMessage(id: 7, name: "", type: .a)
        #expect(stale.judge(reply: [0, 8, 0x81, 0x80] + [UInt8](repeating: 0, count: 8)) == .ignore)
        #expect(stale.judge(reply: [0, 7, 0x01, 0x00] + [UInt8](repeating: 0, count: 8)) == .ignore)
        #expect(stale.judge(reply: [0, 7, 0x81, 0x82] + [UInt8](repeating: 0, count: 8)) == .failure(rcode: 2))
    }
}
