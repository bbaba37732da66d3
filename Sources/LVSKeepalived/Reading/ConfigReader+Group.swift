import LVSVocabulary

/// virtual_server_group (keepalived/check/check_parser.c vsg_handler, check_data.c alloc_vsg_entry).
extension ConfigReader {
    func readVirtualServerGroup(_ block: ConfigNode) {
        guard let name = argument(block, 0), requireBlock(block) else { return }
        var entries: [VirtualServerGroupEntry] = []
        for node in block.children {
            if let entry = groupEntry(node, group: name) {
                entries.append(entry)
            }
        }
        let families = Set(
            entries.compactMap { entry -> InetAddress.Family? in
                if case .addressRange(let first, _, _) = entry { return first.family }
                if case .fwmark(_, let family?) = entry { return family }
                return nil
            })
        let fwmarkWithoutFamily = entries.contains { if case .fwmark(_, nil) = $0 { true } else { false } }
        if entries.isEmpty {
            log.warning("virtual server group \(name) has no entries - removing", at: block.location)
            return
        }
        if families.count == 2 && fwmarkWithoutFamily {
            log.error(
                "virtual server group \(name) cannot have IPv4, IPv6 and fwmark without family - removing",
                at: block.location)
            return
        }
        groups.append(VirtualServerGroup(name: name, entries: entries, location: block.location))
    }

    private func groupEntry(_ node: ConfigNode, group: String) -> VirtualServerGroupEntry? {
        if node.keyword == "fwmark" {
            guard let text = argument(node, 0) else { return nil }
            guard let mark = readUnsigned(text, min: 0, max: UInt32.max, at: node.location) else {
                log.error("(\(group)): fwmark '\(text)' must be in [0, \(UInt32.max)] - ignoring", at: node.location)
                return nil
            }
            guard let familyWord = node.argument(1) else { return .fwmark(mark, family: nil) }
            switch familyWord {
            case "inet": return .fwmark(mark, family: .inet)
            case "inet6": return .fwmark(mark, family: .inet6)
            default:
                log.error("(\(group)): fwmark '\(mark)' family \(familyWord) unknown - ignoring", at: node.location)
                return nil
            }
        }
        let text = node.keyword
        let portText = Self.meaningfulPort(node.argument(0))
        guard let (first, port) = readSocketAddress(text, port: portText, at: node.location) else {
            let portPart = portText.map { "/port/\($0)" } ?? ""
            log.error("Invalid virtual server group IP address \(text) \(portPart) - skipping", at: node.location)
            return nil
        }
        guard let last = rangeEnd(text, first: first, port: portText, at: node.location) else { return nil }
        return .addressRange(first: first, last: last, port: port)
    }

    /// The last address of `A`, `A-N` (last byte, or last 16-bit group for IPv6), `A-B` or `A/len`.
    private func rangeEnd(
        _ text: String, first: InetAddress, port: String?, at location: SourceLocation
    )
        -> InetAddress?
    {
        if let slash = text.firstIndex(of: "/") {
            return maskEnd(text, first: first, prefix: String(text[text.index(after: slash)...]), at: location)
        }
        guard let dash = text.firstIndex(of: "-") else { return first }
        let endText = String(text[text.index(after: dash)...])
        if endText.contains(first.isV4 ? "." : ":") {
            guard let last = Self.address(endText) else {
                log.error("Invalid range end \(text) - skipping", at: location)
                return nil
            }
            guard last.family == first.family else {
                log.error("Range address families do not match \(text) - skipping", at: location)
                return nil
            }
            guard first <= last else {
                log.error("Address range end is less than address range start - \(text) - skipping", at: location)
                return nil
            }
            return last
        }
        return shortRangeEnd(text, endText: endText, first: first, at: location)
    }

    /// `A-N` (inet_stor): N replaces the last byte (IPv4, decimal) or last group (IPv6, hex).
    private func shortRangeEnd(
        _ text: String, endText: String, first: InetAddress, at location: SourceLocation
    )
        -> InetAddress?
    {
        let radix = first.isV4 ? 10 : 16
        let digits = endText.prefix { $0.isHexDigit && Int(String($0), radix: radix) != nil }
        guard digits.count == endText.count, let end = UInt64(digits.isEmpty ? "0" : String(digits), radix: radix)
        else {
            let rest = endText.dropFirst(digits.count)
            log.error(
                "Virtual server group range '\(text)' has extra characters at end '\(rest)'", at: location,
                status: .invalidNumber)
            return nil
        }
        guard end <= (first.isV4 ? 255 : 0xffff) else {
            log.error(
                "Virtual server group range '\(text)' end '\(endText)' too large", at: location,
                status: .invalidNumber)
            return nil
        }
        var last = first
        let start = first.low & (first.isV4 ? 0xff : 0xffff)
        last.low = (first.low & ~(first.isV4 ? 0xff : 0xffff)) | end
        guard start < end else {
            log.error("Address range end is not greater than address range start - \(text) - skipping", at: location)
            return nil
        }
        return last
    }

    private func maskEnd(
        _ text: String, first: InetAddress, prefix: String, at location: SourceLocation
    )
        -> InetAddress?
    {
        let bits = first.isV4 ? 32 : 128
        guard let length = Int(prefix), length > 0, length <= bits, prefix.allSatisfy(\.isNumber) else {
            log.error("Invalid netmask - \(text) - skipping", at: location)
            return nil
        }
        guard first.masked(prefixLength: length) == first else {
            log.error("Address mask bits not empty - \(text) - skipping", at: location)
            return nil
        }
        var last = first
        if first.isV4 {
            let hostBits: UInt64 = length == 32 ? 0 : (UInt64(1) << UInt64(32 - length)) - 1
            last.low |= hostBits
        } else {
            last.high |= length >= 64 ? 0 : (length == 0 ? ~0 : (UInt64(1) << UInt64(64 - length)) - 1)
            last.low |= length >= 128 ? 0 : (length <= 64 ? ~0 : (UInt64(1) << UInt64(128 - length)) - 1)
        }
        return last
    }
}
