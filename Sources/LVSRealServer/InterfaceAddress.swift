import LVSCore
import LVSVocabulary

/// An address configured on an interface, as `ip -o addr show` lists it.
public struct InterfaceAddress: Sendable, Equatable {
    public var interface: String
    public var address: InetAddress
    public var prefixLength: Int
    /// "host", "link", "global", ...
    public var scope: String

    public init(interface: String, address: InetAddress, prefixLength: Int, scope: String) {
        self.interface = interface
        self.address = address
        self.prefixLength = prefixLength
        self.scope = scope
    }

    /// Lines of `ip -o addr show` (`2: eth0    inet 198.18.0.11/24 brd ... scope global eth0\ ...`).
    /// Lines it does not understand are skipped.
    public static func parse(ipOutput text: String) -> [InterfaceAddress] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 4, words[0].hasSuffix(":"),
                let familyIndex = words.firstIndex(where: { $0 == "inet" || $0 == "inet6" }),
                familyIndex + 1 < words.count
            else { return nil }
            let name = words[1].split(separator: "@").first.map(String.init) ?? String(words[1])
            let cidr = words[familyIndex + 1].split(separator: "/")
            guard let address = InetAddress(String(cidr[0])) else { return nil }
            let prefix = cidr.count > 1 ? Int(cidr[1]) ?? (address.isV4 ? 32 : 128) : (address.isV4 ? 32 : 128)
            let scope =
                words.firstIndex(of: "scope").flatMap { $0 + 1 < words.count ? String(words[$0 + 1]) : nil } ?? "global"
            return InterfaceAddress(interface: name, address: address, prefixLength: prefix, scope: scope)
        }
    }
}
