import ArgumentParser
import IPVSAdm
import LVSControl
import LVSCore
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// `lvs top`: the running director's services and real servers with their rates and each real
/// server's share of the connections, redrawn every interval to fit the terminal.
struct TopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract:
            "Watch the director's services: rates as ipvsadm -L -n --rate, each real server's share of the connections, and drops by reason.",
        discussion: """
            The screen fits the terminal (its size read at every refresh; 80x24 when stdout is \
            not a terminal) and is redrawn in place on a terminal; elsewhere each refresh is \
            printed after the last, separated by a blank line. Real servers show their \
            forwarding method, weight, active and inactive connections and their share of the \
            service's connections as a bar; below them, the director's drops by reason since it \
            started (none without --interface).
            """)

    @OptionGroup var controlSocket: DirectorSocketOption

    @Option(name: .customLong("interval"), help: ArgumentHelp("Seconds between refreshes.", valueName: "S"))
    var interval: Double = 1

    @Flag(name: .customLong("once"), help: "Print one screen and exit.")
    var once = false

    func validate() throws {
        guard interval >= 0.1 && interval <= 3600 else {
            throw ValidationError("--interval must be between 0.1 and 3600 seconds")
        }
    }

    func run() throws {
        let path = controlSocket.resolved
        let channel = ControlChannel.socket(path: path)
        let terminal = TerminalSize.isTerminal(1)
        var first = true
        while true {
            let table: TableSnapshot
            do {
                table = try channel.snapshot(includeConnections: false)
            } catch {
                StandardStreams.err("lvs top: \(error)\n")
                throw ExitCode(1)
            }
            // A director that does not know the request (an older one) shows no drops.
            let drops = ((try? channel.dropCounts()) ?? [:]).map { (reason: $0.key, count: $0.value) }
            let size = TerminalSize.of(1) ?? .fallback
            let screen = TopScreen(columns: size.columns, rows: size.rows).lines(table, drops: drops)
                .joined(separator: "\n")
            if terminal {
                // Cursor home and screen cleared, then the new screen.
                StandardStreams.out("\u{1B}[H\u{1B}[2J" + screen + (once ? "\n" : ""))
            } else {
                StandardStreams.out((first ? "" : "\n") + screen + "\n")
            }
            first = false
            if once { return }
            usleep(UInt32(interval * 1_000_000))
        }
    }
}
