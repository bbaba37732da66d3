import LVSVocabulary

/// Addresses as keepalived's inet_stosockaddr reads them: the family from the presence of `:`,
/// anything from the first `-` or `/` on stripped, inet_pton, and a port of 1-65535 where a port
/// of all zeros means none.
extension ConfigReader {
    func readSocketAddress(
        _ text: String, port portText: String?, at location: SourceLocation
    )
        -> (address: InetAddress, port: UInt16)?
    {
        var port: UInt16 = 0
        if let portText = Self.meaningfulPort(portText) {
            guard let value = readUnsigned(portText, min: 1, max: 65535, at: location) else { return nil }
            port = UInt16(value)
        }
        guard let address = Self.address(text) else { return nil }
        return (address, port)
    }

    /// nil for no port and for a port written as zeros (keepalived treats both as none).
    static func meaningfulPort(_ text: String?) -> String? {
        guard let text, text.contains(where: { $0 != "0" }) else { return nil }
        return text
    }

    /// The address part of `A`, `A-B` or `A/len`, in the family its `:` says.
    static func address(_ text: String) -> InetAddress? {
        let end = text.firstIndex { $0 == "-" || $0 == "/" } ?? text.endIndex
        let head = String(text[..<end])
        if text.contains(":") {
            return InetAddress.parseV6(head).map { InetAddress(v6: $0) }
        }
        return InetAddress.parseV4(head).map { InetAddress(v4: $0) }
    }
}
