import LVSVocabulary
import LVSWire
import Testing

@testable import LVSVRRP

/// Random events in random order never trap an instance and leave it consistent: a timer is armed
/// exactly while backup or master. Seeded, so a failure replays.
@Suite struct VRRPInstanceFuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomEventsNeverTrap() {
        var random = SplitMix64(state: 0x5652_5250_0001)
        let intervals = [0, 1, 50, 100, 4095, 25_500, Int.max, Int.min]
        for round in 0..<200 {
            var configuration = VRRPInstanceConfiguration(name: "FUZZ")
            configuration.virtualRouterID = 1
            configuration.priority = UInt8(truncatingIfNeeded: random.next() | 1)
            configuration.version = round % 2 == 0 ? .v2 : .v3
            configuration.advertisementInterval = [1, 100, 4095][Int(random.next() % 3)]
            configuration.preempt = random.next() % 2 == 0
            configuration.preemptDelay = Int64(random.next() % 20_000)
            configuration.initialState = random.next() % 2 == 0 ? .master : .backup
            var instance = VRRPInstance(
                configuration: configuration, primaryAddress: InetAddress(v4: 0xC612_3C00 | UInt32(round & 0xFF)))
            var now = Instant.zero
            for _ in 0..<300 {
                now = now + Int64(random.next() % 3000)
                switch random.next() % 13 {
                case 0: _ = instance.start(now: now, interfaceUp: random.next() % 4 != 0)
                case 1, 2:
                    _ = instance.advertisementReceived(
                        priority: UInt8(truncatingIfNeeded: random.next()),
                        source: InetAddress(v4: 0xC612_3C00 | UInt32(random.next() % 4)),
                        advertisementInterval: intervals[Int(random.next() % UInt64(intervals.count))], now: now)
                case 3:
                    // Time never runs backwards: fire at the deadline, or now if it passed.
                    now = max(now, instance.timerDeadline ?? now)
                    _ = instance.timerFired(now: now)
                case 4: _ = instance.shutdown(now: now)
                case 5: _ = instance.interfaceDown(now: now)
                case 6: _ = instance.interfaceUp(now: now)
                case 7: _ = instance.priorityChanged(to: UInt8(truncatingIfNeeded: random.next()), now: now)
                case 8:
                    let status = VRRPTrackingStatus(
                        priority: UInt8(truncatingIfNeeded: random.next()), fault: random.next() % 3 == 0,
                        waitingForScripts: random.next() % 5 == 0)
                    _ = instance.trackingChanged(status, now: now)
                case 9:
                    let states: [VRRPState] = [.master, .backup, .fault, .initialize]
                    _ = instance.apply(
                        VRRPSyncCommand(member: "FUZZ", state: states[Int(random.next() % 4)]), now: now)
                case 10:
                    now = max(now, instance.timerDeadline ?? now)
                    _ = instance.timerFired(now: now, mayBecomeMaster: false)
                default: _ = instance.interfaceUp(now: now)
                }
                let running = instance.state == .backup || instance.state == .master
                #expect(running == (instance.timerDeadline != nil))
                #expect(instance.priority >= 1)
                if instance.isAddressOwner { #expect(instance.priority == 255) }
                // Whatever held it there, an instance out of FAULT has nothing holding it.
                if running {
                    #expect(!instance.interfaceIsDown && !instance.trackingFault && !instance.heldInFaultBySyncGroup)
                }
            }
        }
    }
}
