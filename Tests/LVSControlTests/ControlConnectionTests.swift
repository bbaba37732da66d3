import LVSControl
import LVSCore
import LVSVocabulary
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import LVSControl

/// One control connection on an embedded channel: lines split anywhere, a too-long line
/// answered then closed as soon as the limit passes, and an idle connection closed.
@Suite("Control connection framing and idle timeout")
struct ControlConnectionTests {
    static func channel(maximumLine: Int = 64, idle: TimeAmount = .seconds(10)) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let service = EngineControlService(clock: { Instant(milliseconds: 0) })
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(maximumLine: maximumLine)))
        try channel.pipeline.syncOperations.addHandler(
            ControlConnectionHandler(
                service: service, peer: .root, policy: ControlAccessPolicy(), idleTimeout: idle,
                logger: Logger(label: "test"), servesInline: true))
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/x")).wait()
        return channel
    }

    static func answers(_ channel: EmbeddedChannel) throws -> [ControlResponse] {
        var out: [ControlResponse] = []
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                out.append(try ControlCodec().decodeResponse(line))
            }
        }
        return out
    }

    @Test("requests split across reads and several in one read are each answered")
    func splitLines() throws {
        let channel = try Self.channel(maximumLine: 1 << 20)
        let request = Array(#"{"syncStatus":{}}"#.utf8) + [UInt8(ascii: "\n")]
        let bytes = request + request + request
        // Three requests in pieces of 5 bytes.
        for start in stride(from: 0, to: bytes.count, by: 5) {
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<min(start + 5, bytes.count)]))
        }
        #expect(try Self.answers(channel).count == 3)
        #expect(channel.isActive)
    }

    @Test("a line over the limit gets an error answer and closes the connection before its end arrives")
    func tooLong() throws {
        let channel = try Self.channel(maximumLine: 64)
        try channel.writeInbound(ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 40)))
        #expect(channel.isActive)
        // Still no newline, and the limit is passed: refused now, not when the line ends.
        try channel.writeInbound(ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 40)))
        let answers = try Self.answers(channel)
        guard case .failure(let why) = answers.first else { return #expect(Bool(false), "\(answers)") }
        #expect(why.contains("request longer than the director accepts (64 bytes)"))
        #expect(!channel.isActive)
    }

    @Test("a line that ends past the limit in one read is refused too")
    func tooLongInOneRead() throws {
        let channel = try Self.channel(maximumLine: 64)
        try channel.writeInbound(ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 65) + [10]))
        guard case .failure = try Self.answers(channel).first else { return #expect(Bool(false), "no answer") }
        #expect(!channel.isActive)
    }

    @Test("no complete request for the idle timeout closes the connection; each answer restarts it")
    func idle() throws {
        let channel = try Self.channel(idle: .seconds(10))
        let loop = channel.embeddedEventLoop
        loop.advanceTime(by: .seconds(9))
        try channel.writeInbound(ByteBuffer(bytes: Array(#"{"syncStatus":{}}"#.utf8) + [10]))
        loop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        // A partial request does not count.
        try channel.writeInbound(ByteBuffer(bytes: Array(#"{"sync"#.utf8)))
        loop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }
}
