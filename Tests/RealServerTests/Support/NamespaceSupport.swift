#if canImport(Glibc)
import Glibc
#endif
import LVSCore
import LVSLinux
import Testing
import LVSVocabulary

enum Root {
    static let isRoot = getuid() == 0
    static let skipMessage: Comment = "needs root (network namespaces, raw sockets, TUN); run the tests as root to exercise lvs realserver"
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Waits up to `milliseconds` for `fd` to become readable.
func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&p, 1, milliseconds) == 1
}

/// One datagram from a (non-blocking) socket, waiting up to `milliseconds` for it.
func receiveDatagram(_ socket: IPDatagramSocket, milliseconds: Int32 = 3000) throws -> (payload: [UInt8], from: InetAddress, port: UInt16)? {
    guard waitReadable(socket.descriptor.rawValue, milliseconds: milliseconds) else { return nil }
    var buffer = [UInt8](repeating: 0, count: 65536)
    let got = try buffer.withUnsafeMutableBytes { try socket.receive(into: $0) }
    guard let got else { return nil }
    return (Array(buffer[0..<got.length]), got.source, got.sourcePort)
}

/// A directory for state files, unique to this process and test.
func temporaryStateDirectory(_ name: String) -> String {
    "/tmp/lvs-realserver-test-\(getpid())-\(name)"
}

func removeStateDirectory(_ path: String) {
    for name in TextFile.names(in: path) { _ = try? TextFile.remove(path + "/" + name) }
    rmdir(path)
}

/// The `lvs` executable built beside the tests (nil if it was not built).
let lvsExecutable: String? = {
    var dir = String(#filePath)
    while let slash = dir.lastIndex(of: "/"), !dir.isEmpty {
        dir = String(dir[..<slash])
        if access(dir + "/Package.swift", F_OK) == 0 { break }
    }
    var candidates = [dir + "/.build/debug/lvs", dir + "/.build/release/lvs"]
    if let exe = CommandLine.arguments.first, let slash = exe.lastIndex(of: "/") {
        var d = String(exe[..<slash])
        for _ in 0..<4 {
            candidates.insert(d + "/lvs", at: 0)
            guard let s = d.lastIndex(of: "/") else { break }
            d = String(d[..<s])
        }
    }
    return candidates.first { access($0, X_OK) == 0 }
}()
