import Logging
import NIOCore
import NIOPosix

/// DNS_CHECK: one query over UDP; the check passes on a response with RCODE 0 (NOERROR), even
/// an empty one, as keepalived's does.
public struct DNSProbe: Sendable {
    public var target: ProbeTarget
    /// `name`; keepalived's default is the root.
    public var name: String
    /// `type`; keepalived's default is SOA.
    public var type: DNSRecordType
    public var timeout: Duration

    public init(target: ProbeTarget, name: String = "", type: DNSRecordType = .soa, timeout: Duration) {
        self.target = target
        self.name = name
        self.type = type
        self.timeout = timeout
    }

    /// The response's bytes when it passed.
    public func run(
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = HealthLogging.defaultLogger
    ) async -> ProbeOutcome<[UInt8]> {
        let query = DNSQueryMessage(id: UInt16.random(in: 0...UInt16.max), name: name, type: type)
        guard let request = query.bytes() else { return .failure(.cannotProbe("invalid DNS name \(name)")) }
        let conversation = DNSConversation(query: query, request: request)
        return await DatagramExchange.run(conversation, target: target, timeout: timeout, group: group, logger: logger)
    }
}

struct DNSConversation: DatagramConversation {
    let query: DNSQueryMessage
    let request: [UInt8]

    mutating func received(_ datagram: ByteBuffer) -> ConversationStep<[UInt8]> {
        let reply = Array(datagram.readableBytesView)
        switch query.judge(reply: reply) {
        case .ignore: return .keepReading
        case .success: return .finish(.success(reply))
        case .failure(let rcode):
            return .finish(.failure(.unexpectedReply("DNS rcode \(rcode) (\(DNSConversation.rcodeName(rcode)))")))
        }
    }

    func deadlinePassed(after timeout: Duration) -> ProbeOutcome<[UInt8]> {
        .failure(.timeout(seconds: timeout.seconds))
    }

    static func rcodeName(_ rcode: Int) -> String {
        switch rcode {
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "rcode \(rcode)"
        }
    }
}
