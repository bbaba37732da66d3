import LVSControl
import LVSCore
import LVSVocabulary
import Testing

/// `lvs drain` travels as `ControlRequest.drain`: a change (CAP_NET_ADMIN), served by the
/// `lvs director` daemon; a table's own service refuses it rather than pretend to drain.
@Suite("lvs drain over the control socket")
struct DrainRequestTests {
    @Test("drain is a change, round-trips through the codec, and a bare table refuses it")
    func drainRequest() throws {
        let request = ControlRequest.drain(timeoutSeconds: 30)
        #expect(!request.isReadOnly)
        let codec = ControlCodec()
        #expect(try codec.decodeRequest(codec.encode(request)) == request)
        let engine = EngineControlService(clock: { Instant(milliseconds: 0) })
        guard case .failure(let why) = engine.handle(request) else {
            Issue.record("a table without the daemon answered drain as done")
            return
        }
        #expect(why.contains("lvs director"))
        // Through the channel, the same refusal is an error for `lvs drain` to print.
        #expect(throws: IPVSControlError.self) { try ControlChannel.inProcess(engine).drain(timeoutSeconds: 30) }
    }
}
