import LVSHealth
import Testing

@Suite("SMTP_CHECK against a tiny server on 127.0.0.1")
struct SMTPProbeTests {
    @Test("banner 220, HELO with the helo_name, 250, QUIT")
    func dialogue() async throws {
        let server = try await TestTCPServer.start(
            .smtp(
                banner: "220 mail ESMTP\r\n", heloReply: "250 hello\r\n",
                quitReply: "221 bye\r\n"))
        let outcome = await SMTPProbe(
            target: TestSupport.target(server.port), heloName: "checker.test",
            timeout: .seconds(2)
        ).run()
        await server.stop()
        #expect(outcome.isSuccess, "\(outcome.summary)")
        #expect(server.received.all == [Array("HELO checker.test\r\n".utf8), Array("QUIT\r\n".utf8)])
    }

    @Test(
        "a 554 banner, a multi-line 220- banner and a refused HELO fail",
        arguments: [
            ("554 go away\r\n", "250 ok\r\n"), ("220-first line\r\n220 last\r\n", "250 ok\r\n"),
            ("220 ok\r\n", "501 no\r\n"),
        ])
    func failures(banner: String, heloReply: String) async throws {
        let behaviour = ServerBehaviour.smtp(banner: banner, heloReply: heloReply, quitReply: "221 bye\r\n")
        let server = try await TestTCPServer.start(behaviour)
        let outcome = await SMTPProbe(target: TestSupport.target(server.port), timeout: .seconds(2)).run()
        await server.stop()
        #expect(outcome.isSuccess == false)
    }
}
