import LVSLinux
import Testing

@testable import LVSHealth

@Suite(
    "Digests and output as /usr/bin/genhash (keepalived 2.2.7) prints them",
    .enabled(if: TestSupport.genhashPath != nil, TestSupport.genhashMissing))
struct GenHashComparisonTests {
    static let bodies = ["abc", "", String(repeating: "line of text\n", count: 700)]

    @Test("the digest equals genhash's for the same body", arguments: bodies)
    func digestEqualsGenhash(body: String) async throws {
        let response = TestSupport.httpResponse(body: body, headers: ["Content-Type: text/plain"])
        let server = try await TestTCPServer.start(.reply(response))
        let genhash = try Subprocess.run(["genhash", "-s", "127.0.0.1", "-p", "\(server.port)", "-u", "/"])
        let outcome = await HTTPProbe(target: TestSupport.target(server.port), path: "/", timeout: .seconds(3)).run()
        await server.stop()
        let digest = try #require(outcome.detail?.digest)
        #expect(genhash.stdout == digest + "\n")
    }

    @Test("genhash -v output matches but for the response time")
    func verboseMatches() async throws {
        let response = TestSupport.httpResponse(body: "abc", headers: ["Content-Length: 3"])
        let server = try await TestTCPServer.start(.reply(response))
        let genhash = try Subprocess.run(["genhash", "-s", "127.0.0.1", "-p", "\(server.port)", "-u", "/x", "-v"])
        let outcome = await HTTPProbe(target: TestSupport.target(server.port), path: "/x", timeout: .seconds(3)).run()
        await server.stop()
        let ours = GenHashReport.text(for: outcome, tls: false, verbose: true, path: "/x", microseconds: 0)
        #expect(Self.withoutTiming(ours.standardOutput) == Self.withoutTiming(genhash.stdout))
    }

    @Test("a refused port prints what genhash prints")
    func refusedMatches() async throws {
        let port = try await TestSupport.closedPort()
        let genhash = try Subprocess.run(["genhash", "-s", "127.0.0.1", "-p", "\(port)", "-u", "/"])
        let outcome = await HTTPProbe(target: TestSupport.target(port), path: "/", timeout: .seconds(3)).run()
        let ours = GenHashReport.text(for: outcome, tls: false, verbose: false, path: "/", microseconds: 0)
        #expect(ours.standardOutput == "Connection failed\n")
        // genhash usually says "Connection failed"; when its scheduler sees the refusal at another
        // step (seen under load) it says the network is unreachable or "Read error with". Exit 0.
        let genhashWordings = ["Connection failed\n", "HTTP_CHECK - network unreachable\n", "Read error with\n"]
        #expect(
            genhashWordings.contains(genhash.stdout),
            "genhash printed \(genhash.stdout)")
        #expect(genhash.status == 0)
    }

    static func withoutTiming(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Global response time") }.joined(separator: "\n")
    }
}
