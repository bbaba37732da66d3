import LVSCore

/// The control socket's address: `LVS_CONTROL_SOCKET` if set, else the abstract socket
/// `@lvs/control`. An abstract name belongs to the network namespace (as the kernel's IPVS
/// table does), so `ip netns exec X ipvsadm` reaches the director of namespace X; it has no
/// file mode, the peer-credential check (`ControlAccessPolicy`) guards it. A value starting
/// with `@` is an abstract name, anything else a file path.
public enum ControlSocketPath {
    public static let defaultPath = "@lvs/control"
    /// The file path the director used by default before the abstract socket.
    public static let legacyPath = "/run/lvs/control.sock"
    public static let environmentVariable = "LVS_CONTROL_SOCKET"
    public static func resolve(_ environment: [String: String]) -> String {
        if let p = environment[environmentVariable], !p.isEmpty { return p }
        return defaultPath
    }
}
