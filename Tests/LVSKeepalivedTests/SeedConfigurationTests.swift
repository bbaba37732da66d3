import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

@Suite struct SeedConfigurationTests {
    @Test func seedParsesWithTheDeprecationWarningsKeepalivedGives() throws {
        let result = parse(seedConfiguration)
        // keepalived 2.2.7 `-t` on the same file prints exactly these two lines and exits 5.
        #expect(
            messages(result) == [
                "(/etc/keepalived/keepalived.conf: Line 41) nb_get_retry is deprecated - please use 'retry'",
                "(/etc/keepalived/keepalived.conf: Line 54) nb_get_retry is deprecated - please use 'retry'",
            ])
        #expect(result.testExitStatus == 5)
        let configuration = try #require(result.configuration)
        #expect(configuration.globalDefinitions.routerID == "LVS_DEVEL")
        #expect(configuration.otherBlocks.map(\.keyword) == ["vrrp_instance"])
        #expect(
            configuration.otherBlocks[0].children.first { $0.keyword == "authentication" }?.children
                .map(\.words) == [["auth_type", "PASS"], ["auth_pass", "1111"]])

        let vs = try #require(configuration.virtualServers.first)
        #expect(vs.address == .address(InetAddress("198.18.0.50")!, port: 80))
        #expect(vs.transportProtocol == .tcp)
        #expect(vs.scheduler == "rr")
        #expect(vs.forwarding.method == .route)
        #expect(vs.delayLoop == .seconds(6))
        #expect(vs.realServers.map(\.address.description) == ["198.18.0.11", "198.18.0.12"])

        let rs = vs.realServers[0]
        #expect(rs.port == 80)
        #expect(rs.weight == 1)
        #expect(rs.forwarding.method == .route)
        let checker = try #require(rs.checkers.first)
        #expect(checker.retry == 3)
        #expect(checker.delayBeforeRetry == .seconds(3))
        #expect(checker.delayLoop == .seconds(6))
        #expect(checker.warmup == .seconds(6))
        #expect(checker.connection?.connectTimeout == .seconds(3))
        #expect(checker.connection?.address == InetAddress("198.18.0.11"))
        #expect(checker.connection?.port == 80)
        guard case .http(let http) = checker.kind else {
            Issue.record("expected HTTP_GET, got \(checker.kind)")
            return
        }
        #expect(!http.usesTLS)
        #expect(http.httpProtocol == .http10)
        #expect(http.urls.map(\.path) == ["/"])
        #expect(http.urls[0].statusCodes.description == "200")
    }
}
