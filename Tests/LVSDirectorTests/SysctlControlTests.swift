import LVSControl
import LVSCore
import LVSVocabulary
import Testing

@testable import LVSDirector

@Suite("IPVS sysctls over the control protocol (lvs sysctl)")
struct SysctlControlTests {
    @Test("a change reaches every worker's engine; a refused set changes none; the answer survives the wire")
    func changesReachEveryEngine() throws {
        let slots = [WorkerSlot(), WorkerSlot()]
        let control = WorkerControlService(slots: slots, clock: { Instant(milliseconds: 5000) })
        control.setConnectionLimit(100_001)
        #expect(slots.map { $0.perform { $0.engine.connectionLimit } } == [50_000, 50_000])
        #expect(slots.allSatisfy { $0.perform { $0.engine.enginesSharingLimit } == 2 })

        let answer = control.handle(.sysctls(set: ["net.ipv4.vs.drop_entry": "3", "secure_tcp": "3"]))
        guard case .sysctls(let values) = answer else {
            Issue.record("\(answer)")
            return
        }
        #expect(values["drop_entry"] == "3" && values["secure_tcp"] == "3" && values["amemthresh"] == "1024")
        #expect(slots.allSatisfy { $0.perform { $0.engine.defence.evictsEntries && $0.engine.defence.secureTables } })

        let refused = control.handle(.sysctls(set: ["drop_entry": "0", "secure_tcp": "9"]))
        #expect(
            refused == .sysctlRefused(.invalidValue(name: "secure_tcp", value: "9", expected: "an integer in 0...3")))
        #expect(slots.allSatisfy { $0.perform { $0.engine.sysctls.dropEntry == 3 } })
        #expect(control.handle(.sysctls(set: ["sync_version": "0"])) == .sysctlRefused(.startOnly("sync_version")))
        // An empty set reads.
        #expect(control.handle(.sysctls(set: [:])) == answer)

        let codec = ControlCodec()
        let request = ControlRequest.sysctls(set: ["drop_entry": "1"])
        #expect(try codec.decodeRequest(codec.encode(request)) == request)
        #expect(try codec.decodeResponse(codec.encode(answer)) == answer)
        #expect(try codec.decodeResponse(codec.encode(refused)) == refused)
    }

    @Test("the table-only daemon's engine takes the same request")
    func engineControlService() {
        let service = EngineControlService(clock: { Instant(milliseconds: 5000) })
        guard case .sysctls(let values) = service.handle(.sysctls(set: ["drop_packet": "3"])) else {
            Issue.record("no values")
            return
        }
        #expect(values["drop_packet"] == "3")
        #expect(service.handle(.sysctls(set: ["nope": "1"])) == .sysctlRefused(.unknownName("nope")))
    }
}
