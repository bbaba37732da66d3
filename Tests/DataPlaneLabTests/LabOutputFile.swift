import LVSTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A temporary file a background child writes its stdout to; read back after it ends.
final class LabOutputFile {
    let path: String
    let fd: Int32

    init() throws {
        var template = Array("/tmp/lvs-lab-out-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw TestFailure("mkstemp failed: errno \(errno)") }
        self.fd = fd
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func contents() -> String {
        guard let f = fopen(path, "r") else { return "" }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    deinit {
        close(fd)
        unlink(path)
    }
}
