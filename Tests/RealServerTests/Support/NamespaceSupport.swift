import LVSCore
import LVSLinux
import LVSVocabulary

#if canImport(Glibc)
import Glibc
#endif

/// Waits up to `milliseconds` for `fd` to become readable.
func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&p, 1, milliseconds) == 1
}

/// One datagram from a (non-blocking) socket, waiting up to `milliseconds` for it.
func receiveDatagram(
    _ socket: IPDatagramSocket, milliseconds: Int32 = 3000
) throws -> (payload: [UInt8], from: InetAddress, port: UInt16)? {
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
