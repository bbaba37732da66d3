import LVSLabServices
import Testing

@Suite("What lvs demo runs in each mode (no root)")
struct DemoScenarioTests {
    @Test("DR: one LAN, VIP on the real servers' lo, -g")
    func directRouting() {
        let dr = DemoScenario(mode: .dr)
        #expect(dr.hosts.map(\.name) == ["client", "director", "rs1", "rs2"])
        #expect(
            dr.ipvsadmSetup == [
                ["-A", "-t", "198.18.0.50:80", "-s", "rr"],
                ["-a", "-t", "198.18.0.50:80", "-r", "198.18.0.11:80", "-g"],
                ["-a", "-t", "198.18.0.50:80", "-r", "198.18.0.12:80", "-g"],
            ])
        #expect(dr.realServerArguments == ["realserver", "start", "--vip", "198.18.0.50"])
        #expect(
            dr.directorArguments(controlSocket: "/tmp/s") == [
                "director", "--interface", "eth0", "--control-socket", "/tmp/s", "--fresh", "--log-level", "warning",
            ])
        #expect(dr.url.description == "http://198.18.0.50/")
        #expect(
            dr.topologyLine
                == "lab: client 198.18.0.100, director 198.18.0.2, rs1 198.18.0.11, rs2 198.18.0.12; VIP 198.18.0.50")
    }

    @Test("NAT: the director on both segments, real servers need no helper, -m")
    func nat() {
        let nat = DemoScenario(mode: .nat, scheduler: "wrr")
        #expect(
            nat.ipvsadmSetup == [
                ["-A", "-t", "198.18.0.50:80", "-s", "wrr"],
                ["-a", "-t", "198.18.0.50:80", "-r", "198.18.1.11:80", "-m"],
                ["-a", "-t", "198.18.0.50:80", "-r", "198.18.1.12:80", "-m"],
            ])
        #expect(nat.realServerArguments == nil)
        #expect(
            nat.directorArguments(controlSocket: "/s").prefix(5) == [
                "director", "--interface", "eth0", "--interface", "eth1",
            ])
        #expect(
            nat.topologyLine
                == "lab: client 198.18.0.100, director 198.18.0.2+198.18.1.1, rs1 198.18.1.11, rs2 198.18.1.12; VIP 198.18.0.50"
        )
    }

    @Test("TUN: ipip on the real servers, -i")
    func tunnel() {
        let tun = DemoScenario(mode: .tun)
        #expect(tun.realServerArguments == ["realserver", "start", "--vip", "198.18.0.50", "--tunnel", "ipip"])
        #expect(tun.ipvsadmSetup.dropFirst().allSatisfy { $0.last == "-i" })
        #expect(DemoMode.allCases == [.dr, .nat, .tun])
    }
}
