/// The columns of a real-server line of `ipvsadm -L -n` (Forward Weight ActiveConn InActConn)
/// or `--stats` (Conns InPkts OutPkts InBytes OutBytes), by the server's address:port; empty
/// when the listing has no such line.
public func serverColumns(_ listing: String, _ server: String) -> [String] {
    for line in listing.split(separator: "\n") {
        let fields = line.split(separator: " ").map(String.init)
        if fields.count >= 2, fields[0] == "->", fields[1] == server { return Array(fields.dropFirst(2)) }
    }
    return []
}
