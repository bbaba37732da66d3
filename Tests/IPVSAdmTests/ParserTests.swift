import IPVSAdm
import LVSCore
import LVSVocabulary
import Testing

/// What the parser sends for a command line. The expectations come from the oracle fixtures
/// in Fixtures/oracle/cli-semantics (what real ipvsadm 1.31 left in the kernel table).
@Suite struct ParserTests {
    let parser = IPVSAdmParser()

    func request(_ line: String) -> IPVSAdmRequest? {
        try? parser.parse(line.split(separator: " ").map(String.init)).get()
    }

    func operation(_ line: String) -> AdminOperation? {
        guard case .apply(let ops)? = request(line), ops.count == 1 else { return nil }
        return ops[0]
    }

    func error(_ line: String) -> IPVSAdmUsageError? {
        if case .failure(let e) = parser.parse(line.split(separator: " ").map(String.init)) { return e }
        return nil
    }

    static func v4(_ s: String) -> InetAddress { InetAddress(s)! }
    static func tcp(_ a: String, _ port: UInt16) -> ServiceKey { .address(.tcp, v4(a), port) }
    let vip = ParserTests.tcp("198.18.0.1", 80)

    // MARK: Services

    @Test func editWithoutOptionsSendsTheDefaults() {
        #expect(
            operation("-E -t 198.18.0.1:80")
                == .editService(ServiceConfig(key: vip, scheduler: "wlc", flags: [], timeout: 0, netmaskPrefix: 32)))
    }

    @Test func addWithEverything() {
        let expected = ServiceConfig(
            key: vip, scheduler: "rr", flags: [.persistent, .schedFlag1],
            timeout: 100, netmaskPrefix: 24)
        #expect(operation("-A -t 198.18.0.1:80 -s rr -p 100 -M 255.255.255.0 -b flag-1") == .addService(expected))
    }

    @Test(arguments: [
        ("-A -t 198.18.0.1:80 -p", UInt32(360)),
        ("-A -t 198.18.0.1:80 -p30", 30),
        ("-A -t 198.18.0.1:80 -p=40", 40),
        ("-A -t 198.18.0.1:80 --persistent=50", 50),
        ("-A -t 198.18.0.1:80 --persistent 60", 60),
        ("-A -t 198.18.0.1:80 -p -s rr", 360),
        ("-A -t 198.18.0.1:80 -p 2678400", 2_678_400),
    ])
    func persistenceTimeouts(_ line: String, _ timeout: UInt32) {
        guard case .addService(let c)? = operation(line) else {
            Issue.record("no service: \(line)")
            return
        }
        #expect(c.isPersistent)
        #expect(c.timeout == timeout)
    }

    @Test(arguments: [
        ("-A -t198.18.0.1:80 -srr", "rr"),
        ("-At 198.18.0.1:80", "wlc"),
        ("-A --tcp-service=198.18.0.1:80", "wlc"),
        ("--add-service -t 198.18.0.1:80 --scheduler=sh", "sh"),
    ])
    func attachedArguments(_ line: String, _ scheduler: String) {
        #expect(operation(line) == .addService(ServiceConfig(key: vip, scheduler: scheduler)))
    }

    @Test func schedulerFlagsAreCheckedAgainstTheFinalScheduler() {
        guard case .addService(let c)? = operation("-A -t 198.18.0.1:80 -b sh-port,sh-fallback -s sh") else {
            Issue.record("no service")
            return
        }
        #expect(c.flags == [.shPort, .shFallback])
        #expect(error("-A -t 198.18.0.1:80 -b sh-port")?.message == "incompatible scheduler flag `sh-port'\n")
    }

    @Test(arguments: [
        ("-A -t 198.18.0.2:080", ParserTests.tcp("198.18.0.2", 80)),
        ("-A -t 198.18.0.3:+81", ParserTests.tcp("198.18.0.3", 81)),
        ("-A -t 0x0a000001:82", ParserTests.tcp("10.0.0.1", 82)),
        ("-A -t 198.18:83", ParserTests.tcp("198.0.0.18", 83)),
        ("-A -t 0.0.0.0:80", ParserTests.tcp("0.0.0.0", 80)),
        ("-A -u 198.18.0.20:53", .address(.udp, ParserTests.v4("198.18.0.20"), 53)),
        ("-A --sctp-service 198.18.0.9:80", .address(.sctp, ParserTests.v4("198.18.0.9"), 80)),
        ("-A -t [2001:db8::1]:80", .address(.tcp, InetAddress("2001:db8::1")!, 80)),
        ("-A -t [::ffff:198.18.0.8]:80", .address(.tcp, InetAddress("::ffff:198.18.0.8")!, 80)),
        ("-A -t 2001:db8::5:80 -p", .address(.tcp, InetAddress("2001:db8::5:80")!, 0)),
        ("-A -f 7", .fwmark(7, .inet)),
        ("-A -f 4294967295", .fwmark(4_294_967_295, .inet)),
        ("-A -f 2 -6", .fwmark(2, .inet6)),
    ])
    func serviceAddresses(_ line: String, _ key: ServiceKey) {
        guard case .addService(let c)? = operation(line) else {
            Issue.record("no service: \(line)")
            return
        }
        #expect(c.key == key)
    }

    @Test(arguments: [
        ("-A -t 198.18.0.4:80 -M 255.255.240.0 -p", 20),
        ("-A -t [2001:db8::1]:80 -M 64 -p", 64),
        ("-A -t [2001:db8::1]:80 -M 64abc -p", 64),
        // The address of a later -t resets the mask ipvsadm read before it.
        ("-A -M 64 -t [2001:db8::4]:80 -p", 128),
        ("-A -f 3 -M 255.255.255.0 -6 -p 10", 128),
        ("-A -f 2 -6 -M 64 -p", 64),
        ("-A -f 4 -p -M 255.255.0.0", 16),
        ("-A -t 198.18.0.1:80", 32),
    ])
    func persistenceMasks(_ line: String, _ prefix: Int) {
        guard case .addService(let c)? = operation(line) else {
            Issue.record("no service: \(line)")
            return
        }
        #expect(c.netmaskPrefix == prefix)
    }

    @Test func onePacketOnlyForUDPAndFwmark() {
        #expect(
            operation("-A -u 198.18.0.20:53 -o").map {
                if case .addService(let c) = $0 { c.isOnePacket } else { false }
            } == true)
        #expect(operation("-A -f 2 -o") != nil)
        #expect(error("-A -t 198.18.0.20:80 -o")?.message == "One-Packet Scheduling is only for UDP virtual services\n")
    }

    // MARK: Real servers

    @Test func editServerWithoutOptionsSendsTheDefaults() {
        // No -w means weight 1; no -m/-i means DR, which also takes the service port.
        let d = DestinationConfig(key: DestinationKey(address: Self.v4("198.19.1.2"), port: 80))
        #expect(operation("-e -t 198.18.0.1:80 -r 198.19.1.2:8080") == .editDestination(vip, d))
    }

    @Test func masqueradingKeepsItsPortAndThresholds() {
        let d = DestinationConfig(
            key: DestinationKey(address: Self.v4("198.19.1.2"), port: 8080), forward: .masquerade,
            weight: 5, upperThreshold: 10, lowerThreshold: 2)
        #expect(operation("-a -t 198.18.0.1:80 -r 198.19.1.2:8080 -m -w 5 -x 10 -y 2") == .addDestination(vip, d))
    }

    @Test(arguments: [
        ("-a -t 198.18.0.1:80 -r 198.19.1.2:9090", UInt16(80)),
        ("-a -t 198.18.0.1:80 -r 198.19.1.2:9090 -i", 80),
        ("-a -t 198.18.0.1:80 -r 198.19.1.2:9090 -m", 9090),
        ("-a -t 198.18.0.1:80 -r 198.19.1.2 -m", 80),
        ("-a -f 7 -r 198.19.1.2", 0),
        ("-a -f 7 -r 198.19.1.2:8888", 8888),
        // A service given after -r has not set the port yet when -r copies it.
        ("-a -r 198.19.1.2 -m -t 198.18.0.1:80", 0),
    ])
    func serverPorts(_ line: String, _ port: UInt16) {
        guard case .addDestination(_, let d)? = operation(line) else {
            Issue.record("no server: \(line)")
            return
        }
        #expect(d.key.port == port)
    }

    @Test func deleteServerCopiesTheServicePortWhenNoneGiven() {
        #expect(
            operation("-d -t 198.18.0.1:80 -r 198.19.1.2")
                == .deleteDestination(vip, DestinationKey(address: Self.v4("198.19.1.2"), port: 80)))
    }

    @Test(arguments: [("0", Int32(0)), ("2147483647", Int32.max), ("+5", 5)])
    func weights(_ text: String, _ weight: Int32) {
        guard case .addDestination(_, let d)? = operation("-a -t 198.18.0.1:80 -r 198.19.1.2 -w \(text)") else {
            Issue.record("no server")
            return
        }
        #expect(d.weight == weight)
    }

    @Test func tunnelOptions() {
        guard
            case .addDestination(_, let d)? =
                operation("-a -t 198.18.0.1:80 -r 198.19.1.5 -i --tun-type gue --tun-port 6080 --tun-csum")
        else {
            Issue.record("no server")
            return
        }
        #expect(d.forward == .tunnel && d.tunnelType == .gue && d.tunnelPort == 6080 && d.tunnelFlags == [.checksum])
        guard case .addDestination(_, let v6)? = operation("-a -t 198.18.0.1:80 -r [2001:db8:1::2]:80 -i") else {
            Issue.record("no v6 server")
            return
        }
        #expect(v6.key.address == InetAddress("2001:db8:1::2")! && v6.tunnelType == .ipip)
    }

    // MARK: Other commands

    @Test func zeroAllOrOne() {
        #expect(operation("-Z") == .zero(nil))
        #expect(operation("-Z -t 0.0.0.0:0") == .zero(nil))
        #expect(operation("-Z -t 198.18.0.1:80") == .zero(vip))
        #expect(operation("-C") == .clear)
        #expect(operation("-D -t 198.18.0.1:80") == .deleteService(vip))
    }

    @Test func timeouts() {
        #expect(operation("--set 10 0 20") == .setTimeouts(IPVSTimeouts(tcp: 10, tcpFin: 0, udp: 20)))
    }

    @Test func syncDaemons() {
        #expect(
            operation("--start-daemon master") == .startSyncDaemon(SyncDaemonConfig(role: .master, interface: "eth0")))
        let full = SyncDaemonConfig(
            role: .backup, interface: "v0", syncID: 7, maxLength: 1000,
            mcastGroup: Self.v4("239.1.1.1"), mcastPort: 9000, mcastTTL: 3)
        #expect(
            operation(
                "--start-daemon backup --mcast-interface v0 --syncid 7 --sync-maxlen 1000 --mcast-group 239.1.1.1 --mcast-port 9000 --mcast-ttl 3"
            )
                == .startSyncDaemon(full))
        #expect(
            operation("--start-daemon backup --mcast-interface v0 --mcast-group ff02::1234").map {
                if case .startSyncDaemon(let c) = $0 { c.mcastGroup == InetAddress("ff02::1234") } else { false }
            } == true)
        #expect(operation("--stop-daemon backup --syncid 5") == .stopSyncDaemon(.backup))
    }

    @Test func listOptions() throws {
        #expect(try parser.parse([]).get() == .list(ListOptions()))
        var o = ListOptions()
        o.numeric = true
        o.stats = true
        o.exact = true
        #expect(request("-Ln --stats --exact") == .list(o))
        var c = ListOptions()
        c.connections = true
        c.persistentConnections = true
        #expect(request("-l -c --persistent-conn") == .list(c))
        var s = ListOptions()
        s.service = .fwmark(9, .inet)
        s.rate = true
        s.noSort = true
        s.thresholds = true
        #expect(request("-L -f 9 --rate --nosort --sort --thresholds") == .list(s))
        var t = ListOptions()
        t.timeout = true
        #expect(request("-L --timeout") == .list(t))
        #expect(request("-S -n") == .save(numeric: true, service: nil))
        #expect(request("-R") == .restore)
        #expect(request("-h") == .help && request("--version") == .version)
    }

    // MARK: Errors: streams and statuses

    @Test(arguments: [
        ("--foo", "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n", Int32(255)),
        ("-L --foo", "--foo: unknown option\n", 255),
        ("-Lk", "-Lk: unknown option\n", 255),
        ("-A -t", "-t: missing argument\n", 255),
        ("-L --numeric=1", "--numeric=1: option does not take an argument\n", 255),
        ("-L=n", "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n", 255),
        ("-A -t 198.18.0.1:80 -E", "invalid option `-E'\n", 2),
        ("-A --start-daemon master", "invalid option `master'\n", 2),
        ("-L foo", "unexpected argument foo\n", 2),
        ("-A -6 -f 1", "-6 used before -f\n\n", 2),
        ("-A -t [198.18.0.6]:80", "Zero port specified for non-persistent service\n", 2),
        ("-a -t 198.18.0.1:80 -r 2001:db8:1::2", "Different address family is allowed only for tunneling servers\n", 2),
        ("-list", "Illegal 'scheduler' option with the 'list' command\n", 2),
        ("-A -t 198.18.0.1:80 -b ,", "invalid scheduler flag `'\n", 2),
    ])
    func refusals(_ line: String, _ message: String, _ status: Int32) {
        #expect(error(line) == IPVSAdmUsageError(message: message, exitCode: status))
    }

    @Test func programNameAppearsInTheHints() {
        let p = IPVSAdmParser(programName: "/sbin/ipvsadm")
        guard case .failure(let e) = p.parse(["--foo"]) else {
            Issue.record("accepted")
            return
        }
        #expect(e.message == "Try `/sbin/ipvsadm -h' or '/sbin/ipvsadm --help' for more information.\n")
    }

    // MARK: Names

    struct TableResolver: NameResolver {
        func hostName(for address: InetAddress) -> String? { nil }
        func serviceName(for port: UInt16, proto: TransportProtocol) -> String? { nil }
        func address(forHost name: String, family: InetAddress.Family?) -> InetAddress? {
            switch name {
            case "web": InetAddress("198.18.0.1")
            case "v6only": InetAddress("2001:db8::1")
            case "mask": InetAddress("255.255.255.0")
            default: nil
            }
        }
        func port(forService name: String, proto: TransportProtocol) -> UInt16? {
            name == "http" && proto == .tcp ? 80 : nil
        }
    }

    @Test func hostAndServiceNamesGoThroughTheResolver() throws {
        let named = IPVSAdmParser(resolver: TableResolver())
        #expect(try named.parse(["-A", "-t", "web:http"]).get() == .apply([.addService(ServiceConfig(key: vip))]))
        // gethostbyname answers IPv4 only; UDP has no "http" here.
        #expect((try? named.parse(["-A", "-t", "v6only:80"]).get()) == nil)
        #expect((try? named.parse(["-A", "-u", "web:http"]).get()) == nil)
        guard case .apply(let ops)? = try? named.parse(["-A", "-t", "web:80", "-p", "-M", "mask"]).get(),
            case .addService(let c)? = ops.first
        else {
            Issue.record("mask by name refused")
            return
        }
        #expect(c.netmaskPrefix == 24)
    }

    // MARK: Restore input

    @Test func restoreSplitsLinesAndDropsTheProgramName() throws {
        let steps = try parser.parseRestore(
            "-A -t 198.18.0.1:80 -s rr\r\nipvsadm -Z\n\n  \t\n-a -t 198.18.0.1:80 ipvsadm -r 198.19.1.2 -m"
        ).get()
        #expect(steps.map(\.line) == [1, 2, 5])
        #expect(
            steps.map(\.request) == [
                .apply([.addService(ServiceConfig(key: vip, scheduler: "rr"))]),
                .apply([.zero(nil)]),
                .apply([
                    .addDestination(
                        vip,
                        DestinationConfig(
                            key: DestinationKey(address: Self.v4("198.19.1.2"), port: 80),
                            forward: .masquerade))
                ]),
            ])
    }

    @Test func restoreRefusesNestedRestoreAndComments() {
        #expect(
            parser.parseRestore("-R\n")
                == .failure(
                    IPVSAdmUsageError(
                        message: "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n", exitCode: 255)))
        #expect(
            parser.parseRestore("-A -t 198.18.0.4:80 # note\n")
                == .failure(IPVSAdmUsageError(message: "unexpected argument #\n", exitCode: 2)))
    }

    @Test func restoreStopsReadingAtHelp() throws {
        let steps = try parser.parseRestore("-C\n-v\n--bogus\n").get()
        #expect(steps.map(\.request) == [.apply([.clear]), .version])
    }

    // MARK: Robustness

    @Test func noWordCombinationTraps() {
        let words = [
            "-A", "-a", "-L", "-t", "-f", "-r", "-p", "-M", "-6", "-w", "-x", "-y", "-b", "--tun-type",
            "--tun-port", "-i", "-m", "-", "--", "=", "-p=", "--pe=", "[", "[]:", "[::]:", ":", "0",
            "4294967296", "99999999999999999999", "-9223372036854775808", "0x", "1.2.3.4:", "::",
            "é", "--set", "--start-daemon", "master", "--mcast-group", "ff02::1", "-b", ",", "sh-port",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var argv: [String] = []
            for _ in 0..<Int(state % 7) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                argv.append(words[Int((state >> 33) % UInt64(words.count))])
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            _ = parser.parse(argv)
        }
    }
}
