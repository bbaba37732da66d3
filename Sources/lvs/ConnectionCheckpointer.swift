import LVSCore
import LVSDirector
import LVSLinux
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `--checkpoint-connections SECONDS`: on its own thread (the table is read through worker jobs
/// and the file is fsynced: neither belongs on the control socket's event loop), writes the
/// director's connection table to `path` every interval, atomically (temporary file, fsync,
/// rename), and once more when it stops (a clean stop or an upgrade keeps the connections too).
final class ConnectionCheckpointer: Sendable {
    let path: String
    private let stopFlag = StopFlag()
    private let thread: Mutex<WorkerThread?> = Mutex(nil)

    /// The file beside the state file: `STATE.connections`.
    static func path(stateFile: String) -> String { stateFile + ".connections" }

    init(director: Director, path: String, intervalMilliseconds: Int64, logger: Logger) throws {
        self.path = path
        let stop = stopFlag
        let started = try WorkerThread(name: "lvs-checkpoint") {
            var lastFailure: String?
            while !stop.isSet {
                let due = MonotonicClock.now().milliseconds + intervalMilliseconds
                while !stop.isSet && MonotonicClock.now().milliseconds < due { usleep(20_000) }
                let (bytes, count) = director.connectionCheckpoint()
                do {
                    try TextFile.writeAtomically(path, bytes: bytes, mode: 0o600, durable: true)
                    if lastFailure != nil {
                        logger.notice("connection checkpoint written again", metadata: ["path": "\(path)"])
                    }
                    lastFailure = nil
                    logger.debug("connection checkpoint", metadata: ["path": "\(path)", "connections": "\(count)"])
                } catch {
                    // Said once per distinct fault: a full disk must not flood the log every second.
                    if "\(error)" != lastFailure {
                        logger.error(
                            "cannot write the connection checkpoint",
                            metadata: ["path": "\(path)", "error": "\(error)"])
                    }
                    lastFailure = "\(error)"
                }
            }
        }
        thread.withLock { $0 = started }
    }

    /// Writes a last checkpoint and stops the thread; idempotent.
    func stop() {
        stopFlag.set()
        let running = thread.withLock { t in
            defer { t = nil }
            return t
        }
        running?.join()
    }

    /// The connections of the checkpoint at `path`, for the restarted director; none when there
    /// is no file. A file that cannot be read back is reported and set aside (the director
    /// starts without those connections, as it would have without checkpoints).
    static func load(_ path: String, logger: Logger) -> [ConnectionEntry] {
        let bytes: [UInt8]?
        do {
            bytes = try BinaryFile.read(path)
        } catch {
            logger.error("cannot read the connection checkpoint", metadata: ["path": "\(path)", "error": "\(error)"])
            return []
        }
        guard let bytes else { return [] }
        switch ConnectionCheckpoint.decode(bytes) {
        case .success(let (entries, skipped)):
            logger.notice(
                "connections restored from the checkpoint",
                metadata: ["path": "\(path)", "connections": "\(entries.count)", "skipped": "\(skipped)"])
            return entries
        case .failure(let error):
            logger.error(
                "the connection checkpoint is refused; starting without its connections",
                metadata: ["path": "\(path)", "error": "\(error)"])
            return []
        }
    }
}
