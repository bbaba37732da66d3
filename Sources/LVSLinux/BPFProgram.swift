import CLVSLinux
import LVSXDP

#if canImport(Glibc)
import Glibc
#endif

/// A BPF program loaded with bpf(BPF_PROG_LOAD), unloaded when this and every attachment of it
/// are gone.
public final class BPFProgram: Sendable {
    /// BPF_PROG_TYPE_XDP.
    public static let xdpType: UInt32 = 6
    /// How much of the verifier's log a refusal keeps (the kernel keeps the last part).
    static let verifierLogSize = 4 << 20

    public let name: String
    let descriptor: OwnedDescriptor

    public var rawDescriptor: Int32 { descriptor.rawValue }

    /// Loads `instructions` (8 bytes each, map loads already patched). Loads without a log
    /// first (the verifier is much faster then); on a refusal loads again with the log, so the
    /// error carries the verifier's reasons.
    public init(type: UInt32, instructions: [UInt8], license: String, name: String) throws(BPFError) {
        self.name = name
        let count = UInt32(instructions.count / 8)
        var fd = clvs_bpf_prog_load(type, instructions, count, license, nil, 0, 0, name)
        if fd >= 0 {
            descriptor = OwnedDescriptor(fd)
            return
        }
        var log = [CChar](repeating: 0, count: Self.verifierLogSize)
        fd = clvs_bpf_prog_load(type, instructions, count, license, &log, UInt32(log.count), 1, name)
        let failure = Glibc.errno
        if fd >= 0 {
            // Refused without a log, accepted with one: the first refusal was not the verifier's.
            descriptor = OwnedDescriptor(fd)
            return
        }
        let text = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.isEmpty { throw .systemCall(SystemCallError(call: "bpf(BPF_PROG_LOAD \(name))", errno: failure)) }
        throw .verifierRejected(errno: failure, log: text)
    }

    /// The kernel's verdict and the frame after one BPF_PROG_TEST_RUN of an XDP program.
    public struct TestRun: Sendable {
        /// XDP_ABORTED 0, XDP_DROP 1, XDP_PASS 2, XDP_TX 3, XDP_REDIRECT 4.
        public var action: UInt32
        public var frame: [UInt8]
        /// Mean time per run as the kernel measured it.
        public var nanosecondsPerRun: UInt32
    }

    /// Runs the program on `frame` in the kernel (BPF_PROG_TEST_RUN), `repeat` times.
    public func testRun(frame: [UInt8], repeat count: UInt32 = 1) throws(BPFError) -> TestRun {
        var output = [UInt8](repeating: 0, count: frame.count + 512)
        var outputSize = UInt32(output.count)
        var action: UInt32 = 0
        var duration: UInt32 = 0
        do {
            _ = try systemCall("bpf(BPF_PROG_TEST_RUN \(name))") {
                clvs_bpf_prog_test_run(
                    descriptor.rawValue, frame, UInt32(frame.count), &output, &outputSize, &action, count, &duration)
            }
        } catch {
            throw .systemCall(error)
        }
        return TestRun(
            action: action, frame: Array(output.prefix(Int(min(outputSize, UInt32(output.count))))),
            nanosecondsPerRun: duration)
    }
}
