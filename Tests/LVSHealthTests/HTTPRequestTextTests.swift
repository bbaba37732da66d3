import LVSHealth
import LVSKeepalived
import Testing

@Suite("The GET request as keepalived writes it")
struct HTTPRequestTextTests {
    @Test("http_protocol 1.0 (the default): no Connection header, Host is address:port")
    func http10() {
        let bytes = HTTPRequestText.bytes(path: "/", host: "127.0.0.1", port: 8080, virtualHost: nil, version: .http10)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:8080\r\n\r\n")
    }

    @Test("1.0C adds Connection: close; 1.1 says HTTP/1.1 and closes too")
    func closeVariants() {
        let closed = HTTPRequestText.bytes(
            path: "/a", host: "10.0.0.1", port: 80, virtualHost: nil,
            version: .http10Close)
        #expect(
            String(decoding: closed, as: UTF8.self)
                == "GET /a HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: 10.0.0.1:80\r\n\r\n")
        let http11 = HTTPRequestText.bytes(path: "/a", host: "10.0.0.1", port: 80, virtualHost: nil, version: .http11)
        #expect(
            String(decoding: http11, as: UTF8.self)
                == "GET /a HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: 10.0.0.1:80\r\n\r\n")
    }

    @Test("a virtualhost replaces address and port; an IPv6 address is bracketed")
    func hostHeader() {
        let vhost = HTTPRequestText.bytes(
            path: "/", host: "::1", port: 80, virtualHost: "www.example.org",
            version: .http10)
        #expect(
            String(decoding: vhost, as: UTF8.self)
                == "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: www.example.org\r\n\r\n")
        let v6 = HTTPRequestText.bytes(path: "/", host: "::1", port: 80, virtualHost: nil, version: .http10)
        #expect(
            String(decoding: v6, as: UTF8.self)
                == "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: [::1]:80\r\n\r\n")
    }

    @Test("http_protocol spellings")
    func spellings() {
        #expect(HTTPProtocolVersion(keepalivedName: "1.0c") == .http10Close)
        #expect(HTTPProtocolVersion(keepalivedName: "1.0C") == .http10Close)
        #expect(HTTPProtocolVersion(keepalivedName: "1.1") == .http11)
        #expect(HTTPProtocolVersion(keepalivedName: "2") == nil)
    }
}
