import IPVSAdm
import LVSControl
import LVSCore
import LVSVocabulary
import Testing

/// ipvsadm run in-process against a director's control service: the same parser, runner and
/// formatters as `lvs ipvsadm`, without the socket, so a test reads the tables a user would.
public struct InProcessIPVSAdm {
    public let runner: IPVSAdmRunner

    public init(_ service: any ControlService) {
        runner = IPVSAdmRunner(control: ControlChannel.inProcess(service), resolver: NumericOnlyResolver())
    }

    /// Runs one ipvsadm command line (split on spaces); fails the test on a non-zero exit.
    @discardableResult
    public func callAsFunction(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let o = runner.outcome(arguments: line.split(separator: " ").map(String.init), stdin: { nil })
        #expect(o.exitCode == 0, "ipvsadm \(line): \(o.stderr)", sourceLocation: sourceLocation)
        return o.stdout
    }

    /// `-A service options`, then `-a service -r server forward` for each server in order (the
    /// schedulers see servers in the order they were added, as the kernel's do).
    public func addService(
        _ service: String, options: String = "-s rr", servers: [String], forward: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        callAsFunction("-A \(service) \(options)", sourceLocation: sourceLocation)
        for server in servers {
            callAsFunction("-a \(service) -r \(server) \(forward)", sourceLocation: sourceLocation)
        }
    }
}
