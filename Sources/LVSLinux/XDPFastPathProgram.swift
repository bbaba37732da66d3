import LVSXDP

/// bpf/lvs_xdp.c loaded: its maps created (`lvs_flows`, the connections; `lvs_counters`, their
/// per-CPU counters) and the program verified by the kernel, ready to attach.
public final class XDPFastPathProgram: Sendable {
    public let program: BPFProgram
    /// `lvs_flows`: XDPFlowKey -> XDPFlowEntry.
    public let flowMap: BPFMap
    /// `lvs_counters`: per-CPU XDPFlowCounters by slot.
    public let counterMap: BPFMap

    /// Loads the object embedded in the binary (XDPProgramObject).
    public convenience init(maxEntries: UInt32? = nil) throws(BPFError) {
        let object: BPFObjectFile
        do {
            object = try BPFObjectFile(XDPProgramObject.bytes)
        } catch {
            throw .objectFile(error)
        }
        try self.init(object: object, maxEntries: maxEntries)
    }

    /// `maxEntries` replaces the object's map sizes (both maps), e.g. the connection table's limit.
    public init(object: BPFObjectFile, maxEntries: UInt32? = nil) throws(BPFError) {
        var maps: [String: BPFMap] = [:]
        for var definition in object.maps {
            if let maxEntries { definition.maxEntries = maxEntries }
            maps[definition.name] = try BPFMap(definition)
        }
        guard let flows = maps["lvs_flows"] else { throw .objectFile(.missingSection("maps: lvs_flows")) }
        guard let counters = maps["lvs_counters"] else { throw .objectFile(.missingSection("maps: lvs_counters")) }
        guard flows.definition.keySize == UInt32(XDPFlowKey.size) else {
            throw .sizeMismatch(map: "lvs_flows key", expected: XDPFlowKey.size, got: Int(flows.definition.keySize))
        }
        guard flows.definition.valueSize == UInt32(XDPFlowEntry.size) else {
            throw .sizeMismatch(
                map: "lvs_flows value", expected: XDPFlowEntry.size, got: Int(flows.definition.valueSize))
        }
        guard counters.definition.valueSize == UInt32(XDPFlowCounters.size) else {
            throw .sizeMismatch(
                map: "lvs_counters value", expected: XDPFlowCounters.size, got: Int(counters.definition.valueSize))
        }
        let instructions: [UInt8]
        do {
            instructions = try object.instructions(mapDescriptors: maps.mapValues { $0.rawDescriptor })
        } catch {
            throw .objectFile(error)
        }
        program = try BPFProgram(
            type: BPFProgram.xdpType, instructions: instructions, license: object.license, name: "lvs_xdp")
        flowMap = flows
        counterMap = counters
    }

    /// Makes the XDP program forward `key`'s packets as `entry` says (insert or replace).
    public func setFlow(_ key: XDPFlowKey, _ entry: XDPFlowEntry) throws(BPFError) {
        guard let k = key.bytes else { throw .invalidFlow("source and destination of different families") }
        guard let v = entry.bytes else { throw .invalidFlow("tunnel endpoints of different families") }
        try flowMap.update(key: k, value: v)
    }

    /// Hands `key`'s packets back to the Swift path; false when it had no entry.
    @discardableResult
    public func removeFlow(_ key: XDPFlowKey) throws(BPFError) -> Bool {
        guard let k = key.bytes else { return false }
        return try flowMap.delete(key: k)
    }

    /// The counters of `slot`, summed over all CPUs.
    public func counters(slot: UInt32) throws(BPFError) -> XDPFlowCounters {
        let key = (0..<4).map { UInt8(truncatingIfNeeded: slot >> UInt32(8 * $0)) }
        guard let values = try counterMap.lookup(key: key) else { return XDPFlowCounters(packets: 0, bytes: 0) }
        return XDPFlowCounters(perCPU: values, stride: (Int(counterMap.definition.valueSize) + 7) / 8 * 8)
    }

    /// The counters of slots `first ..< first + count`, each summed over all CPUs: one system
    /// call for thousands of slots instead of one per slot.
    public func counters(from first: UInt32, count: Int) throws(BPFError) -> [XDPFlowCounters] {
        let values = try counterMap.lookupArray(from: first, count: count)
        let size = counterMap.lookupSize
        let stride = (Int(counterMap.definition.valueSize) + 7) / 8 * 8
        return (0..<values.count / size).map {
            XDPFlowCounters(perCPU: values, stride: stride, in: $0 * size..<($0 + 1) * size)
        }
    }

    /// Zeroes the counters of `slot` (before the slot is given to another connection).
    public func resetCounters(slot: UInt32) throws(BPFError) {
        let key = (0..<4).map { UInt8(truncatingIfNeeded: slot >> UInt32(8 * $0)) }
        try counterMap.update(key: key, value: [UInt8](repeating: 0, count: counterMap.lookupSize))
    }
}
