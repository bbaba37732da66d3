import LVSHealth
import LVSKeepalived
import LVSLinux
import Testing

@Suite("HTTP_GET and SSL_GET against servers on 127.0.0.1")
struct HTTPProbeTests {
    @Test("the request arrives byte for byte; status, digest and body come back")
    func requestAndResponse() async throws {
        let server = try await TestTCPServer.start(.reply(TestSupport.httpResponse(body: "abc")))
        let probe = HTTPProbe(
            target: TestSupport.target(server.port), path: "/health", version: .http11,
            timeout: .seconds(3))
        let outcome = await probe.run()
        await server.stop()
        let response = try #require(outcome.detail)
        #expect(response.statusCode == 200)
        #expect(response.digest == "900150983cd24fb0d6963f7d28e17f72")
        #expect(response.body == Array("abc".utf8))
        let expected =
            "GET /health HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
            + "Host: 127.0.0.1:\(server.port)\r\n\r\n"
        #expect(server.received.all == [Array(expected.utf8)])
    }

    @Test(
        "status codes and ranges decide",
        arguments: [
            ("200 OK", ["200"], true), ("503 Busy", ["200-299"], false), ("503 Busy", ["200", "500-599"], true),
            ("404 Not Found", ["200-399"], false), ("301 Moved", ["301-302"], true),
        ])
    func statusCodes(status: String, accepted: [String], passes: Bool) async throws {
        let server = try await TestTCPServer.start(.reply(TestSupport.httpResponse(status: status, body: "x")))
        let codes = try #require(HTTPStatusCodes(words: accepted))
        let probe = HTTPProbe(target: TestSupport.target(server.port), path: "/", timeout: .seconds(3))
        let outcome = await probe.check(HTTPURLExpectation(statusCodes: codes))
        await server.stop()
        #expect(outcome.isSuccess == passes, "\(outcome.summary)")
    }

    @Test("a refused port fails at once with \"connection refused\"")
    func refused() async throws {
        let port = try await TestSupport.closedPort()
        let probe = HTTPProbe(target: TestSupport.target(port), path: "/", timeout: .seconds(3))
        var outcome: ProbeOutcome<HTTPResponseSummary>?
        let seconds = await TestSupport.elapsed { outcome = await probe.run() }
        #expect(outcome?.failure == .connectionRefused)
        #expect(outcome?.summary == "connection refused")
        #expect(seconds < 1)
    }

    @Test("a server that accepts and never answers fails at the deadline")
    func silentServer() async throws {
        let server = try await TestTCPServer.start(.silent)
        let probe = HTTPProbe(target: TestSupport.target(server.port), path: "/", timeout: .milliseconds(1500))
        var outcome: ProbeOutcome<HTTPResponseSummary>?
        let seconds = await TestSupport.elapsed { outcome = await probe.run() }
        await server.stop()
        #expect(outcome?.summary == "timeout after 1.5 s")
        #expect(seconds >= 1.45 && seconds < 2.2, "took \(seconds) s")
    }

    @Test("the deadline covers the whole check: a byte every 0.5 s does not keep it alive")
    func drippingServer() async throws {
        let server = try await TestTCPServer.start(.drip(intervalMilliseconds: 500))
        let probe = HTTPProbe(target: TestSupport.target(server.port), path: "/", timeout: .seconds(2))
        var outcome: ProbeOutcome<HTTPResponseSummary>?
        let seconds = await TestSupport.elapsed { outcome = await probe.run() }
        await server.stop()
        #expect(outcome?.failure == .timeout(seconds: 2))
        #expect(seconds >= 1.95 && seconds < 2.7, "took \(seconds) s")
    }

    @Test("a server that closes without a full header: no data received")
    func noHeader() async throws {
        let server = try await TestTCPServer.start(.reply(Array("HTTP/1.0 200 OK\r\n".utf8)))
        let outcome = await HTTPProbe(target: TestSupport.target(server.port), path: "/", timeout: .seconds(3)).run()
        await server.stop()
        #expect(outcome.failure == .noResponse)
    }

    @Test("SSL_GET over TLS with a self-signed certificate (not verified, as keepalived)")
    func tls() async throws {
        let server = try await TestTCPServer.start(.reply(TestSupport.httpResponse(body: "abc")), tls: true)
        let probe = HTTPProbe(
            target: TestSupport.target(server.port), path: "/", virtualHost: "www.example.org",
            tls: TLSClientOptions(serverName: "www.example.org"), timeout: .seconds(3))
        let outcome = await probe.check(HTTPURLExpectation(digest: "900150983cd24fb0d6963f7d28e17f72"))
        await server.stop()
        #expect(outcome.isSuccess, "\(outcome.summary)")
        let request = try #require(server.received.all.first)
        #expect(String(decoding: request, as: UTF8.self).contains("Host: www.example.org\r\n"))
    }

    @Test("SSL_GET against a plain HTTP server fails as a TLS error")
    func tlsAgainstPlain() async throws {
        let server = try await TestTCPServer.start(.reply(TestSupport.httpResponse(body: "abc")))
        let probe = HTTPProbe(
            target: TestSupport.target(server.port), path: "/", tls: TLSClientOptions(),
            timeout: .seconds(3))
        let outcome = await probe.run()
        await server.stop()
        #expect(outcome.isSuccess == false)
    }

    @Test("bindto and bind_port set the source of the connection")
    func bindSource() async throws {
        let server = try await TestTCPServer.start(.reply(TestSupport.httpResponse(body: "abc")))
        let sourcePort = try await TestSupport.closedPort()
        let target = ProbeTarget(host: "127.0.0.1", port: server.port, bindAddress: "127.0.0.1", bindPort: sourcePort)
        let outcome = await TCPProbe(target: target, timeout: .seconds(2)).run()
        await server.stop()
        #expect(outcome.isSuccess, "\(outcome.summary)")
    }

    @Test("200 probes against a hanging server and 200 against a good one run side by side, not one after another")
    func manyConcurrentProbes() async throws {
        let hanging = try await TestTCPServer.start(.silent)
        let good = try await TestTCPServer.start(.reply(TestSupport.httpResponse(body: "ok")))
        var outcomes: [Bool] = []
        let seconds = await TestSupport.elapsed {
            outcomes = await withTaskGroup(of: (Bool, Bool).self) { group in
                for index in 0..<400 {
                    let isGood = index % 2 == 0
                    let port = isGood ? good.port : hanging.port
                    group.addTask {
                        let probe = HTTPProbe(target: TestSupport.target(port), path: "/", timeout: .seconds(2))
                        return (isGood, await probe.run().isSuccess)
                    }
                }
                var results: [Bool] = []
                for await (isGood, passed) in group { results.append(isGood == passed) }
                return results
            }
        }
        await hanging.stop()
        await good.stop()
        #expect(outcomes.count == 400)
        #expect(outcomes.allSatisfy { $0 })
        // One after another they would take 200 x 2 s; side by side about one timeout. The bound
        // leaves a loaded machine room without letting a serial implementation pass.
        #expect(seconds < 20, "took \(seconds) s")
    }

    @Test("TCP_CHECK: connected, or refused")
    func tcpCheck() async throws {
        let server = try await TestTCPServer.start(.silent)
        #expect(await TCPProbe(target: TestSupport.target(server.port), timeout: .seconds(2)).run().isSuccess)
        await server.stop()
        let port = try await TestSupport.closedPort()
        let refused = await TCPProbe(target: TestSupport.target(port), timeout: .seconds(2)).run()
        #expect(refused.failure == .connectionRefused)
    }
}
