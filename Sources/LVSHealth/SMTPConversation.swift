import NIOCore

/// check_smtp.c's dialogue: read the banner (220), send "HELO name\r\n", read 250, send "QUIT\r\n",
/// read one more line (any), done.
///
/// A reply is the first line only (to the first LF; the rest of that read is dropped, as
/// keepalived drops it). Its code is the first three characters when they are digits followed
/// by a space or nothing: "220-" (a multi-line banner) and "220\r" fail, as in keepalived.
struct SMTPConversation: StreamConversation {
    /// keepalived's SMTP_BUFF_MAX less its NUL: a longer line without LF is discarded and reading restarts.
    static let lineLimit = 511

    enum Stage: Sendable {
        case banner
        case helo
        case quit
    }

    let heloName: String
    private var stage = Stage.banner
    private var line: [UInt8] = []

    init(heloName: String) {
        self.heloName = heloName
    }

    mutating func connected() -> ConversationStep<Void> { .keepReading }

    mutating func received(_ bytes: ByteBuffer) -> ConversationStep<Void> {
        for byte in bytes.readableBytesView {
            if byte == 10 { return lineComplete() }
            if line.count >= Self.lineLimit { line.removeAll() }
            line.append(byte)
        }
        return .keepReading
    }

    mutating func endOfStream() -> ProbeOutcome<Void> {
        switch stage {
        case .banner: .failure(.unexpectedReply("connection closed before the SMTP banner"))
        case .helo: .failure(.unexpectedReply("connection closed before the HELO reply"))
        case .quit: .failure(.unexpectedReply("connection closed before the QUIT reply"))
        }
    }

    private mutating func lineComplete() -> ConversationStep<Void> {
        let code = Self.replyCode(line)
        let text = String(decoding: line, as: UTF8.self).trimmingSuffix("\r")
        line.removeAll()
        switch stage {
        case .banner:
            guard code == 220 else { return .finish(.failure(.unexpectedReply("bad SMTP banner: \(text)"))) }
            stage = .helo
            return .send(Array("HELO \(heloName)\r\n".utf8))
        case .helo:
            guard code == 250 else { return .finish(.failure(.unexpectedReply("bad HELO reply: \(text)"))) }
            stage = .quit
            return .send(Array("QUIT\r\n".utf8))
        case .quit:
            return .finish(.success(()))
        }
    }

    static func replyCode(_ line: [UInt8]) -> Int? {
        guard line.count >= 3, line.prefix(3).allSatisfy({ (48...57).contains($0) }) else { return nil }
        guard line.count == 3 || line[3] == 32 else { return nil }
        return line.prefix(3).reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
