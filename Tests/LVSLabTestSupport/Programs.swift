/// Small python3 programs the lab tests run in the hosts: servers for the real servers, clients
/// that print one answer a line. Suites that use them require python3 (`requireTool`).
public enum Programs {
    /// An HTTP server answering every GET with `name` (and the port), quietly.
    public static func http(name: String, port: Int, bind: String = "0.0.0.0", repeat count: Int = 1) -> [String] {
        [
            "python3", "-c",
            """
            import http.server as h
            class H(h.BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.0'
                def do_GET(self):
                    b = b'\(name)' * \(count) + b'\\n'
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(b)))
                    self.end_headers()
                    self.wfile.write(b)
                def log_message(self, *a): pass
            h.HTTPServer(('\(bind)', \(port)), H).serve_forever()
            """,
        ]
    }

    /// The same over IPv6 (every address, `::`).
    public static func http6(name: String, port: Int) -> [String] {
        [
            "python3", "-c",
            """
            import http.server as h, socket
            class H(h.BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.0'
                def do_GET(self):
                    b = b'\(name)\\n'
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(b)))
                    self.end_headers()
                    self.wfile.write(b)
                def log_message(self, *a): pass
            class S(h.HTTPServer): address_family = socket.AF_INET6
            S(('::', \(port)), H).serve_forever()
            """,
        ]
    }

    /// A UDP server answering every datagram with `name`.
    public static func udpEcho(name: String, port: Int, bind: String = "0.0.0.0") -> [String] {
        [
            "python3", "-c",
            """
            import socket
            s = socket.socket(socket.\(bind.contains(":") ? "AF_INET6" : "AF_INET"), socket.SOCK_DGRAM); s.bind(('\(bind)', \(port)))
            while True:
                d, a = s.recvfrom(2048); s.sendto(b'\(name)', a)
            """,
        ]
    }

    /// `count` HTTP GETs; prints the length and the first 3 bytes of each body (or ERR).
    public static func httpSizes(_ url: String, count: Int) -> [String] {
        [
            "python3", "-c",
            """
            import urllib.request
            for i in range(\(count)):
                try:
                    b = urllib.request.urlopen('\(url)', timeout=10).read(); print(len(b), b[:3].decode(), flush=True)
                except Exception as e: print('ERR', e, flush=True)
            """,
        ]
    }

    /// `count` HTTP GETs to url, one connection each; prints one answer (or ERR) per line.
    public static func httpGets(_ url: String, count: Int) -> [String] {
        [
            "python3", "-c",
            """
            import urllib.request
            for i in range(\(count)):
                try: print(urllib.request.urlopen('\(url)', timeout=5).read().decode().strip(), flush=True)
                except Exception as e: print('ERR', e, flush=True)
            """,
        ]
    }

    /// `count` UDP queries from fresh sockets (new source ports); one answer (or ERR) per line.
    public static func udpQueries(_ host: String, _ port: Int, count: Int) -> [String] {
        [
            "python3", "-c",
            """
            import socket
            for i in range(\(count)):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
                try:
                    s.sendto(b'q', ('\(host)', \(port))); print(s.recv(2048).decode(), flush=True)
                except Exception as e: print('ERR', e, flush=True)
                s.close()
            """,
        ]
    }

    /// Exits 0 once a TCP connect to host:port succeeds (within ~10 s).
    public static func waitForTCP(_ host: String, _ port: Int) -> [String] {
        [
            "python3", "-c",
            """
            import socket, time, sys
            for i in range(200):
                try: socket.create_connection(('\(host)', \(port)), timeout=0.5).close(); sys.exit(0)
                except OSError: time.sleep(0.05)
            sys.exit(1)
            """,
        ]
    }
}
