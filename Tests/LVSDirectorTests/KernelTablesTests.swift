import LVSCore
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

@Suite("Kernel neighbour and route tables")
struct KernelTablesTests {
    @Test("complete ARP entries on our interfaces become neighbours; incomplete ones and others do not")
    func arp() {
        let text = """
            IP address       HW type     Flags       HW address            Mask     Device
            198.18.0.11      0x1         0x2         02:1b:00:00:03:01     *        eth0
            198.18.0.12      0x1         0x0         00:00:00:00:00:00     *        eth0
            198.18.1.11      0x1         0x6         02:1b:00:00:05:01     *        eth1
            10.0.0.1         0x1         0x2         02:aa:00:00:00:01     *        wlan0

            """
        let n = KernelTables.neighbours(arp: text, interfaces: ["eth0": 0, "eth1": 1])
        #expect(
            n == [
                NeighbourKey(address: InetAddress("198.18.0.11")!, interface: 0): MACAddress("02:1b:00:00:03:01")!,
                NeighbourKey(address: InetAddress("198.18.1.11")!, interface: 1): MACAddress("02:1b:00:00:05:01")!,
            ])
    }

    @Test("routes: connected and gateway routes on our interfaces, longest prefix first")
    func routes() {
        let text = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\tFE0012C6\t0003\t0\t0\t0\t00000000\t0\t0\t0
            eth0\t000012C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            eth1\t000112C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            eth9\t000512C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0

            """
        let routes = KernelTables.routes(route: text, interfaces: ["eth0": 0, "eth1": 1])
        #expect(routes.count == 3)
        let snap = NetworkView(interfaces: [], routes: routes)
        #expect(snap.route(to: InetAddress("198.18.1.20")!)?.interface == 1)
        #expect(snap.route(to: InetAddress("198.18.0.20")!)?.gateway == nil)
        let viaDefault = snap.route(to: InetAddress("203.0.113.9")!)
        #expect(viaDefault?.interface == 0)
        #expect(viaDefault?.gateway == InetAddress("198.18.0.254"))
        #expect(snap.route(to: InetAddress("198.18.5.1")!)?.gateway == InetAddress("198.18.0.254"))
    }
}
