import LVSCore
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import Logging
import Synchronization
import Testing

@testable import LVSDirector

/// The guard's life: in place from the first service whatever the kernel's state, gone with
/// the last, and a start that cannot run nft refused with the package's name.
@Suite("The nftables guard's install and removal, with a recorded nft")
struct KernelGuardTests {
    final class RecordedNFT: Sendable {
        let scripts = Mutex<[String]>([])
        let failure = Mutex<String?>(nil)
        var run: @Sendable (String) -> String? {
            { script in
                self.scripts.withLock { $0.append(script) }
                return self.failure.withLock { $0 }
            }
        }
    }

    static func table(_ ops: [AdminOperation]) throws -> TableSnapshot {
        let engine = IPVSEngine()
        try engine.apply(ops, now: Instant(milliseconds: 0))
        return engine.snapshot(now: Instant(milliseconds: 0), includeConnections: false)
    }

    @Test(
        "installed with the first service (no VIP local, forwarding off needed), replaced on change, removed with the last"
    )
    func lifecycle() throws {
        let nft = RecordedNFT()
        let guardTable = KernelGuard(logger: Logger(label: "test"), nft: nft.run)
        try guardTable.prepare()
        // The check leaves a killed director's table in place: replaced in one transaction below.
        #expect(nft.scripts.withLock { $0 } == ["table inet lvs_director_guard\n"])
        guardTable.tableChanged(try Self.table([World.service()]))
        let installed = nft.scripts.withLock { $0 }
        #expect(installed.count == 2)
        #expect(installed.last?.contains("198.18.0.50 . tcp . 80") == true)
        #expect(installed.last?.contains("ip daddr . meta l4proto . th dport @services_ip drop") == true)
        // The same rules again: nft is not run again.
        guardTable.tableChanged(try Self.table([World.service()]))
        guardTable.reconcile()
        #expect(nft.scripts.withLock { $0.count } == 2)
        guardTable.tableChanged(try Self.table([]))
        #expect(nft.scripts.withLock { $0.last } == KernelGuardRules.removal)
        #expect(nft.scripts.withLock { $0.count } == 3)
    }

    @Test("a start where nft cannot change the ruleset is refused, naming nftables and --no-kernel-guard")
    func refusedStart() {
        let nft = RecordedNFT()
        nft.failure.withLock { $0 = "Operation not permitted" }
        let guardTable = KernelGuard(logger: Logger(label: "test"), nft: nft.run)
        do {
            try guardTable.prepare()
            Issue.record("prepare did not throw")
        } catch {
            #expect(error.description.contains("nftables"))
            #expect(error.description.contains("--no-kernel-guard"))
            // Without nft on PATH the start is refused before nft is run.
            if TextFile.executableOnPath("nft") != nil {
                #expect(error.description.contains("Operation not permitted"))
            }
        }
    }
}
