import Foundation
import IPVSAdm
import LVSControl
import LVSControlTestSupport
import LVSCore
import LVSVocabulary
import Testing

/// A director's table through its state file and back: what `ipvsadm -S -n` shows (and every
/// setting it does not show) is the same after the restore, and a damaged file restores nothing.
@Suite struct TableStateCodecTests {
    private static func director() -> EngineControlService {
        EngineControlService(clock: { Instant(milliseconds: 1_000) })
    }

    /// Every kind of service and real server ipvsadm can make.
    private static func fullTable() -> EngineControlService {
        let service = director()
        let ipvsadm = InProcessIPVSAdm(service)
        ipvsadm("-A -t 198.18.0.1:80 -s wrr -p 60 -M 255.255.255.0")
        ipvsadm("-a -t 198.18.0.1:80 -r 198.18.1.1:80 -g -w 3 -x 10 -y 5")
        ipvsadm("-a -t 198.18.0.1:80 -r 198.18.1.2:8080 -m -w 0")
        ipvsadm("-a -t 198.18.0.1:80 -r 198.18.1.3:80 -i --tun-type gue --tun-port 6080 --tun-nocsum")
        ipvsadm("-a -t 198.18.0.1:80 -r 198.18.1.4:80 -i --tun-type gre --tun-csum")
        ipvsadm("-A -u 198.18.0.1:53 -s sh -b sh-fallback,sh-port -o")
        ipvsadm("-a -u 198.18.0.1:53 -r 198.18.1.1:53 -m")
        ipvsadm("-A --sctp-service 198.18.0.2:3868 -s lc")
        ipvsadm("-a --sctp-service 198.18.0.2:3868 -r 198.18.1.5:3868 -g")
        ipvsadm("-A -t [2001:db8::1]:443 -s mh -b mh-fallback,mh-port -p 300 -M 64 --pe sip")
        ipvsadm("-a -t [2001:db8::1]:443 -r [2001:db8:1::1]:443 -g -w 7")
        ipvsadm("-a -t [2001:db8::1]:443 -r [2001:db8:1::2]:8443 -m -x 100")
        ipvsadm("-A -f 7 -s rr")
        ipvsadm("-a -f 7 -r 198.18.1.6 -g")
        ipvsadm("-A -f 8 -6 -s sed -p")
        ipvsadm("-a -f 8 -6 -r [2001:db8:1::3]:80 -i -w 2")
        ipvsadm("-A -t 198.18.0.3:0 -s nq -p 30")
        for i in 0..<20 { ipvsadm("-A -t 198.18.2.\(i):80 -s wlc") }
        ipvsadm("--set 100 20 30")
        ipvsadm(
            "--start-daemon master --mcast-interface eth0 --syncid 7 --sync-maxlen 1400 --mcast-group 239.1.2.3 --mcast-port 8849 --mcast-ttl 3"
        )
        ipvsadm("--start-daemon backup --mcast-interface eth1 --syncid 9")
        return service
    }

    private static func table(_ service: EngineControlService) -> TableSnapshot {
        guard case .snapshot(let table) = service.handle(.snapshot(includeConnections: false)) else {
            Issue.record("no snapshot")
            return TableSnapshot()
        }
        return table
    }

    /// What a restart keeps: every setting, in the kernel's order (not the counters).
    private static func settings(_ table: TableSnapshot) -> [String] {
        table.services.map { s in "\(s.config) \(s.destinations.map(\.config))" }
            + ["\(table.timeouts)", "\(table.syncDaemons)"]
    }

    @Test func restoredTableSavesAndListsTheSame() throws {
        let original = Self.fullTable()
        let bytes = TableStateCodec().encode(TableState(rebuilding: Self.table(original)))
        let state = try TableStateCodec().decode(bytes)
        let restored = Self.director()
        #expect(restored.handle(.apply(state.operations)) == .applied)

        let before = InProcessIPVSAdm(original)
        let after = InProcessIPVSAdm(restored)
        for listing in [
            "-S -n", "-L -n", "-L -n --nosort", "-L -n --timeout", "-L -n --daemon", "-L -n --persistent-conn",
        ] {
            #expect(after(listing) == before(listing), "ipvsadm \(listing)")
        }
        #expect(before("-S -n").split(separator: "\n").count == 37)
        #expect(Self.settings(Self.table(restored)) == Self.settings(Self.table(original)))
        // A restored table saves to the same file, so a second restart restores the same again.
        let resaved = TableStateCodec().encode(TableState(rebuilding: Self.table(restored)))
        #expect(String(decoding: resaved, as: UTF8.self) == String(decoding: bytes, as: UTF8.self))
    }

    @Test func emptyTableRoundTrips() throws {
        let state = try TableStateCodec().decode(TableStateCodec().encode(TableState(rebuilding: TableSnapshot())))
        #expect(state.operations.isEmpty)
    }

    /// A VRRP instance's addresses survive the file, so a restarted director starts them
    /// released; a file written before they were kept restores with none.
    @Test func vrrpAddressesRoundTrip() throws {
        let vip = InetAddress("198.18.0.50")!
        let gateway = InetAddress("198.18.1.254")!
        let state = TableState(
            rebuilding: Self.table(Self.fullTable()), vrrpAddresses: ["VI_1": [vip, gateway], "VI_6": []])
        let decoded = try TableStateCodec().decode(TableStateCodec().encode(state))
        #expect(decoded.vrrpAddresses == ["VI_1": [vip, gateway], "VI_6": []])
        #expect(decoded.operations == state.operations)
        let older = Array("{\"version\":1,\"operations\":[\n]}\n".utf8)
        #expect(try TableStateCodec().decode(older).vrrpAddresses.isEmpty)
    }

    /// The journal after a state file: its batches in order when it is the state file's own,
    /// none when it is an older one, and a batch cut short by a crash left out.
    @Test func journalBatchesFollowTheirStateFile() throws {
        let codec = TableStateCodec()
        let state = try codec.decode(codec.encode(TableState(operations: [], journal: "5eed")))
        #expect(state.journal == "5eed")
        let key = ServiceKey.address(.tcp, InetAddress("198.18.0.50")!, 80)
        let add: [AdminOperation] = [.addService(ServiceConfig(key: key, scheduler: "rr"))]
        let delete: [AdminOperation] = [.deleteService(key)]
        let journal = codec.journalHeader("5eed") + codec.journalLine(add) + codec.journalLine(delete)
        #expect(try codec.decodeJournal(journal, name: "5eed") == [add, delete])
        #expect(try codec.decodeJournal(journal, name: "other").isEmpty, "an old journal is already folded in")
        let torn = journal + codec.journalLine(add).dropLast(3)
        #expect(try codec.decodeJournal(torn, name: "5eed") == [add, delete])
        #expect(try codec.decodeJournal([], name: "5eed").isEmpty)
        let garbled = journal + Array("[{\"nonsense\":1}]\n".utf8)
        #expect(throws: TableStateError.self) { try codec.decodeJournal(garbled, name: "5eed") }
        #expect(throws: TableStateError.self) { try codec.decodeJournal(Array("junk\n".utf8), name: "5eed") }
    }

    @Test func damagedFilesAreRefusedWithTheReason() throws {
        let good = TableStateCodec().encode(TableState(rebuilding: Self.table(Self.fullTable())))
        let text = String(decoding: good, as: UTF8.self)
        let cases: [(String, [UInt8], (TableStateError) -> Bool)] = [
            ("empty", [], { $0 == .empty }),
            ("truncated", Array(good.prefix(good.count / 2)), { if case .malformed = $0 { true } else { false } }),
            ("not JSON", Array("-A -t 198.18.0.1:80\n".utf8), { if case .malformed = $0 { true } else { false } }),
            (
                "future version", Array(text.replacingFirst("\"version\":1", with: "\"version\":2").utf8),
                { $0 == .unsupportedVersion(2, supported: 1) }
            ),
            (
                "no version", Array(#"{"operations":[]}"#.utf8),
                { if case .malformed(let why) = $0 { why.contains("version") } else { false } }
            ),
            (
                // Real servers without their services: the batch check refuses the whole file.
                "inconsistent",
                try Self.reordered(good) { $0.filter { ($0 as? [String: Any])?["addDestination"] != nil } },
                { if case .refused(let e) = $0 { e.index == 0 } else { false } }
            ),
        ]
        for (name, bytes, expected) in cases {
            do {
                _ = try TableStateCodec().decode(bytes)
                Issue.record("\(name): decoded")
            } catch {
                #expect(expected(error), "\(name): \(error)")
                #expect(!error.description.isEmpty)
            }
        }
    }

    /// `bytes` with its operations changed by `change` (edited as JSON, as a hand edit would).
    private static func reordered(_ bytes: [UInt8], _ change: ([Any]) -> [Any]) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        object["operations"] = change(try #require(object["operations"] as? [Any]))
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    @Test func aBatchThatFailsHalfWayRestoresNothing() throws {
        var state = TableState(rebuilding: Self.table(Self.fullTable()))
        // The last operation conflicts with the first: nothing of the file may be applied.
        state.operations.append(state.operations[0])
        let bytes = TableStateCodec().encode(state)
        #expect(throws: TableStateError.self) { try TableStateCodec().decode(bytes) }
        let director = Self.director()
        guard case .rejected(let error) = director.handle(.apply(state.operations)) else {
            Issue.record("the conflicting batch was applied")
            return
        }
        #expect(error.index == state.operations.count - 1)
        #expect(Self.table(director).services.isEmpty)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
