/// Runs iproute2 commands for lab and real-server setup (not on the data path).
public enum NetworkCommand {
    /// `ip ARGS...`; returns stdout, throws with stderr on a non-zero exit.
    @discardableResult
    public static func ip(_ arguments: [String]) throws -> String {
        try run(["ip"] + arguments)
    }

    @discardableResult
    public static func ip(_ arguments: String...) throws -> String {
        try ip(arguments)
    }

    /// Any argv, with the same error convention.
    @discardableResult
    public static func run(_ argv: [String]) throws -> String {
        let out = try Subprocess.run(argv)
        guard out.status == 0 else {
            throw NetworkCommandError(arguments: argv, status: out.status, standardError: out.stderr)
        }
        return out.stdout
    }
}
