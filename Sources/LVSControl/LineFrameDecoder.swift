import NIOCore

/// Splits the stream into lines. Each byte is looked at once: the scan resumes where the
/// previous read left it, so a long line costs linear time, and a line is refused as soon as
/// it passes `maximumLine` (the connection then gets an error answer and is closed).
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    static let maximumLine = ControlServerLimits.defaultMaximumLine

    let maximumLine: Int
    /// Bytes after the reader index already known to hold no newline.
    private var scanned = 0

    init(maximumLine: Int = LineFrameDecoder.maximumLine) {
        self.maximumLine = maximumLine
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        let start = view.startIndex + scanned
        guard let newline = view[start...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = view.count
            if scanned > maximumLine { throw ControlProtocolError.lineTooLong(limit: maximumLine) }
            return .needMoreData
        }
        let length = newline - view.startIndex
        scanned = 0
        if length > maximumLine { throw ControlProtocolError.lineTooLong(limit: maximumLine) }
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        // An unterminated last line is not a request.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
