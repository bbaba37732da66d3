import LVSControl
import LVSCore
import LVSKeepalivedDaemon
import LVSLinux
import LVSVocabulary
import Synchronization

/// The runner's network in tests: records what is sent; datagrams are handed to the runner by
/// the test itself.
final class FakeVRRPTransport: VRRPTransport {
    let sourceAddress: InetAddress
    let datagrams: AsyncStream<VRRPDatagram>
    private let continuation: AsyncStream<VRRPDatagram>.Continuation
    private let recorded = Mutex<[(message: [UInt8], destination: InetAddress)]>([])

    init(source: InetAddress) {
        sourceAddress = source
        (datagrams, continuation) = AsyncStream.makeStream()
    }

    func send(_ message: [UInt8], to destination: InetAddress) throws {
        recorded.withLock { $0.append((message, destination)) }
    }

    func close() { continuation.finish() }

    var sent: [(message: [UInt8], destination: InetAddress)] { recorded.withLock { $0 } }
}

/// What the runner asked of the director, in order.
enum DirectorCall: Hashable {
    case ownership(AddressOwnership)
    case announce([InetAddress])
    case apply([AdminOperation])
}

/// The director in tests: records every call and accepts them all.
final class RecordingDirector: IPVSControl, VirtualAddressControl, Sendable {
    private let recorded = Mutex<[DirectorCall]>([])

    func setOwnership(_ ownership: AddressOwnership) throws(IPVSControlError) {
        recorded.withLock { $0.append(.ownership(ownership)) }
    }

    func announce(_ addresses: [InetAddress]) throws(IPVSControlError) {
        recorded.withLock { $0.append(.announce(addresses)) }
    }

    func apply(_ operations: [AdminOperation]) throws(IPVSControlError) {
        recorded.withLock { $0.append(.apply(operations)) }
    }

    func snapshot(includeConnections: Bool) throws(IPVSControlError) -> TableSnapshot { TableSnapshot() }

    var calls: [DirectorCall] { recorded.withLock { $0 } }
    func reset() { recorded.withLock { $0.removeAll() } }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current = Mutex(Instant(milliseconds: 1_000_000))
    var now: Instant { current.withLock { $0 } }
    func set(_ instant: Instant) { current.withLock { $0 = instant } }
}

/// Scripts the runner launched: argv only.
final class ScriptLog: Sendable {
    private let recorded = Mutex<[[String]]>([])
    func record(_ arguments: [String]) { recorded.withLock { $0.append(arguments) } }
    var runs: [[String]] { recorded.withLock { $0 } }
    func reset() { recorded.withLock { $0.removeAll() } }
}
