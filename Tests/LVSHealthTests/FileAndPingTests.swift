import LVSHealth
import LVSLinux
import Testing

@Suite("FILE_CHECK values and weights")
struct FileCheckTests {
    @Test(
        "strtol base 0 readings",
        arguments: [
            ("42\n", Int64(42)), ("  -7 apples", -7), ("0x10", 16), ("010", 8), ("", 0), ("junk", 0),
            ("2147483648", 2147483648),
        ])
    func readings(text: String, value: Int64) {
        #expect(TrackedFileValue.parse(Array(text.utf8)) == .value(value))
    }

    @Test("out-of-range numbers are ignored")
    func outOfRange() {
        #expect(TrackedFileValue.parse(Array("2147483649".utf8)) != .value(2147483649))
        #expect(TrackedFileValue.parse(Array("99999999999999999999".utf8)) != .value(0))
    }

    @Test("weights: 0 means non-zero is a fault; otherwise value x weight, -2^31 a fault")
    func weights() {
        #expect(TrackedFileWeight(weight: 0).verdict(for: 5) == .fault)
        #expect(TrackedFileWeight(weight: 0).verdict(for: 0) == .up(weightAdjustment: 0))
        #expect(TrackedFileWeight(weight: 0, reverse: true).verdict(for: 0) == .fault)
        #expect(TrackedFileWeight(weight: 3).verdict(for: 5) == .up(weightAdjustment: 15))
        #expect(TrackedFileWeight(weight: 3, reverse: true).verdict(for: 5) == .up(weightAdjustment: -15))
        #expect(TrackedFileWeight(weight: 1).verdict(for: -2147483648) == .fault)
        #expect(TrackedFileWeight(weight: 2).verdict(for: -2147483648) == .fault)
    }

    @Test("a file on disk, and a missing one (reads as 0)")
    func onDisk() throws {
        let path = "/tmp/lvs-health-track-\(UInt32.random(in: 0...UInt32.max))"
        try TextFile.writeAtomically(path, "12\n")
        defer { _ = try? TextFile.remove(path) }
        #expect(FileProbe(path: path, weight: TrackedFileWeight(weight: 2)).run().detail == .up(weightAdjustment: 24))
        #expect(FileProbe(path: path + ".missing").run().detail == .up(weightAdjustment: 0))
    }
}

@Suite("PING_CHECK on loopback", .enabled(if: TestSupport.isRoot, "PING_CHECK needs root (raw ICMP socket)"))
struct PingCheckTests {
    @Test("127.0.0.1 answers")
    func loopback() async {
        let outcome = await PingProbe(host: "127.0.0.1", timeout: .seconds(2)).run()
        #expect(outcome.isSuccess, "\(outcome.summary)")
    }
}
