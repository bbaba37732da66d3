import LVSLabServices
import Testing

@Suite("Lab HTTP messages and URLs (no root)")
struct LabHTTPMessageTests {
    @Test("URLs: IP literals with optional scheme, port and path")
    func parsesURLs() throws {
        #expect(try LabURL(parsing: "http://198.18.0.50/") == LabURL(host: "198.18.0.50", port: 80, path: "/"))
        #expect(try LabURL(parsing: "198.18.0.50") == LabURL(host: "198.18.0.50", port: 80, path: "/"))
        #expect(
            try LabURL(parsing: "http://198.18.0.50:8080/x?y=1")
                == LabURL(host: "198.18.0.50", port: 8080, path: "/x?y=1"))
        #expect(try LabURL(parsing: "http://[2001:db8::50]:81/a") == LabURL(host: "2001:db8::50", port: 81, path: "/a"))
        #expect(try LabURL(parsing: "HTTP://[2001:db8::50]").authority == "[2001:db8::50]")
        #expect(try LabURL(parsing: "http://198.18.0.50:8080").description == "http://198.18.0.50:8080/")
    }

    @Test(
        "URLs the lab cannot use are refused with the reason",
        arguments: [
            ("https://198.18.0.50/", "only http:// URLs are supported"),
            ("http://example.com/", "the host must be an IP address (the lab has no DNS)"),
            ("http://198.18.0.50:0/", "bad port '0'"),
            ("http://198.18.0.50:65536/", "bad port '65536'"),
            ("http://198.18.0.50:x/", "bad port 'x'"),
            ("http://2001:db8::1/", "write an IPv6 address in brackets, as http://[2001:db8::1]/"),
            ("http://[2001:db8::1/", "unclosed '[' in the host"),
            ("http:///", "no host"),
            ("http://198.18.0.300/", "the host must be an IP address (the lab has no DNS)"),
        ])
    func refusesURLs(text: String, why: String) {
        #expect(throws: LabServiceError("\(text): \(why)")) { try LabURL(parsing: text) }
    }

    @Test("the client's request is one GET with Connection: close")
    func requestBytes() {
        let request = LabHTTPMessage.getRequest(for: LabURL(host: "198.18.0.50", port: 8080, path: "/index.html"))
        #expect(
            String(decoding: request, as: UTF8.self)
                == "GET /index.html HTTP/1.1\r\nHost: 198.18.0.50:8080\r\nUser-Agent: lvs-lab\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        )
    }

    @Test("the server reads the request line; anything else is a bad request")
    func requestLine() {
        let line = LabHTTPRequestLine(head: Array("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(line == LabHTTPRequestLine(head: Array("GET /x HTTP/1.1\r\n\r\n".utf8)))
        #expect(line?.method == "GET")
        #expect(line?.target == "/x")
        #expect(LabHTTPRequestLine(head: Array("hello\r\n\r\n".utf8)) == nil)
        #expect(LabHTTPRequestLine(head: Array("GET x HTTP/1.1\r\n\r\n".utf8)) == nil)
        #expect(LabHTTPRequestLine(head: Array("get / HTTP/1.1\r\n\r\n".utf8)) == nil)
        #expect(LabHTTPRequestLine(head: Array("GET / SPDY/3\r\n\r\n".utf8)) == nil)
        #expect(LabHTTPRequestLine(head: []) == nil)
    }

    @Test("a real server's answer on the wire")
    func answerBytes() {
        let response = LabHTTPResponse.text(status: 200, reason: "OK", "i am rs1\n")
        #expect(
            String(decoding: response.serialized(), as: UTF8.self)
                == "HTTP/1.1 200 OK\r\nServer: lvs-lab\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\nConnection: close\r\n\r\ni am rs1\n"
        )
        #expect(
            String(decoding: response.serialized(includeBody: false), as: UTF8.self).hasSuffix(
                "Connection: close\r\n\r\n"))
    }

    @Test("the client waits for the whole answer, then parses it")
    func parsesAnswers() throws {
        let wire = LabHTTPResponse.text(status: 200, reason: "OK", "i am rs2\n").serialized()
        for cut in 0..<wire.count {
            #expect(try LabHTTPResponse.parse(Array(wire[..<cut]), complete: false) == nil)
        }
        let whole = try #require(try LabHTTPResponse.parse(wire, complete: false))
        #expect(whole.status == 200)
        #expect(whole.bodyText == "i am rs2\n")
        #expect(whole.header("content-length") == "9")
        // Bytes past Content-Length are not body.
        #expect(try LabHTTPResponse.parse(wire + Array("junk".utf8), complete: true)?.bodyText == "i am rs2\n")
        // The answer to HEAD stops after the headers, whatever Content-Length says.
        let headers = Array(wire[..<(wire.count - 9)])
        #expect(try LabHTTPResponse.parse(headers, complete: false) == nil)
        #expect(try LabHTTPResponse.parse(headers, complete: false, headRequest: true)?.body == [])
        // Without Content-Length the body ends at the close.
        let unsized = Array("HTTP/1.0 404 Not Found\r\nX: y\r\n\r\nnope".utf8)
        #expect(try LabHTTPResponse.parse(unsized, complete: false) == nil)
        let closed = try #require(try LabHTTPResponse.parse(unsized, complete: true))
        #expect(closed.status == 404)
        #expect(closed.reason == "Not Found")
        #expect(closed.bodyText == "nope")
    }

    @Test(
        "broken answers are reported, never trapped on",
        arguments: [
            ("", "the server closed the connection without answering"),
            ("HTTP/1.1 200 OK\r\n", "the server's answer is not HTTP (no end of headers)"),
            ("SSH-2.0-OpenSSH\r\n\r\n", "the server's answer is not HTTP: 'SSH-2.0-OpenSSH'"),
            ("HTTP/1.1 2000 OK\r\n\r\n", "the server's answer is not HTTP: 'HTTP/1.1 2000 OK'"),
            ("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "bad header line 'no colon'"),
            ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length '-1'"),
            (
                "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "bad Content-Length '99999999999999999999'"
            ),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", "the connection closed after 2 of 5 body bytes"),
        ])
    func brokenAnswers(wire: String, why: String) {
        #expect(throws: LabServiceError(why)) { try LabHTTPResponse.parse(Array(wire.utf8), complete: true) }
    }
}
