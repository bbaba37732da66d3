import IPVSAdm
import LVSControl
import LVSControlTestSupport
import LVSCore
import LVSVocabulary
import Testing

/// The daemon re-validates every request: whatever ipvsadm can send passes, and values it
/// could never send are refused (EINVAL, "Invalid operation") with the table left unchanged.
@Suite("Control request re-validation")
struct ControlRequestValidationTests {
    /// ipvsadm commands covering every option that reaches the table.
    static let acceptedCommands = [
        "-A -t 198.18.0.1:80 -s rr -p 100 -M 255.255.255.0 -b flag-1",
        "-a -t 198.18.0.1:80 -r 198.18.1.2:8080 -m -w 5 -x 10 -y 2",
        "-a -t 198.18.0.1:80 -r 198.18.1.3 -g -w 2147483647",
        "-a -t 198.18.0.1:80 -r 198.18.1.4 -i --tun-type gue --tun-port 6080 --tun-csum",
        "-a -t 198.18.0.1:80 -r 198.18.1.5 -i --tun-type gre --tun-csum",
        "-a -t 198.18.0.1:80 -r 2001:db8::5 -i",
        "-e -t 198.18.0.1:80 -r 198.18.1.3 -g -w 0",
        "-A -u 198.18.0.2:53 -s sh -b sh-fallback,sh-port -o",
        "-A -u 198.18.0.3:0 -s mh -b mh-port -p",
        "-A -f 7 -s wlc -p 3600",
        "-A -f 8 -6 -s lc -p 60 -M 64",
        "-a -f 8 -6 -r [2001:db8::9]:80 -m",
        "-A -t [2001:db8::1]:443 -s wrr --pe sip -p 30",
        "-A --sctp-service 198.18.0.4:3868 -s nq",
        "-E -t 198.18.0.1:80 -s lblc",
        "--set 900 120 300",
        "--set 0 0 2678400",
        "--start-daemon master --mcast-interface lo --syncid 7 --sync-maxlen 1400 --mcast-group 224.0.0.90 --mcast-port 8850 --mcast-ttl 3",
        "--start-daemon backup --mcast-interface lo --mcast-group ff02::1:3",
        "-Z -t 198.18.0.1:80",
        "-Z",
        "-d -t 198.18.0.1:80 -r 198.18.1.3",
        "-D -u 198.18.0.2:53",
        "--stop-daemon master",
        "-C",
    ]

    @Test("every ipvsadm command that reaches the table passes the daemon's checks")
    func ipvsadmRequestsPass() {
        let served = ServedLikeTheSocket()
        let ipvsadm = InProcessIPVSAdm(served)
        for command in Self.acceptedCommands {
            ipvsadm(command)
        }
    }

    static let vip = InetAddress(v4: 0xC612_0001)
    static let http = ServiceKey.address(.tcp, vip, 80)
    static func server(_ change: (inout DestinationConfig) -> Void) -> AdminOperation {
        var d = DestinationConfig(key: DestinationKey(address: InetAddress(v4: 0xC612_0102), port: 80))
        change(&d)
        return .addDestination(http, d)
    }
    static func service(_ change: (inout ServiceConfig) -> Void) -> AdminOperation {
        var c = ServiceConfig(key: .address(.tcp, InetAddress(v4: 0xC612_0009), 80), scheduler: "rr")
        change(&c)
        return .addService(c)
    }
    static var highBitsVIP: InetAddress {
        var a = InetAddress(v4: 0xC612_0001)
        a.high = 1
        return a
    }

    /// Values ipvsadm's parser refuses (or never produces), each in an otherwise valid batch.
    static let refused: [(String, AdminOperation)] = [
        (
            "IPv4 key with high bits", .addService(ServiceConfig(key: .address(.tcp, highBitsVIP, 80), scheduler: "rr"))
        ),
        (
            "IPv4 key above 32 bits",
            .addService(
                ServiceConfig(
                    key: .address(
                        .tcp,
                        {
                            var a = vip
                            a.low |= 1 << 40
                            return a
                        }(), 80), scheduler: "rr"))
        ),
        ("firewall mark 0", .addService(ServiceConfig(key: .fwmark(0, .inet), scheduler: "rr"))),
        (
            "persistence timeout of 32 days",
            service {
                $0.flags = .persistent
                $0.timeout = 86400 * 32
            }
        ),
        (
            "persistent with timeout 0",
            service {
                $0.flags = .persistent
                $0.timeout = 0
            }
        ),
        ("timeout without persistence", service { $0.timeout = 300 }),
        ("netmask /33", service { $0.netmaskPrefix = 33 }),
        ("negative netmask", service { $0.netmaskPrefix = -1 }),
        ("unknown service flag", service { $0.flags = ServiceFlags(rawValue: 0x400) }),
        ("hashed flag", service { $0.flags = .hashed }),
        ("scheduler name of 16 bytes", service { $0.scheduler = "rrrrrrrrrrrrrrrr" }),
        ("NUL in the scheduler", service { $0.scheduler = "rr\u{0}x" }),
        (
            "engine name of 17 bytes",
            service {
                $0.flags = .persistent
                $0.timeout = 1
                $0.persistenceEngine = String(repeating: "s", count: 17)
            }
        ),
        ("zero port without persistence", service { $0.key = .address(.tcp, vip, 0) }),
        ("one-packet on TCP", service { $0.flags = .onePacket }),
        ("negative weight", server { $0.weight = -1 }),
        ("upper threshold over INT_MAX", server { $0.upperThreshold = UInt32(Int32.max) + 1 }),
        ("forwarding Local", server { $0.forward = .local }),
        ("DR server on another port", server { $0.key.port = 8080 }),
        ("tunnel port without tunnelling", server { $0.tunnelPort = 6080 }),
        ("gue type without tunnelling", server { $0.tunnelType = .gue }),
        (
            "gue without a port",
            server {
                $0.forward = .tunnel
                $0.tunnelType = .gue
            }
        ),
        (
            "ipip with a port",
            server {
                $0.forward = .tunnel
                $0.tunnelPort = 1
            }
        ),
        (
            "gre with remote checksum",
            server {
                $0.forward = .tunnel
                $0.tunnelType = .gre
                $0.tunnelFlags = .remoteChecksum
            }
        ),
        (
            "both checksum options",
            server {
                $0.forward = .tunnel
                $0.tunnelType = .gue
                $0.tunnelPort = 6080
                $0.tunnelFlags = [.checksum, .remoteChecksum]
            }
        ),
        (
            "unknown tunnel flag",
            server {
                $0.forward = .tunnel
                $0.tunnelFlags = TunnelFlags(rawValue: 4)
            }
        ),
        ("server with IPv4 high bits", server { $0.key.address.high = 7 }),
        ("IPv6 server without tunnelling", server { $0.key.address = InetAddress(v6High: 0x2001_0db8 << 32, low: 1) }),
        ("tcp timeout of 32 days", .setTimeouts(IPVSTimeouts(tcp: 86400 * 32, tcpFin: 0, udp: 0))),
        ("sync daemon without interface", .startSyncDaemon(SyncDaemonConfig(role: .master, interface: ""))),
        (
            "interface name of 16 bytes",
            .startSyncDaemon(SyncDaemonConfig(role: .master, interface: "eeeeeeeeeeeeeeee"))
        ),
        ("sync-maxlen 65508", .startSyncDaemon(SyncDaemonConfig(role: .master, interface: "lo", maxLength: 65508))),
        (
            "unicast mcast-group",
            .startSyncDaemon(SyncDaemonConfig(role: .master, interface: "lo", mcastGroup: InetAddress(v4: 0x0A00_0001)))
        ),
        ("delete with a high-bits key", .deleteService(.address(.tcp, highBitsVIP, 80))),
        ("zero with firewall mark 0", .zero(.fwmark(0, .inet6))),
    ]

    @Test("a value ipvsadm could not send is refused as EINVAL and nothing of the batch is applied")
    func refusedValues() throws {
        for (name, bad) in Self.refused {
            let served = ServedLikeTheSocket()
            let before = InProcessIPVSAdm(served)("-S -n")
            let good = AdminOperation.addService(ServiceConfig(key: Self.http, scheduler: "rr"))
            let response = served.handle(.apply([good, bad]))
            guard case .rejected(let error) = response else {
                Issue.record("\(name): accepted (\(response))")
                continue
            }
            #expect(error.index == 1 && error.error == .einval && error.operation == bad, "\(name)")
            #expect(InProcessIPVSAdm(served)("-S -n") == before, "\(name): the table changed")
        }
    }

    @Test("ipvsadm prints the kernel's EINVAL words for a refused value")
    func refusalAsIpvsadmPrintsIt() {
        let served = ServedLikeTheSocket()
        let channel = ControlChannel.inProcess(served)
        var bad = ServiceConfig(key: Self.http, scheduler: "rr")
        bad.netmaskPrefix = 200
        do {
            try channel.apply([.addService(bad)])
            Issue.record("accepted")
        } catch {
            guard case .rejected(let batch) = error else { return #expect(Bool(false), "\(error)") }
            #expect(
                KernelErrorText.message(for: batch.operation, error: batch.error)
                    == "Invalid operation.  Possibly wrong module version, address not unicast, ...")
        }
    }

    @Test("addresses of ownership and announce requests must be canonical")
    func ownershipAddresses() {
        let served = ServedLikeTheSocket()
        let good = InetAddress(v4: 0xC612_0001)
        #expect(served.handle(.announce([good])) == .applied)
        #expect(served.handle(.setOwnership(AddressOwnership(owner: "VI_1", held: [good]))) == .applied)
        guard case .failure(let why) = served.handle(.announce([Self.highBitsVIP])) else {
            return #expect(Bool(false), "accepted")
        }
        #expect(why.hasPrefix("invalid request:"))
        guard
            case .failure = served.handle(.setOwnership(AddressOwnership(owner: "VI_1", released: [Self.highBitsVIP])))
        else { return #expect(Bool(false), "accepted") }
    }

    @Test("an undecodable line is answered with a failure, not a crash")
    func undecodable() {
        let service = EngineControlService(clock: { Instant(milliseconds: 0) })
        for line in ["", "{", "null", #"{"apply":{"_0":[{"addService":{}}]}}"#, "\u{FF}\u{FE}"] {
            guard
                case .failure(let why) = ControlRequestServing.serve(
                    line: Array(line.utf8), peer: .root, service: service)
            else {
                Issue.record("\(line) accepted")
                continue
            }
            #expect(why.hasPrefix("bad request:"))
        }
    }
}
