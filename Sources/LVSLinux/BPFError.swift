import LVSXDP

/// A failure loading or using a BPF program: the system call's error, the verifier's refusal
/// with its log, or an object file the loader cannot use.
public enum BPFError: Error, CustomStringConvertible {
    case systemCall(SystemCallError)
    /// BPF_PROG_LOAD refused the program; `log` is the verifier's explanation (the last part
    /// of it when it did not fit).
    case verifierRejected(errno: Int32, log: String)
    case objectFile(BPFObjectFileError)
    /// A key or value of the wrong size for the map.
    case sizeMismatch(map: String, expected: Int, got: Int)
    /// A flow key or entry that has no map encoding (addresses of different families).
    case invalidFlow(String)

    public var description: String {
        switch self {
        case .systemCall(let e): "\(e)"
        case .verifierRejected(let errno, let log):
            "BPF_PROG_LOAD: the verifier rejected the program (errno \(errno)):\n\(log)"
        case .objectFile(let e): "BPF object: \(e)"
        case .sizeMismatch(let map, let expected, let got): "map \(map): \(got) bytes where \(expected) are needed"
        case .invalidFlow(let why): "XDP flow: \(why)"
        }
    }
}
