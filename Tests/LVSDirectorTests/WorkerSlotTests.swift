import LVSCore
import Testing

@testable import LVSDirector

@Suite("Worker slot")
struct WorkerSlotTests {
    @Test("perform from the worker's own thread stops the process instead of waiting for itself forever")
    func performFromOwnThreadTraps() async {
        await #expect(processExitsWith: .failure) {
            let slot = WorkerSlot()
            slot.attach()
            _ = slot.perform { $0.counters }
        }
    }

    @Test("perform with no worker attached runs the job at once and returns its result")
    func performWithoutWorkerRunsAtOnce() {
        let slot = WorkerSlot()
        #expect(slot.perform { _ in 42 } == 42)
    }
}
