import Foundation
import LVSVocabulary
import Testing

@testable import LVSCore

@Suite("Connection rows on the control socket")
struct ConnectionWireTextTests {
    static let rows = [
        ConnectionSnapshot(
            proto: .tcp, clientAddress: InetAddress("198.18.0.100")!, clientPort: 40000,
            virtualAddress: InetAddress("198.18.0.50")!, virtualPort: 80,
            destinationAddress: InetAddress("198.18.0.11")!,
            destinationPort: 80, stateName: "ESTABLISHED", expiresInMilliseconds: 899_000),
        ConnectionSnapshot(
            proto: .udp, clientAddress: InetAddress("2001:db8::100")!, clientPort: 5353,
            virtualAddress: InetAddress("2001:db8::50")!, virtualPort: 53,
            destinationAddress: InetAddress("198.18.1.11")!, destinationPort: 53, stateName: "UDP",
            expiresInMilliseconds: 0),
        ConnectionSnapshot(
            proto: nil, clientAddress: InetAddress("198.18.0.0")!, clientPort: 0, virtualAddress: InetAddress(v4: 7),
            virtualPort: 0, destinationAddress: InetAddress("198.18.0.12")!, destinationPort: 0, stateName: "ASSURED",
            expiresInMilliseconds: 300_000, isTemplate: true, fwmark: 7),
    ]

    @Test("rows survive the text form and a table's JSON; a damaged row is refused")
    func roundTrip() throws {
        for row in Self.rows { #expect(ConnectionSnapshot(wireText: Substring(row.wireText)) == row) }
        #expect(Self.rows[0].wireText == "6 ESTABLISHED 899000 0 0 4.c6120064 40000 4.c6120032 80 4.c612000b 80")
        let table = TableSnapshot(connections: Self.rows)
        #expect(try JSONDecoder().decode(TableSnapshot.self, from: JSONEncoder().encode(table)) == table)
        for bad in [
            "", "6 ESTABLISHED", "6 X 1 2 0 4.1 1 4.1 1 4.1 1", "9 X 1 0 0 4.1 1 4.1 1 4.1 1",
            "6 X 1 0 0 5.1 1 4.1 1 4.1 1",
        ] {
            #expect(ConnectionSnapshot(wireText: Substring(bad)) == nil, "\(bad)")
        }
    }
}
