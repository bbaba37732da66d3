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

    @OptionGroup var controlSocket: DirectorSocketOption

    func run() throws {
        let path = controlSocket.resolved
        do {
            StandardStreams.out(SyncStatusReport.text(try ControlChannel.socket(path: path).syncStatus()))
        } catch {
            StandardStreams.err("lvs sync-status: \(error)\n")
            throw ExitCode(1)
        }
    }
}
