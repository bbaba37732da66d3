import LVSLinux
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A file written in pieces (the procfs connection listing): readers see the old file until
/// `commit`, then the whole new one; an abandoned write leaves the old file and no temporary.
@Suite("Atomic file writer")
struct AtomicFileWriterTests {
    private static func scratch(_ name: String) throws -> String {
        let dir = "/tmp/lvs-atomic-writer-\(getpid())-\(name)"
        try TextFile.makeDirectories(dir)
        for file in TextFile.names(in: dir) { _ = try? TextFile.remove(dir + "/" + file) }
        return dir
    }

    @Test func piecesAppearOnlyAtCommit() throws {
        let dir = try Self.scratch("commit")
        let path = dir + "/ip_vs_conn"
        try TextFile.writeAtomically(path, "old\n")
        let writer = try AtomicFileWriter(path)
        let piece = String(repeating: "0123456789ABCDEF\n", count: 10_000)  // past the buffer
        try writer.write("head\n")
        try writer.write(piece)
        #expect(try TextFile.read(path) == "old\n")
        try writer.commit()
        #expect(try TextFile.read(path) == "head\n" + piece)
        #expect(TextFile.names(in: dir) == ["ip_vs_conn"])
        _ = try TextFile.remove(path)
        rmdir(dir)
    }

    @Test func abandonKeepsTheOldFile() throws {
        let dir = try Self.scratch("abandon")
        let path = dir + "/ip_vs"
        try TextFile.writeAtomically(path, "old\n")
        do {
            let writer = try AtomicFileWriter(path)
            try writer.write(String(repeating: "x", count: 100_000))
            writer.abandon()
        }
        #expect(try TextFile.read(path) == "old\n")
        #expect(TextFile.names(in: dir) == ["ip_vs"])
        _ = try TextFile.remove(path)
        rmdir(dir)
    }
}
