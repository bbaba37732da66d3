import ArgumentParser
import LVSLabServices
import LVSLinux

/// `lvs lab-http-get URL`: the lab's curl (hidden). Prints the body of a 2xx answer; anything
/// else is a message on stderr and exit 1.
struct DemoHTTPGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab-http-get",
        abstract: "GET an http:// URL (IP literal host) with Connection: close and print the body.",
        shouldDisplay: false)

    @Argument(help: "http://ADDRESS[:PORT][/PATH]")
    var url: String

    @Option(help: "Seconds for the whole exchange.")
    var timeout: Double = 2

    func run() throws {
        do {
            let target = try LabURL(parsing: url)
            guard timeout > 0, timeout <= 3600 else {
                throw LabServiceError("--timeout must be between 0 and 3600 seconds")
            }
            let response = try LabHTTPClient.get(target, timeoutMilliseconds: Int64(timeout * 1000))
            // As `curl -f`: an error page is not printed as if it were the answer.
            guard (200..<300).contains(response.status) else {
                throw LabServiceError("\(target.authority): HTTP \(response.status) \(response.reason)")
            }
            StandardStreams.out(response.bodyText)
        } catch let error as LabServiceError {
            StandardStreams.err("lab-http-get: \(error)\n")
            throw ExitCode(1)
        }
    }
}
