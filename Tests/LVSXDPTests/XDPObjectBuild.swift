import Foundation
import LVSLinux
import LVSTestSupport
import LVSXDP

/// bpf/lvs_xdp.c compiled at test time by the Swift toolchain's own clang (the one beside
/// `swift`), so CI tests the source as it is, with no compiled object in the repository.
enum XDPObjectBuild {
    /// The toolchain's clang, or nil (with why) when there is none.
    static let clang: Result<String, XDPObjectBuildError> = {
        guard let swift = TextFile.executableOnPath("swift") else { return .failure(.noToolchain("no swift on PATH")) }
        let real = URL(fileURLWithPath: swift).resolvingSymlinksInPath()
        let candidate = real.deletingLastPathComponent().appendingPathComponent("clang").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            return .failure(.noToolchain("no clang beside \(real.path)"))
        }
        return .success(candidate)
    }()

    static let source = RepositoryPaths.root.appendingPathComponent("bpf/lvs_xdp.c").path

    /// The parsed object, compiled once per test process.
    static let object: Result<BPFObjectFile, XDPObjectBuildError> = {
        let clang: String
        switch Self.clang {
        case .failure(let e): return .failure(e)
        case .success(let c): clang = c
        }
        let output = NSTemporaryDirectory() + "lvs_xdp-\(getpid()).o"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let argv = [clang, "--target=bpf", "-O2", "-g", "-Wall", "-Werror", "-c", source, "-o", output]
        guard let run = try? Subprocess.run(argv) else { return .failure(.compile("could not run \(clang)")) }
        guard run.status == 0 else { return .failure(.compile(run.stderr)) }
        guard let bytes = FileManager.default.contents(atPath: output) else {
            return .failure(.compile("no \(output)"))
        }
        do throws(BPFObjectFileError) {
            return .success(try BPFObjectFile([UInt8](bytes)))
        } catch {
            return .failure(.parse(error))
        }
    }()
}

enum XDPObjectBuildError: Error, CustomStringConvertible {
    case noToolchain(String)
    case compile(String)
    case parse(BPFObjectFileError)

    var description: String {
        switch self {
        case .noToolchain(let why): "cannot compile bpf/lvs_xdp.c: \(why)"
        case .compile(let log): "clang --target=bpf failed:\n\(log)"
        case .parse(let e): "compiled object: \(e)"
        }
    }
}
