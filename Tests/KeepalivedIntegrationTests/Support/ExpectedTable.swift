/// `ipvsadm -L -n` as ipvsadm 1.31 prints one TCP virtual service with NAT (Masq) real servers on
/// 127.0.0.1, sorted as ipvsadm sorts them: the bytes a test expects, built from the parts.
enum ExpectedTable {
    static let header = """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn

        """

    /// `service` is "ADDRESS:PORT"; `realServers` are (port on 127.0.0.1, weight).
    static func nat(service: String, scheduler: String = "rr", _ realServers: [(port: UInt16, weight: Int)]) -> String {
        header + natService(service, scheduler: scheduler, realServers)
    }

    /// One service's lines without the header, for tables of several (ipvsadm sorts services too:
    /// list them in address order).
    static func natService(
        _ service: String, scheduler: String = "rr",
        _ realServers: [(port: UInt16, weight: Int)]
    ) -> String {
        var text = "TCP  \(service) \(scheduler)\n"
        for server in realServers.sorted(by: { $0.port < $1.port }) {
            text +=
                "  -> " + padded("127.0.0.1:\(server.port)", 28) + " " + padded("Masq", 7) + " "
                + padded("\(server.weight)", 6) + " " + padded("0", 10) + " " + padded("0", 10) + "\n"
        }
        return text
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
