import IPVSAdm
import LVSCore
import LVSVocabulary
import Testing

/// `lvs top`'s screen at fixed terminal sizes, exactly.
@Suite("lvs top screen")
struct TopScreenTests {
    static func destination(
        _ address: String, _ port: UInt16, _ forward: ForwardMethod, weight: Int32, active: UInt32, inactive: UInt32
    ) -> DestinationSnapshot {
        DestinationSnapshot(
            config: DestinationConfig(
                key: DestinationKey(address: InetAddress(address)!, port: port), forward: forward, weight: weight),
            activeConnections: active, inactiveConnections: inactive)
    }

    static let table: TableSnapshot = {
        var rates = TrafficRates()
        rates.cps = 12
        rates.inPPS = 340
        rates.outPPS = 310
        rates.inBPS = 45_000
        rates.outBPS = 1_234_567
        return TableSnapshot(services: [
            ServiceSnapshot(
                config: ServiceConfig(key: .address(.tcp, InetAddress("198.18.0.100")!, 80), scheduler: "rr"),
                rates: rates,
                destinations: [
                    destination("198.18.1.11", 8080, .masquerade, weight: 1, active: 30, inactive: 10),
                    destination("198.18.1.12", 8080, .masquerade, weight: 3, active: 50, inactive: 10),
                ]),
            ServiceSnapshot(
                config: ServiceConfig(key: .address(.tcp, InetAddress("2001:db8::100")!, 443), scheduler: "lc"),
                destinations: [destination("2001:db8:1::11", 443, .route, weight: 1, active: 0, inactive: 0)]),
            ServiceSnapshot(
                config: ServiceConfig(key: .fwmark(7, .inet), scheduler: "wlc"),
                destinations: [destination("198.18.1.11", 0, .tunnel, weight: 5, active: 1, inactive: 0)]),
        ])
    }()

    static let drops: [(reason: String, count: UInt64)] = [("no route", 3), ("ring full", 17), ("unused", 0)]

    @Test func fullScreenAt80x24() {
        let screen = TopScreen(columns: 80, rows: 24).lines(Self.table, drops: Self.drops)
        print(screen.joined(separator: "\n"))
        // Shares: 40 and 60 of the service's 100 connections, in bars of 10 (what 80 columns
        // leave after the counts); drops by count, none shown for a zero count.
        #expect(
            screen == [
                "lvs top: 3 services, 4 real servers, 81 active, 20 inactive connections",
                "Prot LocalAddress:Port         Sched     CPS   InPPS  OutPPS    InBPS   OutBPS",
                "  -> RemoteAddress:Port        Forward Weight  Active   InAct Share",
                "TCP  198.18.0.100:80           rr         12     340     310    45000  1234567",
                "  -> 198.18.1.11:8080          Masq         1      30      10 [####      ]  40%",
                "  -> 198.18.1.12:8080          Masq         3      50      10 [######    ]  60%",
                "TCP  [2001:db8::100]:443       lc          0       0       0        0        0",
                "  -> [2001:db8:1::11]:443      Route        1       0       0 [          ]   0%",
                "FWM  7                         wlc         0       0       0        0        0",
                "  -> 198.18.1.11:0             Tunnel       5       1       0 [##########] 100%",
                "Drops by reason:",
                "  ring full                              17",
                "  no route                                3",
            ])
        #expect(screen.allSatisfy { $0.utf8.count < 80 })
    }

    @Test func smallScreenAt40x10IsCutAndSaysWhatItLeftOut() {
        let screen = TopScreen(columns: 40, rows: 10).lines(Self.table, drops: Self.drops)
        print(screen.joined(separator: "\n"))
        // Lines cut at 40 bytes (trailing blanks dropped); 13 lines for 10 rows: 9 and a count.
        #expect(
            screen == [
                "lvs top: 3 services, 4 real servers, 81",
                "Prot LocalAddress:Port         Sched",
                "  -> RemoteAddress:Port        Forward W",
                "TCP  198.18.0.100:80           rr",
                "  -> 198.18.1.11:8080          Masq",
                "  -> 198.18.1.12:8080          Masq",
                "TCP  [2001:db8::100]:443       lc",
                "  -> [2001:db8:1::11]:443      Route",
                "FWM  7                         wlc",
                "... 4 more lines",
            ])
    }

    @Test func widerScreensGetLongerBarsUpToTwenty() {
        let at90 = TopScreen(columns: 90, rows: 24).lines(Self.table)
        #expect(at90[4] == "  -> 198.18.1.11:8080          Masq         1      30      10 [########            ]  40%")
        let at200 = TopScreen(columns: 200, rows: 24).lines(Self.table)
        #expect(at200[4] == at90[4])
        // Without drops there is no drops section.
        #expect(at200.count == 10)
    }

    @Test func narrowScreenKeepsThePercentageWithoutABar() {
        // 72 columns leave room for a bar of 2: too short to read, so none.
        let screen = TopScreen(columns: 72, rows: 24).lines(Self.table)
        #expect(screen[5] == "  -> 198.18.1.12:8080          Masq         3      50      10  60%")
    }

    @Test func noRowsNoLines() {
        #expect(TopScreen(columns: 80, rows: 0).lines(Self.table).isEmpty)
        #expect(TopScreen(columns: 80, rows: 1).lines(Self.table) == ["... 10 more lines"])
    }
}
