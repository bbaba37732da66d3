import ArgumentParser
import LVSLabServices
import LVSLinux

/// `lvs lab-http-server --name rs1`: the real servers' web server in `lvs demo` (hidden).
struct DemoHTTPServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab-http-server",
        abstract: "Answer every HTTP GET with `i am NAME` (lab real servers).",
        shouldDisplay: false)

    @Option(help: "The name in the answer.")
    var name: String

    @Option(help: "TCP port.")
    var port: UInt16 = 80

    @Option(help: "Address to listen on (\"::\" takes IPv4 too).")
    var address: String = "::"

    func run() throws {
        let server: LabHTTPServer
        do {
            server = try LabHTTPServer(name: name, address: address, port: port)
        } catch {
            StandardStreams.err("lab-http-server: \(error)\n")
            throw ExitCode(1)
        }
        // The demo waits for this line before sending requests.
        StandardStreams.out("lab-http-server \(name) listening on port \(server.port)\n")
        server.serve()
    }
}

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
            guard timeout > 0, timeout <= 3600 else { throw LabServiceError("--timeout must be between 0 and 3600 seconds") }
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
