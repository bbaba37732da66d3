import LVSLinux
import LVSVocabulary
import Logging
import Synchronization

/// PING_CHECK: one ICMP (IPv4) or ICMPv6 echo; the check passes when the reply arrives in time.
/// The payload is keepalived's: 128 bytes of "keepalived check - " repeated.
public struct PingProbe: Sendable {
    public var host: String
    public var timeout: Duration

    static let payload: [UInt8] = {
        let phrase = Array("keepalived check - ".utf8)
        return (0..<128).map { phrase[$0 % phrase.count] }
    }()

    /// keepalived numbers its echoes with one counter for all checkers.
    private static let sequence = Atomic<UInt16>(0)

    public init(host: String, timeout: Duration) {
        self.host = host
        self.timeout = timeout
    }

    public func run(logger: Logger = HealthLogging.defaultLogger) async -> ProbeOutcome<Void> {
        guard let address = InetAddress(host) else { return .failure(.cannotProbe("invalid address \(host)")) }
        let sequence = Self.sequence.wrappingAdd(1, ordering: .relaxed).newValue
        let identifier = UInt16.random(in: 1...UInt16.max)
        let milliseconds = max(1, Int(timeout.seconds * 1000))
        let seconds = timeout.seconds
        // The wait blocks in poll(2), so it gets its own thread, not one of the async pool's few.
        let result: ICMPEcho.Result = await withCheckedContinuation { continuation in
            do {
                _ = try WorkerThread(name: "lvs-ping") {
                    continuation.resume(
                        returning: ICMPEcho.ping(
                            address, identifier: identifier, sequence: sequence,
                            payload: Self.payload,
                            timeoutMilliseconds: milliseconds))
                }
            } catch let error as SystemCallError {
                continuation.resume(returning: .failed(error))
            } catch {
                continuation.resume(returning: .failed(SystemCallError(call: "pthread_create", errno: 0)))
            }
        }
        switch result {
        case .reply:
            return .success(())
        case .timeout:
            return .failure(.timeout(seconds: seconds))
        case .failed(let error):
            logger.debug("ping failed", metadata: ["host": "\(host)", "error": "\(error)"])
            return .failure(.cannotProbe("ping: \(error)"))
        }
    }
}
