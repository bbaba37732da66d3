import LVSTestSupport
import LVSVocabulary
import LVSXDP
import Testing

/// The compiled program as the loader sees it, and the map encodings both sides must agree on.
@Suite struct BPFObjectFileTests {
    @Test func compiledObjectDeclaresTheMapsTheLoaderExpects() throws {
        let object = try XDPObjectBuild.object.get()
        #expect(object.license == "GPL")
        #expect(
            object.maps == [
                BPFMapDefinition(
                    name: "lvs_counters", type: BPFMapDefinition.perCPUArrayType, keySize: 4,
                    valueSize: UInt32(XDPFlowCounters.size), maxEntries: 1 << 20, flags: 0),
                BPFMapDefinition(
                    name: "lvs_flows", type: BPFMapDefinition.hashType, keySize: UInt32(XDPFlowKey.size),
                    valueSize: UInt32(XDPFlowEntry.size), maxEntries: 1 << 20, flags: 0),
            ])
        #expect(Set(object.mapReferences.map(\.mapName)) == ["lvs_flows", "lvs_counters"])
        let patched = try object.instructions(mapDescriptors: ["lvs_flows": 7, "lvs_counters": 0x0102_0304])
        for r in object.mapReferences {
            let at = r.instructionIndex * 8
            #expect(patched[at] == 0x18)
            #expect(patched[at + 1] >> 4 == 1, "src_reg must be BPF_PSEUDO_MAP_FD")
            let fd = (0..<4).reduce(UInt32(0)) { $0 | UInt32(patched[at + 4 + $1]) << UInt32(8 * $1) }
            #expect(fd == (r.mapName == "lvs_flows" ? 7 : 0x0102_0304))
        }
        #expect(throws: BPFObjectFileError.noDescriptorForMap("lvs_counters")) {
            try object.instructions(mapDescriptors: ["lvs_flows": 7])
        }
    }

    @Test func embeddedObjectIsTheCompiledSource() throws {
        let compiled = try XDPObjectBuild.bytes.get()
        let embedded = XDPProgramObject.bytes
        let same = embedded == compiled
        let stale: Comment =
            "Sources/LVSXDP/XDPProgramObject.swift (\(embedded.count) bytes) is not bpf/lvs_xdp.c compiled now (\(compiled.count) bytes): run scripts/bpf/build-xdp.sh"
        #expect(same, stale)
    }

    @Test func garbageIsAClearError() {
        #expect(throws: BPFObjectFileError.notELF64LittleEndian) { try BPFObjectFile([1, 2, 3]) }
        var header = [UInt8](repeating: 0, count: 64)
        header.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1])
        header[18] = 62  // x86-64
        #expect(throws: BPFObjectFileError.notBPF(machine: 62)) { try BPFObjectFile(header) }
        header[18] = 247
        header[0x28] = 0xFF  // section table beyond the end
        header[0x29] = 0xFF
        #expect(throws: BPFObjectFileError.self) { try BPFObjectFile(header) }
    }

    /// Damaged objects (bytes changed anywhere, most often in the headers and tables the reader
    /// follows, or cut short) are refused with an error or read, never a crash.
    @Test func damagedObjectsNeverCrash() throws {
        let original = try XDPObjectBuild.bytes.get()
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let sectionTable = Int(original[0x28]) | Int(original[0x29]) << 8 | Int(original[0x2A]) << 16
        var refused = 0
        for round in 0..<3000 {
            var bytes = original
            if round % 10 == 9 {
                bytes = Array(bytes.prefix(Int(next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + Int(next() % 4)) {
                    let at: Int
                    switch next() % 3 {
                    case 0: at = Int(next() % 64)
                    case 1: at = min(bytes.count - 1, sectionTable + Int(next() % UInt64(bytes.count - sectionTable)))
                    default: at = Int(next() % UInt64(bytes.count))
                    }
                    bytes[at] = UInt8(truncatingIfNeeded: next())
                }
            }
            do {
                let object = try BPFObjectFile(bytes)
                _ = try? object.instructions(mapDescriptors: ["lvs_flows": 3, "lvs_counters": 4])
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0, "no damaged object was refused: the reader checks nothing")
    }

    @Test func keyAndEntryBytes() throws {
        let key = XDPFlowKey(
            ipProtocol: 6, source: TestAddresses.client4, sourcePort: 40000, destination: TestAddresses.vip4,
            destinationPort: 80)
        let k = try #require(key.bytes)
        #expect(k.count == XDPFlowKey.size)
        #expect(Array(k[0..<8]) == [4, 6, 0, 0, 0x9C, 0x40, 0, 80])
        #expect(Array(k[8..<12]) == [198, 18, 1, 10] && k[12..<24].allSatisfy { $0 == 0 })
        #expect(Array(k[24..<28]) == [198, 18, 0, 100] && k[28..<40].allSatisfy { $0 == 0 })
        let mixed = XDPFlowKey(
            ipProtocol: 6, source: TestAddresses.client4, sourcePort: 1, destination: TestAddresses.vip6,
            destinationPort: 2)
        #expect(mixed.bytes == nil)

        let entry = XDPFlowEntry(
            method: .natToRealServer(address: TestAddresses.rip6, port: 8080),
            destinationMAC: TestAddresses.realServerMAC, sourceMAC: TestAddresses.directorMAC, interfaceIndex: 0x0203,
            transmitOnIngress: true, counterSlot: 5)
        let e = try #require(entry.bytes)
        #expect(e.count == XDPFlowEntry.size)
        #expect(Array(e[0..<16]) == [2, 1, 6, 0, 0x1F, 0x90, 0, 0, 3, 2, 0, 0, 5, 0, 0, 0])
        #expect(Array(e[16..<28]) == TestAddresses.realServerMAC.bytes + TestAddresses.directorMAC.bytes)
        #expect(Array(e[32..<48]) == TestAddresses.rip6.bytes)
        let tunnel = XDPFlowEntry(
            method: .tunnel(source: TestAddresses.director4, destination: TestAddresses.rip6, mtu: 1500),
            destinationMAC: .zero, sourceMAC: .zero, interfaceIndex: 1, transmitOnIngress: false, counterSlot: 0)
        #expect(tunnel.bytes == nil)
        let gue = XDPFlowEntry(
            method: .tunnel(source: TestAddresses.director4, destination: TestAddresses.rip4, mtu: 1400, guePort: 6080),
            destinationMAC: .zero, sourceMAC: .zero, interfaceIndex: 1, transmitOnIngress: true, counterSlot: 0)
        let g = try #require(gue.bytes)
        #expect(Array(g[0..<8]) == [4, 3, 4, 0, 0x17, 0xC0, 0x78, 0x05])
        #expect(Array(g[48..<52]) == TestAddresses.director4.bytes)
    }

    @Test func perCPUCountersAreSummed() {
        var values = [UInt8](repeating: 0, count: 32)
        values[0] = 2
        values[8] = 100
        values[16] = 3
        values[24] = 0x2C
        values[25] = 1
        #expect(XDPFlowCounters(perCPU: values, stride: 16) == XDPFlowCounters(packets: 5, bytes: 400))
    }
}
