import LVSMetrics
import Logging
import NIOCore
import NIOHTTP1

/// Answers one HTTP connection's requests: GET (or HEAD) /metrics, / and /status; 404 for other
/// paths and 405 for other methods.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let pages: any MetricsPages
    private let logger: Logger
    private var request: HTTPRequestHead?

    init(pages: any MetricsPages, logger: Logger) {
        self.pages = pages
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(context: context, head: head)
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        let status: HTTPResponseStatus
        let contentType: String
        let body: [UInt8]
        if head.method != .GET && head.method != .HEAD {
            (status, contentType, body) = (.methodNotAllowed, "text/plain", Array("only GET\n".utf8))
        } else {
            switch path {
            case "/metrics":
                (status, contentType) = (.ok, PrometheusExposition.contentType)
                body = pages.metrics()
            case "/", "/status":
                (status, contentType) = (.ok, StatusPage.contentType)
                body = pages.statusPage()
            default:
                (status, contentType, body) = (.notFound, "text/plain", Array("not found\n".utf8))
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
        let keepAlive = head.isKeepAlive
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
