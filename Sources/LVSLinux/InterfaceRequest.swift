import CLVSLinux
import LVSVocabulary
import LVSWire

#if canImport(Glibc)
import Glibc
#endif

/// `struct ifreq` with its name filled in; the one place that writes into ifreq's unions.
struct InterfaceRequest {
    var raw = ifreq()

    init(name: String) throws(SystemCallError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count < Int(IFNAMSIZ) else {
            throw SystemCallError(call: "ifreq(\(name))", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &raw.ifr_ifrn.ifrn_name) { dst in
            for (i, b) in bytes.enumerated() { dst[i] = b }
        }
    }

    mutating func ioctl(_ fd: Int32, _ request: UInt, _ name: String) throws(SystemCallError) {
        _ = try systemCall("ioctl(\(name))") { clvs_ioctl_ptr(fd, request, &raw) }
    }

    /// ioctl with `ifr_data` pointing at `payload` (SIOCETHTOOL).
    mutating func ioctl<T>(_ fd: Int32, _ request: UInt, _ name: String, data payload: inout T) throws(SystemCallError)
    {
        try withUnsafeMutablePointer(to: &payload) { (p) throws(SystemCallError) in
            raw.ifr_ifru.ifru_data = UnsafeMutableRawPointer(p).assumingMemoryBound(to: CChar.self)
            _ = try systemCall("ioctl(\(name))") { clvs_ioctl_ptr(fd, request, &raw) }
            raw.ifr_ifru.ifru_data = nil
        }
    }
}
