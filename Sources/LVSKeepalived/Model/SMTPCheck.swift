/// `SMTP_CHECK { }`: connect, read the banner, HELO, QUIT. keepalived turns each deprecated
/// `host { }` block into one more SMTP checker; so does this model.
public struct SMTPCheck: Hashable, Sendable {
    public var heloName: String

    public static let defaultHeloName = "smtpchecker.keepalived.org"

    public init(heloName: String = SMTPCheck.defaultHeloName) {
        self.heloName = heloName
    }
}
