import ArgumentParser
import LVSControl

/// `--control-socket` of the commands that talk to a running director.
struct DirectorSocketOption: ParsableArguments {
    @Option(
        name: .customLong("control-socket"),
        help: "The director's control socket (default: $LVS_CONTROL_SOCKET or \(ControlSocketPath.defaultPath)).")
    var path: String?

    /// The socket to use: the option, else $LVS_CONTROL_SOCKET, else the default.
    var resolved: String { path ?? ControlSocketPath.resolve(ProcessInfoEnvironment.current) }
}
