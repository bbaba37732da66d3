#if canImport(Glibc)
import Glibc
#endif
import IPVSAdm
import LVSControl
import LVSCore
import LVSDirector
import LVSLab
import LVSLinux
import Logging
import Testing
import LVSVocabulary

enum Root {
    static let isRoot = getuid() == 0
    static let skipMessage: Comment = "needs root (network namespaces, AF_PACKET rings); run `swift test` as root to forward real traffic through the director"
}

struct LabFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// ipvsadm run in-process against the director's control service: the same parser, runner
/// and formatters as `lvs ipvsadm`, without the socket.
struct InProcessIPVSAdm {
    let runner: IPVSAdmRunner

    init(_ service: WorkerControlService) {
        runner = IPVSAdmRunner(control: ControlChannel.inProcess(service), resolver: NumericOnlyResolver())
    }

    /// Runs one ipvsadm command line (split on spaces); fails the test on a non-zero exit.
    @discardableResult
    func callAsFunction(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let o = runner.outcome(arguments: line.split(separator: " ").map(String.init), stdin: { nil })
        #expect(o.exitCode == 0, "ipvsadm \(line): \(o.stderr)", sourceLocation: sourceLocation)
        return o.stdout
    }
}

/// The columns of a real-server line of `ipvsadm -L -n` (Forward Weight ActiveConn InActConn)
/// or `--stats` (Conns InPkts OutPkts InBytes OutBytes), by the server's address:port.
func serverColumns(_ listing: String, _ server: String) -> [String] {
    for line in listing.split(separator: "\n") {
        let fields = line.split(separator: " ").map(String.init)
        if fields.count >= 2, fields[0] == "->", fields[1] == server { return Array(fields.dropFirst(2)) }
    }
    return []
}

/// Round robin over two servers, seen from the client: both answered, strictly in turn
/// (a b a b ...).
func alternates(_ answers: [String]) -> Bool {
    answers.count >= 2 && answers[0] != answers[1] && answers.indices.allSatisfy { answers[$0] == answers[$0 % 2] }
}

enum Programs {
    /// An HTTP server answering every GET with `name` (and the port), quietly.
    static func http(name: String, port: Int, bind: String = "0.0.0.0", repeat count: Int = 1) -> [String] {
        ["python3", "-c", """
        import http.server as h
        class H(h.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.0'
            def do_GET(self):
                b = b'\(name)' * \(count) + b'\\n'
                self.send_response(200); self.send_header('Content-Length', str(len(b))); self.end_headers(); self.wfile.write(b)
            def log_message(self, *a): pass
        h.HTTPServer(('\(bind)', \(port)), H).serve_forever()
        """]
    }

    /// The same over IPv6 (every address, `::`).
    static func http6(name: String, port: Int) -> [String] {
        ["python3", "-c", """
        import http.server as h, socket
        class H(h.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.0'
            def do_GET(self):
                b = b'\(name)\\n'
                self.send_response(200); self.send_header('Content-Length', str(len(b))); self.end_headers(); self.wfile.write(b)
            def log_message(self, *a): pass
        class S(h.HTTPServer): address_family = socket.AF_INET6
        S(('::', \(port)), H).serve_forever()
        """]
    }

    /// A UDP server answering every datagram with `name`.
    static func udpEcho(name: String, port: Int, bind: String = "0.0.0.0") -> [String] {
        ["python3", "-c", """
        import socket
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('\(bind)', \(port)))
        while True:
            d, a = s.recvfrom(2048); s.sendto(b'\(name)', a)
        """]
    }

    /// `count` HTTP GETs; prints the length and the first 3 bytes of each body (or ERR).
    static func httpSizes(_ url: String, count: Int) -> [String] {
        ["python3", "-c", """
        import urllib.request
        for i in range(\(count)):
            try:
                b = urllib.request.urlopen('\(url)', timeout=10).read(); print(len(b), b[:3].decode(), flush=True)
            except Exception as e: print('ERR', e, flush=True)
        """]
    }

    /// `count` HTTP GETs to url, one connection each; prints one answer (or ERR) per line.
    static func httpGets(_ url: String, count: Int) -> [String] {
        ["python3", "-c", """
        import urllib.request
        for i in range(\(count)):
            try: print(urllib.request.urlopen('\(url)', timeout=5).read().decode().strip(), flush=True)
            except Exception as e: print('ERR', e, flush=True)
        """]
    }

    /// `count` UDP queries from fresh sockets (new source ports); one answer (or ERR) per line.
    static func udpQueries(_ host: String, _ port: Int, count: Int) -> [String] {
        ["python3", "-c", """
        import socket
        for i in range(\(count)):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
            try:
                s.sendto(b'q', ('\(host)', \(port))); print(s.recv(2048).decode(), flush=True)
            except Exception as e: print('ERR', e, flush=True)
            s.close()
        """]
    }

    /// Exits 0 once a TCP connect to host:port succeeds (within ~10 s).
    static func waitForTCP(_ host: String, _ port: Int) -> [String] {
        ["python3", "-c", """
        import socket, time, sys
        for i in range(200):
            try: socket.create_connection(('\(host)', \(port)), timeout=0.5).close(); sys.exit(0)
            except OSError: time.sleep(0.05)
        sys.exit(1)
        """]
    }
}

extension LabHost {
    /// What a seeds-style real server does for DR/TUN: the VIP on lo, and no ARP for it.
    func becomeRealServer(vip: String) throws {
        try run {
            for (k, v) in [("net.ipv4.conf.all.arp_ignore", "1"), ("net.ipv4.conf.all.arp_announce", "2"),
                           ("net.ipv4.conf.lo.arp_ignore", "1"), ("net.ipv4.conf.lo.arp_announce", "2")] {
                try Sysctl.write(k, v)
            }
        }
        try ip("addr", "add", vip + "/32", "dev", "lo")
    }

    func lines(_ argv: [String]) throws -> [String] {
        let out = try exec(argv)
        guard out.status == 0 else { throw LabFailure("\(argv.prefix(2)) exited \(out.status): \(out.stderr)") }
        return out.stdout.split(separator: "\n").map(String.init)
    }
}

let testLogger: Logger = {
    var l = Logger(label: "lvs.test.director")
    l.logLevel = .warning
    return l
}()
