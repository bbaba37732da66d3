import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSSync
@testable import LVSWire

@Suite struct SyncConnectionMappingTests {
    static func connection(
        protocolNumber: UInt8 = IPProtocolNumber.tcp, flags: SyncConnectionFlags = SyncConnectionFlags(rawValue: 0),
        state: UInt16 = 1, client: String = "198.18.0.1", virtual: String = "198.18.0.50",
        destination: String = "198.18.0.11", timeoutSeconds: UInt32 = 900
    ) -> SyncConnection {
        SyncConnection(
            protocolNumber: protocolNumber, flags: flags, state: state, clientAddress: addr(client),
            clientPort: 40000, virtualAddress: addr(virtual), virtualPort: 80, destinationAddress: addr(destination),
            destinationPort: 8080, fwmark: 0, timeoutSeconds: timeoutSeconds)
    }

    @Test func tcpConnectionIntoTheTable() throws {
        // NAT, ESTABLISHED, with bits a backup does not take (SYNC, HASHED, ONE_PACKET).
        let entry = try #require(
            SyncConnectionMapping.entry(
                from: Self.connection(flags: SyncConnectionFlags(rawValue: 0x2060).withForwardMethodCode(0))))
        #expect(entry.forward == .masquerade)
        #expect(entry.tcpState == .established)
        #expect(entry.flags == [])
        #expect(entry.timeout == 900_000)
        #expect(entry.clientAddress == addr("198.18.0.1"))
        #expect(entry.destinationPort == 8080)
    }

    @Test func methodsAndFlags() throws {
        let tunnel = try #require(
            SyncConnectionMapping.entry(from: Self.connection(flags: [.inactive, .noOutput], state: 3)))
        #expect(tunnel.flags == [.inactive, .noOutput])
        let routed = try #require(
            SyncConnectionMapping.entry(from: Self.connection(flags: SyncConnectionFlags(rawValue: 3))))
        #expect(routed.forward == .route)
        let bypass = try #require(
            SyncConnectionMapping.entry(from: Self.connection(flags: SyncConnectionFlags(rawValue: 4))))
        #expect(bypass.flags.contains(.bypass))
        #expect(SyncConnectionMapping.entry(from: Self.connection(flags: SyncConnectionFlags(rawValue: 5))) == nil)
        #expect(SyncConnectionMapping.syncConnection(from: bypass)?.flags.forwardMethodCode == 4)
    }

    @Test func templatesKeepAssured() throws {
        let assured = Self.connection(flags: [.template], state: 1, timeoutSeconds: 360)
        let entry = try #require(SyncConnectionMapping.entry(from: assured))
        #expect(entry.flags == [.template, .assured])
        #expect(SyncConnectionMapping.snapshot(of: assured)?.stateName == "ASSURED")
        #expect(SyncConnectionMapping.syncConnection(from: entry) == assured)
        let fwmark = Self.connection(protocolNumber: 0, flags: [.template], state: 0)
        let row = try #require(SyncConnectionMapping.snapshot(of: fwmark))
        #expect(row.proto == nil)
        #expect(row.stateName == "NONE")
    }

    @Test func statesAndProtocols() {
        #expect(SyncConnectionMapping.snapshot(of: Self.connection(state: 3))?.stateName == "SYN_RECV")
        #expect(
            SyncConnectionMapping.snapshot(of: Self.connection(protocolNumber: IPProtocolNumber.udp, state: 0))?
                .stateName == "UDP")
        #expect(
            SyncConnectionMapping.snapshot(of: Self.connection(protocolNumber: IPProtocolNumber.sctp, state: 7))?
                .stateName == "ESTABLISHED")
        // ESP: the kernel syncs it, the core carries no such service.
        #expect(SyncConnectionMapping.entry(from: Self.connection(protocolNumber: 50, state: 0)) == nil)
        #expect(SyncConnectionMapping.entry(from: Self.connection(destination: "2001:db8::11")) == nil)
    }

    @Test func ipv6RoundTrip() throws {
        let connection = Self.connection(
            flags: SyncConnectionFlags(rawValue: 2), state: 5, client: "2001:db8::1", virtual: "2001:db8::50",
            destination: "2001:db8::11", timeoutSeconds: 120)
        let entry = try #require(SyncConnectionMapping.entry(from: connection))
        #expect(entry.family == .inet6)
        #expect(entry.forward == .tunnel)
        #expect(SyncConnectionMapping.syncConnection(from: entry) == connection)
    }

    @Test func onePacketConnectionsAreNotSent() throws {
        var entry = try #require(SyncConnectionMapping.entry(from: Self.connection(protocolNumber: 17, state: 0)))
        entry.flags.insert(.onePacket)
        #expect(SyncConnectionMapping.syncConnection(from: entry) == nil)
    }
}
