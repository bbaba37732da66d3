import LVSCore

/// The control socket's path: `LVS_CONTROL_SOCKET` if set, else `/run/lvs/control.sock`.
public enum ControlSocketPath {
    public static let defaultPath = "/run/lvs/control.sock"
    public static let environmentVariable = "LVS_CONTROL_SOCKET"
    public static func resolve(_ environment: [String: String]) -> String {
        if let p = environment[environmentVariable], !p.isEmpty { return p }
        return defaultPath
    }
}
