import LVSTestSupport
import LVSWire

func parse(_ bytes: [UInt8], parser: FrameParser = FrameParser()) -> ParseResult {
    withFrame(bytes) { parser.parse($0) }
}
