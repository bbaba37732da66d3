import Foundation
import LVSLab
import LVSLabServices
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(
    "The lab's HTTP server and client across namespaces", .serialized,
    Root.required(for: "network namespaces", to: "exercise the lab HTTP pair"),
    requireTool("ip", package: "iproute2"))
struct LabHTTPPairTests {
    static func twoHosts() -> [LabHostSpec] {
        Array(LabTopology.flat().filter { ["client", "rs1"].contains($0.name) })
    }

    @Test("a server in rs1 answers a client in another namespace, over IPv4 and IPv6")
    func inProcessPair() throws {
        let lab = try Lab.create(name: "http", hosts: Self.twoHosts(), base: "lvsdemot")
        defer { lab.destroy() }
        let server = try lab["rs1"].run { try LabHTTPServer(name: "rs1", port: 80) }
        let serving = Thread { server.serve() }
        serving.start()
        defer { server.stop() }

        let v4 = try lab["client"].run { try LabHTTPClient.get(LabURL(parsing: "http://198.18.0.11/")) }
        #expect(v4.status == 200)
        #expect(v4.bodyText == "i am rs1\n")
        let v6 = try lab["client"].run { try LabHTTPClient.get(LabURL(parsing: "http://[2001:db8::11]/x")) }
        #expect(v6.bodyText == "i am rs1\n")
        #expect(served(server, reaches: 2))

        // What else a real server may be sent: HEAD has no body, other methods and garbage are refused.
        let url = try LabURL(parsing: "http://198.18.0.11/")
        func send(_ text: String) throws -> LabHTTPResponse {
            try lab["client"].run { try LabHTTPClient.exchange(Array(text.utf8), with: url) }
        }
        let head = try send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "9")
        #expect(head.body.isEmpty)
        #expect(try send("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").status == 405)
        #expect(try send("hello\r\n\r\n").status == 400)
        #expect(served(server, reaches: 3))

        // A closed port is refused at once, an absent host times out within the limit.
        #expect(throws: LabServiceError("connect to 198.18.0.11:81: Connection refused")) {
            try lab["client"].run { try LabHTTPClient.get(LabURL(parsing: "http://198.18.0.11:81/")) }
        }
        let start = Date()
        #expect(throws: LabServiceError("connect to 198.18.0.99: no answer within 500 ms")) {
            try lab["client"].run {
                try LabHTTPClient.get(LabURL(parsing: "http://198.18.0.99/"), timeoutMilliseconds: 500)
            }
        }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test("lvs lab-http-server and lvs lab-http-get, the demo's pair, in two namespaces")
    func binaryPair() throws {
        let lvs = try #require(LVSBinary.url, "build lvs first (swift build)")
        let lab = try Lab.create(name: "httpbin", hosts: Self.twoHosts(), base: "lvsdemot")
        defer { lab.destroy() }
        let log = "/tmp/lvsdemot-\(getpid())-server.log"
        let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { unlink(log) }
        let server = try lab["rs1"].start(
            [lvs.path, "lab-http-server", "--name", "rs1", "--port", "80"], stdout: fd, stderr: fd)
        close(fd)
        defer { server.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("listening"), Date() < deadline {
            usleep(20_000)
        }

        let got = try lab["client"].exec([lvs.path, "lab-http-get", "http://198.18.0.11/"])
        #expect(got.status == 0)
        #expect(got.stdout == "i am rs1\n")
        #expect(got.stderr == "")

        let refused = try lab["client"].exec([lvs.path, "lab-http-get", "--timeout", "1", "http://198.18.0.11:81/"])
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr == "lab-http-get: connect to 198.18.0.11:81: Connection refused\n")
    }
}

/// The server thread counts a request after it has answered it, so the client may read the
/// answer first: wait (up to 2 s) for the count instead of racing it.
func served(_ server: LabHTTPServer, reaches count: Int) -> Bool {
    let deadline = Date().addingTimeInterval(2)
    while server.requestsServed < count && Date() < deadline { usleep(10_000) }
    return server.requestsServed == count
}
