/// A script keepalived runs on a state change (notify_up, quorum_up, ...): the command line as
/// written (quoted or not) and the optional user and group to run it as.
public struct NotifyScript: Hashable, Sendable {
    public var command: String
    public var user: String?
    public var group: String?

    public init(command: String, user: String? = nil, group: String? = nil) {
        self.command = command
        self.user = user
        self.group = group
    }

    /// The words after the keyword, quoted so they read back the same.
    var configurationText: String {
        var text = ConfigQuoting.quoted(command)
        if let user {
            text += " " + ConfigQuoting.quoted(user)
            if let group {
                text += " " + ConfigQuoting.quoted(group)
            }
        }
        return text
    }
}
