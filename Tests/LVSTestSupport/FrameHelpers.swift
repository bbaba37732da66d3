import LVSWire

/// Runs `body` over a FrameBuffer holding `bytes` after `headroom` spare bytes. The storage around
/// the frame holds junk (0xEE), so code that reads or writes outside the frame shows in the result.
public func withFrame<R>(
    _ bytes: [UInt8], headroom: Int = 64,
    _ body: (inout FrameBuffer) throws -> R
) rethrows -> R {
    var storage = [UInt8](repeating: 0xEE, count: headroom + bytes.count + 128)
    storage.replaceSubrange(headroom..<(headroom + bytes.count), with: bytes)
    return try storage.withUnsafeMutableBytes { raw in
        var frame = FrameBuffer(raw, start: headroom, count: bytes.count)
        return try body(&frame)
    }
}

/// The IP-level summary of an Ethernet frame, or nil when the parser drops it. Captures from a
/// ring may carry IPv4 checksums the sender's NIC was to fill in: `verifyIPv4Checksum: false`.
public func frameSummary(_ bytes: [UInt8], verifyIPv4Checksum: Bool = true) -> PacketSummary? {
    withFrame(bytes) { FrameParser(verifyIPv4Checksum: verifyIPv4Checksum).parse($0).ipSummary }
}

/// The Internet checksum sum of `bytes` (16-bit words, end-around carry), written independently
/// of `InternetChecksum` (byte pairs, no wide loads) so that tests can check it against this.
public func referenceSum(_ bytes: [UInt8]) -> UInt16 {
    var sum: UInt32 = 0
    var i = 0
    while i + 1 < bytes.count {
        sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
        i += 2
    }
    if i < bytes.count { sum += UInt32(bytes[i]) << 8 }
    while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
    return UInt16(sum)
}
