import LVSControl
import LVSCore
import LVSVocabulary
import Testing

@testable import LVSDirector

/// `lvs top`'s drops by reason: every worker's counts added up, by label, over the wire's JSON.
@Suite("Drop counts over the control protocol")
struct DropCountsControlTests {
    @Test func workersDropsAreAddedUpByLabel() throws {
        let slots = [WorkerSlot(), WorkerSlot()]
        let drop = DirectorDrop.director(.noRoute)
        slots[0].perform { $0.counters.count(drop, times: 2) }
        slots[1].perform { $0.counters.count(drop, times: 3) }
        let control = WorkerControlService(slots: slots, clock: { Instant(milliseconds: 5000) })
        #expect(control.handle(.dropCounts) == .dropCounts([drop.label: 5]))
        #expect(ControlRequest.dropCounts.isReadOnly)

        let codec = ControlCodec()
        #expect(try codec.decodeRequest(codec.encode(.dropCounts)) == .dropCounts)
        #expect(try codec.decodeResponse(codec.encode(.dropCounts([drop.label: 5]))) == .dropCounts([drop.label: 5]))
    }

    @Test func aTableOnlyDirectorDropsNothing() {
        let engine = EngineControlService(engine: IPVSEngine(), clock: { Instant(milliseconds: 0) })
        #expect(engine.handle(.dropCounts) == .dropCounts([:]))
    }
}
