import LVSCore
import LVSVocabulary
import LVSWire

/// Incremental transport checksum update for an address (pseudo-header) and port change.
enum TransportChecksumUpdate {
    static func apply(
        _ frame: FrameBuffer, field: Int, isUDP: Bool, family: InetAddress.Family,
        oldAddress: InetAddress, newAddress: InetAddress, oldPort: UInt16, newPort: UInt16
    ) {
        var checksum = frame.u16(field)
        // A zero UDP checksum over IPv4 means none was sent; keep it that way.
        if isUDP && family == .inet && checksum == 0 { return }
        checksum = InternetChecksum.update(checksum, old: oldAddress, new: newAddress)
        checksum = InternetChecksum.update(checksum, old: oldPort, new: newPort)
        if isUDP && checksum == 0 { checksum = 0xFFFF }
        frame.set16(field, checksum)
    }
}
