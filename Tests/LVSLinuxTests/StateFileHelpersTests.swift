import LVSLinux
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the director's start-up repairs rely on: telling a socket from anything else at a path,
/// and replacing a file durably without leaving a half-written one or a temporary beside it.
@Suite("State file helpers")
struct StateFileHelpersTests {
    private static func scratch(_ name: String) throws -> String {
        let dir = "/tmp/lvs-state-helpers-\(getpid())-\(name)"
        _ = try? TextFile.remove(dir + "/file")
        rmdir(dir + "/dir")
        try TextFile.makeDirectories(dir + "/dir")
        return dir
    }

    @Test("PathKind tells a socket from a directory, a file, a link and nothing")
    func pathKinds() throws {
        let dir = try Self.scratch("kinds")
        try TextFile.writeAtomically(dir + "/file", "x\n")
        _ = try? TextFile.remove(dir + "/link")
        symlink(dir + "/file", dir + "/link")
        _ = try? TextFile.remove(dir + "/sock")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array((dir + "/sock").utf8CString)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = UInt8(bitPattern: byte) }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)

        #expect(try PathKind.of(dir + "/sock") == .socket)
        #expect(try PathKind.of(dir + "/dir") == .directory)
        #expect(try PathKind.of(dir + "/file") == .regularFile)
        #expect(try PathKind.of(dir + "/link") == .symbolicLink)
        #expect(try PathKind.of(dir + "/none") == .missing)
        for name in ["sock", "link", "file"] { _ = try TextFile.remove(dir + "/" + name) }
        rmdir(dir + "/dir")
        rmdir(dir)
    }

    @Test("a durable atomic write replaces the file and leaves no temporary")
    func durableWrite() throws {
        let dir = try Self.scratch("durable")
        let path = dir + "/file"
        try TextFile.writeAtomically(path, bytes: Array("old\n".utf8), mode: 0o600, durable: true)
        try TextFile.writeAtomically(path, bytes: Array("new\n".utf8), mode: 0o600, durable: true)
        #expect(try TextFile.read(path) == "new\n")
        #expect(TextFile.names(in: dir) == ["dir", "file"])
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        // A directory that cannot hold the file: an error naming the call, nothing written.
        #expect(throws: SystemCallError.self) {
            try TextFile.writeAtomically(dir + "/missing/file", bytes: [], durable: true)
        }
        _ = try TextFile.remove(path)
        rmdir(dir + "/dir")
        rmdir(dir)
    }
}
