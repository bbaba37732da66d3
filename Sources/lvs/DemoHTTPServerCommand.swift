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
