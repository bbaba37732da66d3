import Foundation
import LVSLinux
import LVSTestSupport
import LVSXDP

/// bpf/lvs_xdp.c compiled at test time by scripts/bpf/build-xdp.sh (the Swift toolchain's own
/// clang, the one beside `swift`), so the tests run the source as it is; a test then checks that
/// the object embedded for the director (XDPProgramObject) is exactly that compilation.
enum XDPObjectBuild {
    static let script = RepositoryPaths.root.appendingPathComponent("scripts/bpf/build-xdp.sh").path

    /// The compiled object's bytes, compiled once per test process.
    static let bytes: Result<[UInt8], XDPObjectBuildError> = {
        let output = NSTemporaryDirectory() + "lvs_xdp-\(getpid()).o"
        defer { try? FileManager.default.removeItem(atPath: output) }
        guard let run = try? Subprocess.run([script, "-o", output]) else {
            return .failure(.compile("could not run \(script)"))
        }
        guard run.status == 0 else { return .failure(.compile(run.stderr)) }
        guard let bytes = FileManager.default.contents(atPath: output) else {
            return .failure(.compile("no \(output)"))
        }
        return .success([UInt8](bytes))
    }()

    /// The parsed object.
    static let object: Result<BPFObjectFile, XDPObjectBuildError> = {
        let bytes: [UInt8]
        switch Self.bytes {
        case .failure(let e): return .failure(e)
        case .success(let b): bytes = b
        }
        do throws(BPFObjectFileError) {
            return .success(try BPFObjectFile(bytes))
        } catch {
            return .failure(.parse(error))
        }
    }()
}
