import Foundation
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSWire

/// The real kernel's sync messages (`Fixtures/oracle/sync/kernel-master.hex`, and
/// `kernel-master-v0.hex` in the old format, captured from the oracle VM's master): every one
/// decodes, and re-encoding gives the kernel's bytes back.
@Suite struct SyncMessageOracleTests {
    static let directory = RepositoryPaths.oracleFixtures.appendingPathComponent("sync")

    /// One message per line, hex.
    static func kernelMessages(_ name: String = "kernel-master") throws -> [[UInt8]] {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).hex"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let digits = Array(line.utf8)
            try #require(digits.count % 2 == 0)
            return try stride(from: 0, to: digits.count, by: 2).map { index in
                try #require(UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16))
            }
        }
    }

    @Test(arguments: [("kernel-master", 1), ("kernel-master-v0", 0)] as [(String, UInt8)])
    func everyKernelMessageDecodesAndReEncodesToTheSameBytes(name: String, version: UInt8) throws {
        let messages = try Self.kernelMessages(name)
        try #require(!messages.isEmpty)
        var total = 0
        for bytes in messages {
            let message = try SyncMessage.decode(bytes).get()
            #expect(message.protocolVersion == version)
            #expect(message.syncID == 7)
            #expect(message.skippedEntries.isEmpty)
            #expect(message.connections.count == Int(bytes[version == 0 ? 0 : 4]))
            #expect(message.encoded() == bytes)
            total += message.connections.count
        }
        #expect(total > 0)
    }

    @Test func kernelEntriesAreWhatTheCaptureSent() throws {
        let connections = try Self.kernelMessages().flatMap { try SyncMessage.decode($0).get().connections }
        let udp = connections.filter { $0.protocolNumber == IPProtocolNumber.udp }
        let templates = connections.filter(\.isTemplate)
        #expect(!udp.isEmpty)
        #expect(!templates.isEmpty)
        for connection in udp {
            // DR (3), no port translation, the UDP timeout of 300 s.
            #expect(connection.flags.forwardMethodCode == 3)
            #expect(connection.virtualAddress == addr("198.18.5.50"))
            #expect(connection.destinationAddress == addr("198.18.5.11"))
            #expect(connection.timeoutSeconds == 300)
            #expect(!connection.isIPv6)
        }
        for template in templates {
            // The persistent TCP service's template: client port 0, the -p 60 timeout.
            #expect(template.protocolNumber == IPProtocolNumber.tcp)
            #expect(template.clientPort == 0)
            #expect(template.timeoutSeconds == 60)
            #expect(template.destinationAddress == addr("198.18.5.12"))
        }
    }
}
