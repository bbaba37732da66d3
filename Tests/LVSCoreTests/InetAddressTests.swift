import LVSVocabulary
import Testing

@testable import LVSCore

@Suite struct InetAddressTests {
    @Test(arguments: [
        ("2001:db8::1", "2001:db8::1"), ("::", "::"), ("::1", "::1"),
        ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("1:0:0:0:0:0:0:0", "1::"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
    ])
    func v6RoundTrip(input: String, printed: String) throws {
        let a = try #require(InetAddress(input))
        #expect(a.description == printed)
    }

    @Test(arguments: ["1.2.3", "256.1.1.1", "01.2.3.4", "1::2::3", ":1:2", "1:2:3:4:5:6:7:8:9", "12345::", ""])
    func rejects(_ input: String) { #expect(InetAddress(input) == nil) }

    @Test func v4() throws {
        let a = try #require(InetAddress("198.18.0.1"))
        #expect(a.isV4 && a.v4 == 0xC612_0001 && a.description == "198.18.0.1")
        #expect(a.masked(prefixLength: 24).description == "198.18.0.0")
    }
}
