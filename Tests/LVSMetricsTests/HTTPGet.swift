import NIOCore
import NIOPosix

/// A one-request HTTP/1.1 client for the tests: sends GET with Connection: close and returns
/// the whole response text once the server closes.
enum HTTPGet {
    static func fetch(port: Int, path: String) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(
                ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
            var text = ""
            for try await var chunk in inbound { text += chunk.readString(length: chunk.readableBytes) ?? "" }
            return text
        }
    }
}
