/// The query DNS_CHECK sends and the reply rules of check_dns.c.
///
/// Query: random id, flags with only RD set, one question (name, type, class IN). The name is
/// split at dots into labels; "" (the default) and "." are the root; a label longer than 63 bytes
/// makes no valid query.
/// Reply: datagrams shorter than a header, with another id, or that are not responses (QR clear)
/// are ignored and the check keeps waiting; a response with RCODE 0 passes, any other fails. The
/// answer section is not looked at.
public struct DNSQueryMessage: Sendable, Equatable {
    public var id: UInt16
    public var name: String
    public var type: DNSRecordType

    public init(id: UInt16, name: String, type: DNSRecordType) {
        self.id = id
        self.name = name
        self.type = type
    }

    /// The wire bytes, or nil when a label is empty inside the name or over 63 bytes.
    public func bytes() -> [UInt8]? {
        var message: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xff), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        if !trimmed.isEmpty {
            for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
                let bytes = Array(label.utf8)
                guard !bytes.isEmpty, bytes.count <= 63 else { return nil }
                message.append(UInt8(bytes.count))
                message.append(contentsOf: bytes)
            }
        }
        message.append(0)
        message.append(contentsOf: [UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xff), 0, 1])
        return message
    }

    public enum ReplyVerdict: Sendable, Equatable {
        /// Not ours or not a response: keep waiting.
        case ignore
        case success
        case failure(rcode: Int)
    }

    public func judge(reply: [UInt8]) -> ReplyVerdict {
        guard reply.count >= 12 else { return .ignore }
        let replyID = UInt16(reply[0]) << 8 | UInt16(reply[1])
        guard replyID == id, reply[2] & 0x80 != 0 else { return .ignore }
        let rcode = Int(reply[3] & 0x0f)
        return rcode == 0 ? .success : .failure(rcode: rcode)
    }
}
