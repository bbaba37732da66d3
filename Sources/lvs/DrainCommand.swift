import ArgumentParser
import LVSControl
import LVSLinux

/// `lvs drain`: take a running director out of service without losing a connection (a rolling
/// upgrade): its BGP routes are withdrawn at once, so the router sends new flows elsewhere; it
/// serves what it still gets until no connection is active or the timeout passes, then exits 0.
struct DrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Withdraw the director's BGP routes, serve its established connections until they end, then stop it.",
        discussion: """
            Returns at once; the director exits (status 0) when no established connection \
            has had a packet for 2 s (the router has moved them all elsewhere, or they \
            ended), after at least one second, or when --timeout seconds have passed. Needs root or \
            CAP_NET_ADMIN, as table changes do. Without --bgp-peer nothing is withdrawn, \
            but the director still stops once its connections have ended.
            """)

    @OptionGroup var controlSocket: DirectorSocketOption

    @Option(name: .customLong("timeout"), help: "Stop after this many seconds even if connections are still active.")
    var timeout: UInt32 = 300

    func run() throws {
        let path = controlSocket.resolved
        do {
            try ControlChannel.socket(path: path).drain(timeoutSeconds: timeout)
        } catch {
            StandardStreams.err("lvs drain: \(error)\n")
            throw ExitCode(1)
        }
    }
}
