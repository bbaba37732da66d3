import Foundation
import Logging
import NIOCore
import NIOPosix

/// Splits the stream into lines; a line longer than 64 MiB is an error (and closes the connection).
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    static let maximumLine = 64 << 20
    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let nl = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = nl - buffer.readerIndex
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            context.fireChannelRead(wrapInboundOut(line))
            return .continue
        }
        if buffer.readableBytes > Self.maximumLine { throw ControlProtocolError.lineTooLong }
        return .needMoreData
    }
}
