import ArgumentParser
import LVSControl
import LVSLinux
import LVSSync

/// `lvs sync-status`: asks a running director for its sync daemons' state and counters.
struct SyncStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-status",
        abstract: "Show the director's connection-sync daemons and their counters (sent, received, refused by reason)."
    )

    @Option(
        name: .customLong("control-socket"),
        help: "The director's control socket (default: $LVS_CONTROL_SOCKET or /run/lvs/control.sock).")
    var controlSocket: String?

    func run() throws {
        let path = controlSocket ?? ControlSocketPath.resolve(ProcessInfoEnvironment.current)
        do {
            StandardStreams.out(SyncStatusReport.text(try ControlChannel.socket(path: path).syncStatus()))
        } catch {
            StandardStreams.err("lvs sync-status: \(error)\n")
            throw ExitCode(1)
        }
    }
}
