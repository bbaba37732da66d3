import LVSCore
import LVSLinux
import LVSVocabulary

extension Director {
    /// Slots read per worker job: a job walks at most this many table slots, so a worker is
    /// kept from its packets for tens of microseconds per job, whatever the table's size.
    static let checkpointSlotsPerJob = 1024

    /// Every worker's connections and persistence templates as a checkpoint file's bytes
    /// (`ConnectionCheckpoint`), read in bounded jobs between the workers' packets and encoded
    /// job by job.
    public func connectionCheckpoint() -> (bytes: [UInt8], connections: Int) {
        var out = ConnectionCheckpoint.magic
        var count = 0
        Self.forEachCheckpointChunk(of: slots, slotsPerJob: Self.checkpointSlotsPerJob) { chunk in
            ConnectionCheckpoint.appendMessages(chunk, to: &out)
            count += chunk.count
        }
        return (out, count)
    }

    /// The live entries of every worker, `slotsPerJob` table slots per job, each job resuming
    /// where the last one stopped; `body` gets each job's entries.
    static func forEachCheckpointChunk(
        of slots: [WorkerSlot], slotsPerJob: Int, _ body: ([ConnectionEntry]) -> Void
    ) {
        for slot in slots {
            var next: Int? = 0
            while let start = next {
                var chunk: [ConnectionEntry] = []
                // Allocated here, not in the worker's time.
                chunk.reserveCapacity(slotsPerJob)
                next = slot.perform { state in
                    state.engine.connections.liveEntries(fromSlot: start, slots: slotsPerJob, into: &chunk)
                }
                if !chunk.isEmpty { body(chunk) }
            }
        }
    }

    /// Puts checkpointed connections into the workers that will see their clients' packets,
    /// as a sync backup applies what it receives; before the workers run (at start).
    static func restore(_ entries: [ConnectionEntry], into slots: [WorkerSlot], now: Instant) {
        var perWorker = [[ConnectionEntry]](repeating: [], count: slots.count)
        for entry in entries {
            perWorker[ClientFlowSteering.worker(forClient: entry.clientAddress, workers: slots.count)].append(entry)
        }
        for (worker, mine) in perWorker.enumerated() where !mine.isEmpty {
            slots[worker].perform { state in
                for entry in mine { state.engine.applySynced(entry, now: now) }
            }
        }
    }
}
