import LVSKeepalivedDaemon
import LVSLinux
import LVSVRRP
import LVSVocabulary
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A vrrp_instance's `VRRPSocket` as the runner's transport: a plain thread reads the socket
/// (it blocks in poll, which a Swift concurrency task must not) and yields each datagram.
final class LinuxVRRPTransport: VRRPTransport {
    let socket: VRRPSocket
    let datagrams: AsyncStream<VRRPDatagram>
    private let continuation: AsyncStream<VRRPDatagram>.Continuation
    private let closed = ReaderStop()
    private let reader: Mutex<WorkerThread?> = Mutex(nil)

    init(_ configuration: VRRPInstanceConfiguration) throws {
        let family = configuration.virtualAddresses.first?.family ?? configuration.family
        socket = try VRRPSocket.open(
            family: family, interfaceName: configuration.interface ?? "",
            source: configuration.unicastSourceAddress, joinGroup: !configuration.isUnicast)
        (datagrams, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1024))
        let (socket, continuation, closed) = (socket, continuation, closed)
        let thread = try WorkerThread(name: "vrrp-\(configuration.virtualRouterID)") {
            // Wakes every 200 ms to notice `close`.
            while !closed.isClosed {
                do {
                    if let datagram = try socket.receive(timeoutMilliseconds: 200) { continuation.yield(datagram) }
                } catch {
                    // The interface went away, say: try again later rather than spin.
                    usleep(200_000)
                }
            }
            continuation.finish()
        }
        reader.withLock { $0 = thread }
    }

    var sourceAddress: InetAddress { socket.sourceAddress }

    func send(_ message: [UInt8], to destination: InetAddress) throws {
        try socket.send(message, to: destination)
    }

    func close() {
        closed.stop()
        let thread = reader.withLock { current in
            defer { current = nil }
            return current
        }
        thread?.join()
    }
}

/// Tells the reader thread to end; shared with it, so it never holds the transport itself.
private final class ReaderStop: Sendable {
    private let flag = Atomic<Bool>(false)
    func stop() { flag.store(true, ordering: .releasing) }
    var isClosed: Bool { flag.load(ordering: .acquiring) }
}
