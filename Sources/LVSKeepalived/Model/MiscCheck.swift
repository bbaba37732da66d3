/// `MISC_CHECK { }`: run a program; exit 0 is up (with misc_dynamic, 2-255 also set the weight).
public struct MiscCheck: Hashable, Sendable {
    /// `misc_path`: the command line as written.
    public var command: String
    /// `misc_timeout` in whole seconds; nil: the checker's delay_loop.
    public var timeout: UInt32?
    public var dynamic: Bool
    /// `user USER [GROUP]`; nil: global_defs' script_user.
    public var user: String?
    public var group: String?

    public init(
        command: String, timeout: UInt32? = nil, dynamic: Bool = false, user: String? = nil,
        group: String? = nil
    ) {
        self.command = command
        self.timeout = timeout
        self.dynamic = dynamic
        self.user = user
        self.group = group
    }
}
