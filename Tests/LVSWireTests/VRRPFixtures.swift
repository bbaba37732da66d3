import Foundation
import LVSTestSupport
import LVSVocabulary

/// The adverts the real keepalived 2.2.7 sent (Fixtures/vrrp, captured by capture.sh there).
enum VRRPFixtures {
    static let directory = RepositoryPaths.root.appendingPathComponent("Fixtures/vrrp")
    /// keepalived without use_vmac sends from the interface's MAC.
    static let speakerMAC = MACAddress(0x0200_0000_5001)
    static let speaker4 = InetAddress("198.18.50.1")!
    static let speaker6 = InetAddress("fe80::ff:fe00:5001")!

    /// Frames of one file, one hex line each.
    static func frames(_ name: String) -> [[UInt8]] {
        let url = directory.appendingPathComponent(name + ".hex")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { line in
            var bytes: [UInt8] = []
            var index = line.startIndex
            while index < line.endIndex, let next = line.index(index, offsetBy: 2, limitedBy: line.endIndex) {
                bytes.append(UInt8(line[index..<next], radix: 16) ?? 0)
                index = next
            }
            return bytes
        }
    }

    static var v2Pass: [[UInt8]] { frames("v2-pass") }
    static var v3IPv4: [[UInt8]] { frames("v3-ipv4") }
    static var v3IPv6: [[UInt8]] { frames("v3-ipv6") }
}
