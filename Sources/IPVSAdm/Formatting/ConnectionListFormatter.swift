import LVSCore
import LVSVocabulary

/// `ipvsadm -L -c`: the connection table as /proc/net/ip_vs_conn has it, in its order.
struct ConnectionListFormatter {
    var namer: EndpointNamer
    /// `--persistent-conn` adds the persistence-engine columns to the heading.
    var persistenceEngineColumns: Bool

    func format(_ connections: [ConnectionSnapshot]) -> String {
        heading + lines(connections)
    }

    /// The rows of some connections (a listing streamed in pieces prints them piece by piece).
    func lines(_ connections: [ConnectionSnapshot]) -> String {
        var out = ""
        for connection in connections { out += line(connection) }
        return out
    }

    var heading: String {
        var out = "IPVS connection entries\n"
        if persistenceEngineColumns {
            out +=
                "pro expire " + CFormat.left("state", 11) + " " + CFormat.left("source", 18) + " "
                + CFormat.left("virtual", 18) + " " + CFormat.left("destination", 18) + " "
                + CFormat.left("pe name", 16) + " pe_data\n"
        } else {
            out +=
                "pro expire " + CFormat.left("state", 11) + " " + CFormat.left("source", 18) + " "
                + CFormat.left("virtual", 18) + " destination\n"
        }
        return out
    }

    /// The kernel's protocol word for the Pro column ("IP" for fwmark templates).
    static func protocolName(_ proto: TransportProtocol?) -> String {
        proto?.ipvsadmName ?? "IP"
    }

    /// mm:ss of the whole seconds left (the kernel reports seconds, rounding down).
    static func expiry(_ milliseconds: Int64) -> String {
        let seconds = max(0, milliseconds / 1000)
        let minutes = seconds / 60
        let rest = seconds % 60
        return (minutes < 10 ? "0" : "") + String(minutes) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }

    private func line(_ c: ConnectionSnapshot) -> String {
        let client = namer.name(c.clientAddress, c.clientPort, proto: c.proto)
        let virtual = namer.name(c.virtualAddress, c.virtualPort, proto: c.proto)
        let destination = namer.name(c.destinationAddress, c.destinationPort, proto: c.proto)
        return CFormat.left(Self.protocolName(c.proto), 3) + " " + CFormat.left(Self.expiry(c.expiresInMilliseconds), 6)
            + " " + CFormat.left(c.stateName, 11) + " " + CFormat.left(client, 18)
            + " " + CFormat.left(virtual, 18) + " " + destination + "\n"
    }
}
