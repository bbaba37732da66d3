import LVSKeepalived
import Testing

@testable import LVSHealth

@Suite("Response reduction as keepalived's lib/html.c")
struct HTTPResponseRulesTests {
    func summary(_ text: String, bodyLimit: Int = 1 << 20) -> HTTPResponseSummary? {
        var accumulator = HTTPResponseAccumulator(bodyLimit: bodyLimit)
        for byte in Array(text.utf8) { accumulator.append([byte]) }
        return accumulator.finish()
    }

    @Test("MD5 matches known vectors")
    func md5Vectors() {
        var empty = MD5()
        #expect(empty.hexDigest() == "d41d8cd98f00b204e9800998ecf8427e")
        empty.update(Array("abc".utf8))
        #expect(empty.hexDigest() == "900150983cd24fb0d6963f7d28e17f72")
        var long = MD5()
        long.update(Array(String(repeating: "1234567890", count: 8).utf8))
        #expect(long.hexDigest() == "57edf4a22be3c955ac49da2e2107b67a")
    }

    @Test("status code: three digits between spaces, else 0")
    func statusCodes() {
        #expect(HTTPResponseAccumulator.statusCode(in: Array("HTTP/1.0 503 Busy\r\n\r\n".utf8)) == 503)
        #expect(HTTPResponseAccumulator.statusCode(in: Array("HTTP/1.1 200\r\n\r\n".utf8)) == 0)
        #expect(HTTPResponseAccumulator.statusCode(in: Array("HTTP/1.1 2x0 OK\r\n\r\n".utf8)) == 0)
        #expect(HTTPResponseAccumulator.statusCode(in: Array("garbage\r\n\r\n".utf8)) == 0)
    }

    @Test("the digest covers the body after CRLF CRLF, at most Content-Length bytes")
    func digestRules() throws {
        let plain = try #require(summary("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nabc"))
        #expect(plain.digest == "900150983cd24fb0d6963f7d28e17f72")
        #expect(plain.statusCode == 200)
        let capped = try #require(summary("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabcdef"))
        #expect(capped.digest == "900150983cd24fb0d6963f7d28e17f72")
        #expect(capped.bodyLength == 6)
        let lowercase = try #require(summary("HTTP/1.0 200 OK\r\ncontent-length: 3\r\n\r\nabcdef"))
        #expect(lowercase.contentLength == nil)
        let malformed = try #require(summary("HTTP/1.0 200 OK\r\nContent-Length: 3x\r\n\r\nabcdef"))
        #expect(malformed.contentLength == nil)
        #expect(summary("HTTP/1.0 200 OK\nServer: x\n\nabc") == nil)
        let empty = try #require(summary("HTTP/1.0 204 No Content\r\n\r\n"))
        #expect(empty.digest == "d41d8cd98f00b204e9800998ecf8427e")
    }

    @Test("status sets, digests and regexes are judged in keepalived's order")
    func expectations() throws {
        let response = try #require(summary("HTTP/1.0 503 Busy\r\n\r\nbusy now"))
        #expect(HTTPURLExpectation().evaluate(response).failure?.description == "HTTP status 503 not in 200-299")
        let codes = try #require(HTTPStatusCodes(words: ["200", "500-504"]))
        #expect(HTTPURLExpectation(statusCodes: codes).evaluate(response).isSuccess)
        #expect(HTTPStatusCodes(words: ["99"]) == nil)
        #expect(HTTPStatusCodes(words: ["300-200"]) == nil)
        let wrongDigest = HTTPURLExpectation(statusCodes: codes, digest: "00000000000000000000000000000000")
        #expect(wrongDigest.evaluate(response).failure?.description.hasPrefix("digest mismatch") == true)
        let upperDigest = HTTPURLExpectation(statusCodes: codes, digest: response.digest.uppercased())
        #expect(upperDigest.evaluate(response).isSuccess)
        let matching = HTTPURLExpectation(statusCodes: codes, bodyPattern: HTTPBodyPattern(pattern: "b[a-z]+y"))
        #expect(matching.evaluate(response).isSuccess)
        let busy = HTTPBodyPattern(pattern: "busy", failsOnMatch: true)
        let noMatch = HTTPURLExpectation(statusCodes: codes, bodyPattern: busy)
        #expect(noMatch.evaluate(response).failure == .regexMatched(pattern: "busy"))
        let caseless = HTTPBodyPattern(pattern: "BUSY", options: ["caseless"])
        #expect(HTTPURLExpectation(statusCodes: codes, bodyPattern: caseless).evaluate(response).isSuccess)
        let broken = HTTPURLExpectation(statusCodes: codes, bodyPattern: HTTPBodyPattern(pattern: "(unclosed"))
        #expect(broken.evaluate(response).isSuccess == false)
    }
}
