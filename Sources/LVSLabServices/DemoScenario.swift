import LVSLab

/// Everything one mode of the demo does, as data: the lab, and the commands run on each host.
/// The demo command turns it into processes; keeping it here makes the plan checkable without root.
public struct DemoScenario: Sendable {
    public let mode: DemoMode
    public let scheduler: String
    public let hosts: [LabHostSpec]
    public let virtualAddress: String
    public let port: UInt16
    /// Real-server host names and the addresses the director sends to.
    public let realServers: [(host: String, address: String)]
    public let directorInterfaces: [String]

    public init(mode: DemoMode, scheduler: String = "rr") {
        self.mode = mode
        self.scheduler = scheduler
        virtualAddress = LabTopology.virtualAddress
        port = 80
        let hosts = mode == .nat ? LabTopology.nat() : LabTopology.flat()
        self.hosts = hosts
        directorInterfaces = mode == .nat ? ["eth0", "eth1"] : ["eth0"]
        realServers = ["rs1", "rs2"].map { name in
            let address = hosts.first { $0.name == name }?.interfaces.first?.addresses.first ?? ""
            return (name, String(address.split(separator: "/").first ?? ""))
        }
    }

    public var service: String { "\(virtualAddress):\(port)" }

    /// The URL the client asks for.
    public var url: LabURL { LabURL(host: virtualAddress, port: port) }

    /// `lvs` arguments run in the director's namespace.
    public func directorArguments(controlSocket: String) -> [String] {
        ["director"] + directorInterfaces.flatMap { ["--interface", $0] }
            // --fresh: a demo starts from an empty table whatever an earlier run left.
            + ["--control-socket", controlSocket, "--fresh", "--log-level", "warning"]
    }

    /// `lvs` arguments run in each real server's namespace; nil where the real servers need
    /// nothing (NAT: their default route already points at the director).
    public var realServerArguments: [String]? {
        switch mode {
        case .dr: ["realserver", "start", "--vip", virtualAddress]
        case .tun: ["realserver", "start", "--vip", virtualAddress, "--tunnel", "ipip"]
        case .nat: nil
        }
    }

    /// The seeds' director script: one virtual service, both real servers.
    public var ipvsadmSetup: [[String]] {
        [["-A", "-t", service, "-s", scheduler]]
            + realServers.map { ["-a", "-t", service, "-r", "\($0.address):\(port)", mode.forwardingOption] }
    }

    public static let ipvsadmListings: [[String]] = [["-L", "-n"], ["-L", "-n", "--stats"]]

    /// One line saying who is where.
    public var topologyLine: String {
        let addresses = hosts.map { host in
            let v4 = host.interfaces.compactMap { $0.addresses.first { !$0.contains(":") } }
                .map { String($0.split(separator: "/").first ?? "") }
            return "\(host.name) \(v4.joined(separator: "+"))"
        }
        return "lab: " + addresses.joined(separator: ", ") + "; VIP \(virtualAddress)"
    }
}
