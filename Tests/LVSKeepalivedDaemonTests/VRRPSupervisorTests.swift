import Foundation
import LVSControl
import LVSCore
import LVSHealth
import LVSKeepalived
import LVSKeepalivedDaemon
import LVSLinux
import LVSVRRP
import LVSVocabulary
import LVSWire
import Logging
import Synchronization
import Testing

/// Every vrrp_instance of a configuration under one supervisor, against fakes.
@Suite("VRRP supervisor")
struct VRRPSupervisorTests {
    static let text = """
        global_defs {
            lvs_sync_daemon eth1
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            virtual_ipaddress {
                198.18.0.100
            }
        }
        vrrp_instance VI_2 {
            interface eth0
            virtual_router_id 52
            virtual_ipaddress {
                2001:db8::100
            }
        }
        vrrp_instance NO_VRID {
            interface eth0
            virtual_ipaddress {
                198.18.0.102
            }
        }
        """

    static func supervisor(
        _ director: RecordingDirector, statusText: StatusBox = StatusBox(), interfaceUp: Bool = true
    ) throws -> VRRPSupervisor {
        let path = "/etc/keepalived/keepalived.conf"
        let parsed = KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
        let configuration = try #require(parsed.configuration)
        return VRRPSupervisor(
            configuration: configuration,
            environment: .init(
                control: director,
                openTransport: { instance in
                    FakeVRRPTransport(
                        source: instance.family == .inet ? InetAddress("198.18.0.1")! : InetAddress("fe80::1")!)
                },
                runScript: { _, _ in }, now: { Instant(milliseconds: 0) },
                sleep: { _ in try await Task.sleep(for: .seconds(3600)) },
                publishStatus: { statusText.set($0) }, interfaceIsUp: { _ in interfaceUp },
                logger: Logger(label: "test")))
    }

    @Test func releasesEveryInstancesAddressesAndLeavesOutAnInstanceWithoutVRID() throws {
        let director = RecordingDirector()
        let supervisor = try Self.supervisor(director)
        #expect(supervisor.instances.map(\.name) == ["VI_1", "VI_2"])
        try supervisor.releaseAll()
        #expect(
            director.calls == [
                .ownership(AddressOwnership(owner: "VI_1", released: [InetAddress("198.18.0.100")!])),
                .ownership(AddressOwnership(owner: "VI_2", released: [InetAddress("2001:db8::100")!])),
            ])
    }

    @Test func startsBothSyncDaemonsWithoutAnInstanceAndShowsEachInstance() async throws {
        let director = RecordingDirector()
        let status = StatusBox()
        let supervisor = try Self.supervisor(director, statusText: status)
        await supervisor.start()
        #expect(
            Array(director.calls.prefix(2)) == [
                .apply([.startSyncDaemon(SyncDaemonConfig(role: .master, interface: "eth1"))]),
                .apply([.startSyncDaemon(SyncDaemonConfig(role: .backup, interface: "eth1"))]),
            ])
        #expect(
            status.value == """
                VRRP VI_1: BACKUP, priority 100, vrid 51 on eth0
                  adverts sent 0, received 0, became master 0
                VRRP VI_2: BACKUP, priority 100, vrid 52 on eth0
                  adverts sent 0, received 0, became master 0

                """)
        await supervisor.shutdown()
        #expect(supervisor.status(of: "VI_1")?.state == .initialize)
    }

    @Test func aReloadSaysWhetherTheInstancesChanged() throws {
        let supervisor = try Self.supervisor(RecordingDirector())
        func parsed(_ text: String) throws -> KeepalivedConfiguration {
            let path = "/etc/keepalived/other.conf"
            return try #require(
                KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
                    .configuration)
        }
        #expect(try !supervisor.changes(parsed("\n\n" + Self.text)), "the same instances on other lines")
        #expect(
            try supervisor.changes(
                parsed(Self.text.replacingOccurrences(of: "virtual_router_id 52", with: "virtual_router_id 53"))))
        #expect(
            try supervisor.changes(
                parsed(Self.text.replacingOccurrences(of: "lvs_sync_daemon eth1", with: "lvs_sync_daemon eth2"))))
    }

    @Test func anInstanceWhoseInterfaceIsDownStartsInFault() async throws {
        let director = RecordingDirector()
        let supervisor = try Self.supervisor(director, interfaceUp: false)
        await supervisor.start()
        #expect(supervisor.status(of: "VI_1")?.state == .fault)
        await supervisor.shutdown()
    }
}

/// The order the director hears about a keepalived.conf with both a virtual_server and a
/// vrrp_instance on the same address.
@Suite("keepalived start-up order")
struct KeepalivedStartupTests {
    @Test func theAddressIsReleasedBeforeItsServiceIsAdded() async throws {
        let text = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    198.18.0.100
                }
            }
            virtual_server 198.18.0.100 80 {
                lb_algo rr
                lb_kind DR
                protocol TCP
                real_server 198.18.0.11 80 {
                    weight 1
                }
            }
            """
        let path = "/etc/keepalived/keepalived.conf"
        let configuration = try #require(
            KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
                .configuration)
        let director = RecordingDirector()
        let vrrp = VRRPSupervisor(
            configuration: configuration,
            environment: .init(
                control: director, openTransport: { _ in FakeVRRPTransport(source: InetAddress("198.18.0.1")!) },
                runScript: { _, _ in }, now: { Instant(milliseconds: 0) },
                sleep: { _ in try await Task.sleep(for: .seconds(3600)) }, publishStatus: { _ in },
                logger: Logger(label: "test")))
        let checkers = KeepalivedDaemon(
            environment: .init(
                control: director, attempt: { _ in CheckAttemptResult(succeeded: true, reason: "") },
                runScript: { _, _ in }, publishStatus: { _ in }, now: { Instant(milliseconds: 0) },
                warmupFraction: { 0 }, logger: Logger(label: "test")))
        try await KeepalivedStartup.programDirector(
            configuration, vrrp: vrrp, checkers: checkers, control: director)
        await checkers.stop()
        let calls = director.calls
        #expect(calls.first == .ownership(AddressOwnership(owner: "VI_1", released: [InetAddress("198.18.0.100")!])))
        let firstService = calls.firstIndex {
            if case .apply(let operations) = $0 {
                return operations.contains { if case .addService = $0 { true } else { false } }
            }
            return false
        }
        #expect(firstService == 1, "\(calls)")
    }
}

/// What the supervisor watches for its instances: vrrp_scripts run (as script_user) and
/// track_files read, their results in the instances' priorities.
@Suite("VRRP supervisor tracking")
struct VRRPSupervisorTrackingTests {
    static let text = """
        global_defs {
            script_user nobody
        }
        vrrp_script chk {
            script "/usr/local/bin/check.sh --quick"
            weight -30
        }
        track_file state {
            file /run/state
            weight -10
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            virtual_ipaddress {
                198.18.0.100
            }
            track_script {
                chk
            }
            track_file {
                state
            }
        }
        """

    final class Box<Value: Sendable>: Sendable {
        private let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func get() -> Value { value.withLock { $0 } }
        func set(_ next: Value) { value.withLock { $0 = next } }
    }

    /// Polls `condition` every 10 ms for up to 5 s.
    static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func scriptResultsAndTrackFileValuesMoveThePriority() async throws {
        let path = "/etc/keepalived/keepalived.conf"
        let configuration = try #require(
            KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: Self.text])).parse(path: path)
                .configuration)
        let scriptSucceeds = Box(true)
        let runs = Box<[[String]]>([])
        let users = Box<[String?]>([])
        let file = Box<String?>(nil)
        let supervisor = VRRPSupervisor(
            configuration: configuration,
            environment: .init(
                control: RecordingDirector(),
                openTransport: { _ in FakeVRRPTransport(source: InetAddress("198.18.0.1")!) },
                runScript: { _, _ in },
                runTrackScript: { script, user, _ in
                    runs.set(runs.get() + [script.arguments])
                    users.set(users.get() + [user])
                    return scriptSucceeds.get()
                },
                readFile: { $0 == "/run/state" ? file.get().map { Array($0.utf8) } : nil },
                // The clock stands still (no VRRP timer runs out); the watchers poll every 10 ms.
                now: { Instant(milliseconds: 0) }, sleep: { _ in try await Task.sleep(for: .milliseconds(10)) },
                publishStatus: { _ in }, logger: Logger(label: "test")))
        await supervisor.start()
        #expect(try await Self.eventually { !runs.get().isEmpty })
        #expect(runs.get().first == ["/usr/local/bin/check.sh", "--quick"])
        #expect(users.get().first == "nobody", "as global_defs' script_user")
        #expect(supervisor.status(of: "VI_1")?.priority == 100)

        scriptSucceeds.set(false)
        #expect(try await Self.eventually { supervisor.status(of: "VI_1")?.priority == 70 })
        file.set("2\n")
        #expect(try await Self.eventually { supervisor.status(of: "VI_1")?.priority == 50 })
        scriptSucceeds.set(true)
        file.set(nil)
        #expect(try await Self.eventually { supervisor.status(of: "VI_1")?.priority == 100 })
        await supervisor.shutdown()
    }
}

extension VRRPSupervisorTrackingTests {
    @Test(arguments: [(nil, false, "4\n"), ("1\n", false, "1\n"), ("1\n", true, "4\n")])
    func initFileWritesAMissingFileOrOverwrites(existing: String?, overwrite: Bool, expected: String) async throws {
        let text = Self.text.replacingOccurrences(
            of: "    weight -10\n", with: "    weight -10\n    init_file 4\(overwrite ? " overwrite" : "")\n")
        let path = "/etc/keepalived/keepalived.conf"
        let configuration = try #require(
            KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
                .configuration)
        let file = Box<String?>(existing)
        let supervisor = VRRPSupervisor(
            configuration: configuration,
            environment: .init(
                control: RecordingDirector(),
                openTransport: { _ in FakeVRRPTransport(source: InetAddress("198.18.0.1")!) },
                runScript: { _, _ in }, runTrackScript: { _, _, _ in true },
                readFile: { $0 == "/run/state" ? file.get().map { Array($0.utf8) } : nil },
                writeFile: { if $0 == "/run/state" { file.set($1) } },
                now: { Instant(milliseconds: 0) }, sleep: { _ in try await Task.sleep(for: .seconds(3600)) },
                publishStatus: { _ in }, logger: Logger(label: "test")))
        await supervisor.start()
        #expect(file.get() == expected)
        let value = Int(expected.dropLast())!
        #expect(supervisor.status(of: "VI_1")?.priority == UInt8(100 - 10 * value))
        await supervisor.shutdown()
    }
}
