import ArgumentParser
import LVSHealth
import LVSKeepalived
import LVSLinux
import LVSVocabulary

/// `lvs genhash -s ADDRESS -p PORT -u URL [-S] [-I] [-V VHOST] [-P 1.0|1.0c|1.1] [-t SECONDS] [-v]`:
/// keepalived's genhash. The digest for a url's `digest` line, computed by the same code as the
/// HTTP_GET / SSL_GET checks, and printed as keepalived 2.2.7's genhash prints it.
struct GenHashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genhash",
        abstract: "Print the MD5 digest of a URL's body, as keepalived's genhash.",
        // -h is genhash's own: its usage text on stderr, exit 1.
        helpNames: [])

    @Flag(name: [.customShort("S"), .customLong("use-ssl")], help: "Use SSL connection to remote server.")
    var useSSL = false

    @Flag(name: [.customShort("I"), .customLong("use-sni")], help: "Use SNI during SSL handshake (the virtualhost).")
    var useSNI = false

    @Option(name: [.customShort("s"), .customLong("server")], help: "Remote server address.")
    var server: String?

    @Option(name: [.customShort("p"), .customLong("port")], help: "Remote server port.")
    var port: String?

    @Option(name: [.customShort("u"), .customLong("url")], help: "Remote server url.")
    var url: String?

    @Option(name: [.customShort("V"), .customLong("use-virtualhost")], help: "Virtualhost in the GET query.")
    var virtualHost: String?

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Verbose output.")
    var verbose = false

    @Flag(name: [.customShort("h"), .customLong("help")], help: "Display the usage.")
    var help = false

    @Option(name: [.customShort("P"), .customLong("protocol")], help: "HTTP protocol: 1.0, 1.0c, 1.1.")
    var httpProtocol: String?

    @Option(name: [.customShort("t"), .customLong("timeout")], help: "Timeout in seconds.")
    var timeout: String?

    static let usage = """
        Usage: lvs genhash COMMAND [OPTIONS]
        Commands:
           -s server-address -p port -u url
           -S -s server-address -p port -u url
           -h

        Options:
        Either long or short options are allowed.
           --use-ssl         -S       Use SSL connection to remote server.
           --use-sni         -I       Use SNI during SSL handshake (uses virtualhost setting; see -V).
           --server          -s       Use the specified remote server address.
           --port            -p       Use the specified remote server port.
           --url             -u       Use the specified remote server url.
           --use-virtualhost -V       Use the specified virtualhost in GET query.
           --verbose         -v       Use verbose mode output.
           --help            -h       Display this short inlined help screen.
           --protocol        -P       Use the specified HTTP protocol - '1.0', 1.0c', '1.1'.
                                        1.0c means 1.0 with 'Connection: close'
           --timeout         -t       Timeout in seconds

        """

    func run() async throws {
        guard !help, let server, let portText = port, let url else { return try usageFailure() }
        guard let portNumber = Int(portText), (1...65535).contains(portNumber) else {
            StandardStreams.err("invalid port number '\(portText)'\n")
            return try usageFailure()
        }
        guard InetAddress(server) != nil else {
            StandardStreams.err("server should be an IP, not \(server)\n")
            return try usageFailure()
        }
        var version = HTTPProtocolVersion.http10
        if let httpProtocol {
            guard let parsed = HTTPProtocolVersion(keepalivedName: httpProtocol) else {
                StandardStreams.err("invalid HTTP protocol version '\(httpProtocol)'\n")
                return try usageFailure()
            }
            version = parsed
        }
        // genhash without -t waits as long as it takes; a day stands for that here.
        var seconds = 86_400
        if let timeout {
            guard let parsed = Int(timeout.trimmingLeadingBlanks()), parsed >= 0 else {
                StandardStreams.err("invalid timeout '\(timeout)'\n")
                return try usageFailure()
            }
            seconds = parsed
        }
        let probe = HTTPProbe(
            target: ProbeTarget(host: server, port: portNumber), path: url,
            virtualHost: virtualHost, version: version,
            tls: useSSL ? TLSClientOptions(serverName: useSNI ? virtualHost : nil) : nil,
            timeout: .seconds(seconds))
        let started = ContinuousClock.now
        let outcome = await probe.run()
        let elapsed = ContinuousClock.now - started
        let microseconds =
            Int(elapsed.components.seconds) * 1_000_000
            + Int(elapsed.components.attoseconds / 1_000_000_000_000)
        let text = GenHashReport.text(
            for: outcome, tls: useSSL, verbose: verbose, path: url,
            microseconds: microseconds)
        StandardStreams.out(text.standardOutput)
        StandardStreams.err(text.standardError)
    }

    private func usageFailure() throws {
        StandardStreams.err(Self.usage)
        throw ExitCode(1)
    }
}

extension String {
    /// What strspn(" \t") skips before keepalived's strtoul of -t.
    func trimmingLeadingBlanks() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}
