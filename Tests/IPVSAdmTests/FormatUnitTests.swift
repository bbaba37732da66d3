import LVSCore
import LVSVocabulary
import Testing

@testable import IPVSAdm

/// Formatting facts the oracle VM cannot show (numbers too large to reach, a persistence engine
/// it cannot load, fwmark templates it cannot mark packets for). Each comes from ipvsadm 1.31's
/// format strings and kernel behaviour.
@Suite("ipvsadm formatting details")
struct FormatUnitTests {
    @Test(arguments: [
        (UInt64(0), "        0"), (99_999_999, " 99999999"),
        (100_000_000, "  100000K"), (999_999_999, "  999999K"),
        (1_000_000_000, "    1000M"), (99_999_999_999, "   99999M"),
        (100_000_000_000, "     100G"), (99_999_999_999_999, "   99999G"),
        (100_000_000_000_000, "     100T"), (UInt64.max, "18446744T"),
    ])
    func scaledCounterColumn(value: UInt64, text: String) {
        // %9llu below 100 million, then %8llu and a decimal K/M/G/T suffix, truncating.
        #expect(LargeNumber.column(value, exact: false) == text)
    }

    @Test func exactCounterColumnKeepsALeadingSpace() {
        #expect(LargeNumber.column(12_345_678, exact: true) == " 12345678")
        #expect(LargeNumber.column(123_456_789, exact: true) == " 123456789")
        #expect(LargeNumber.column(UInt64.max, exact: true) == " 18446744073709551615")
    }

    @Test func persistenceEngineInListAndSave() {
        let table = TableSnapshot(services: [
            svc(udp("198.18.0.2:5060"), "rr", persistent: 30, pe: "sip"),
            svc(udp("198.18.0.3:5060"), "rr", flags: .onePacket, pe: "sip"),
        ])
        var options = ListOptions()
        options.numeric = true
        let list = IPVSAdmFormatter.list(table, options: options, resolver: NumericOnlyResolver())
        #expect(list.contains("UDP  198.18.0.2:5060 rr persistent 30 pe sip\n"))
        // ipvsadm prints the engine inside the persistence block of a listing only.
        #expect(list.contains("UDP  198.18.0.3:5060 rr ops\n"))
        let save = IPVSAdmFormatter.save(table, numeric: true, service: nil, resolver: NumericOnlyResolver())
        #expect(save == "-A -u 198.18.0.2:5060 -s rr -p 30 --pe sip\n-A -u 198.18.0.3:5060 -s rr --pe sip -o\n")
    }

    @Test func fwmarkTemplatesShowAsProtocolIP() {
        var options = ListOptions()
        options.connections = true
        options.numeric = true
        let table = TableSnapshot(connections: [
            conn(nil, "198.18.0.1:0", "0.0.0.7:0", "198.19.0.11:0", "NONE", expires: 359, template: true),
            conn(.sctp, "198.18.0.1:5000", "198.18.0.100:9", "198.19.0.11:9", "ESTABLISHED", expires: 6000),
        ])
        let out = IPVSAdmFormatter.list(table, options: options, resolver: NumericOnlyResolver())
        #expect(
            out == """
                IPVS connection entries
                pro expire state       source             virtual            destination
                IP  05:59  NONE        198.18.0.1:0       0.0.0.7:0          198.19.0.11:0
                SCTP 100:00 ESTABLISHED 198.18.0.1:5000    198.18.0.100:9     198.19.0.11:9

                """)
    }

    @Test func connectionExpiryRoundsDownAndNeverGoesNegative() {
        #expect(ConnectionListFormatter.expiry(119_999) == "01:59")
        #expect(ConnectionListFormatter.expiry(-5) == "00:00")
        #expect(ConnectionListFormatter.expiry(6_000_000) == "100:00")
    }

    @Test func bothTunnelChecksumFlagsShowAsRemote() {
        let d = DestinationConfig(
            key: DestinationKey(address: ip("198.19.1.5"), port: 80), forward: .tunnel,
            tunnelType: .gue, tunnelPort: 6080, tunnelFlags: [.checksum, .remoteChecksum])
        #expect(TunnelText.info(d) == "gue:6080:r+c")
        #expect(TunnelText.ruleOptions(d) == " --tun-type gue --tun-port 6080 --tun-remcsum")
    }

    @Test func localForwardingListsAsLocalAndSavesAsRoute() {
        let table = TableSnapshot(services: [svc(tcp("198.18.0.1:80"), "rr", [dst("198.18.0.1:80", .local)])])
        var options = ListOptions()
        options.numeric = true
        #expect(
            IPVSAdmFormatter.list(table, options: options, resolver: NumericOnlyResolver())
                .contains("  -> 198.18.0.1:80                Local   1      0          0         \n"))
        #expect(
            IPVSAdmFormatter.save(table, numeric: true, service: nil, resolver: NumericOnlyResolver())
                .contains("-a -t 198.18.0.1:80 -r 198.18.0.1:80 -g -w 1\n"))
    }

    @Test func syncDaemonZerosPrintAsKernelDefaults() {
        let out = DaemonListFormatter.format([
            SyncDaemonConfig(role: .backup, interface: "eth0"),
            SyncDaemonConfig(role: .master, interface: "eth1", syncID: 9),
        ])
        #expect(
            out == "master sync daemon (mcast=eth1, syncid=9, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
                + "backup sync daemon (mcast=eth0, syncid=0, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n")
    }

    @Test func saveOfOneServiceAndListOfAMissingOne() {
        let table = FormatterGoldenTests.servicesV4
        let save = IPVSAdmFormatter.save(table, numeric: true, service: fwm(8), resolver: NumericOnlyResolver())
        #expect(save == "-A -f 8 -s wlc -p 60\n-a -f 8 -r 198.19.1.6:0 -i -w 0 --tun-type ipip\n")
        var options = ListOptions()
        options.service = tcp("198.18.0.99:80")
        #expect(!IPVSAdmFormatter.hasService(table, tcp("198.18.0.99:80")))
        #expect(IPVSAdmFormatter.list(table, options: options, resolver: NumericOnlyResolver()) == "")
    }
}
