import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// An XDP program attached to an interface through a BPF link (BPF_LINK_CREATE, BPF_XDP): the
/// program stays attached while this exists; `detach()` or the end of the process removes it, so
/// a crashed director leaves no program behind.
public final class XDPAttachment: Sendable {
    public enum Mode: UInt32, Sendable {
        /// Whatever the driver supports, generic (skb) otherwise.
        case automatic = 0
        /// XDP_FLAGS_SKB_MODE: after the skb is built; works everywhere, slower.
        case generic = 2
        /// XDP_FLAGS_DRV_MODE: in the driver (veth supports it).
        case native = 4
    }

    public let interfaceIndex: Int32
    public let mode: Mode
    let link: OwnedDescriptor

    public init(_ program: BPFProgram, interfaceIndex: Int32, mode: Mode = .automatic) throws(BPFError) {
        self.interfaceIndex = interfaceIndex
        self.mode = mode
        do {
            let fd = try systemCall("bpf(BPF_LINK_CREATE xdp ifindex \(interfaceIndex))") {
                clvs_bpf_link_create_xdp(program.rawDescriptor, interfaceIndex, mode.rawValue)
            }
            link = OwnedDescriptor(fd)
        } catch {
            throw .systemCall(error)
        }
    }
}
