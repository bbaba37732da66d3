import LVSXDP

/// Why the tests have no compiled program to run.
enum XDPObjectBuildError: Error, CustomStringConvertible {
    case compile(String)
    case parse(BPFObjectFileError)

    var description: String {
        switch self {
        case .compile(let log): "scripts/bpf/build-xdp.sh could not compile bpf/lvs_xdp.c:\n\(log)"
        case .parse(let e): "compiled object: \(e)"
        }
    }
}
