import CLVSLinux
import LVSXDP

#if canImport(Glibc)
import Glibc
#endif

/// A BPF map created with bpf(BPF_MAP_CREATE); closed (and freed once no program holds it)
/// when this goes away. Keys and values are the raw bytes of the map's sizes.
public final class BPFMap: Sendable {
    public let definition: BPFMapDefinition
    let descriptor: OwnedDescriptor

    public var rawDescriptor: Int32 { descriptor.rawValue }

    public init(_ definition: BPFMapDefinition) throws(BPFError) {
        self.definition = definition
        do {
            let fd = try systemCall("bpf(BPF_MAP_CREATE \(definition.name))") {
                clvs_bpf_map_create(
                    definition.type, definition.keySize, definition.valueSize, definition.maxEntries,
                    definition.flags, definition.name)
            }
            descriptor = OwnedDescriptor(fd)
        } catch {
            throw .systemCall(error)
        }
    }

    /// Per-CPU maps hold one value per possible CPU, each padded to 8 bytes.
    public var isPerCPU: Bool {
        [5, 6, 10].contains(definition.type)  // PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH
    }

    /// Bytes a lookup returns: the value, or for a per-CPU map the padded value per possible CPU.
    public var lookupSize: Int {
        isPerCPU ? (Int(definition.valueSize) + 7) / 8 * 8 * BPFMap.possibleCPUs : Int(definition.valueSize)
    }

    /// Inserts or replaces (BPF_ANY).
    public func update(key: [UInt8], value: [UInt8]) throws(BPFError) {
        try check(key: key)
        let valueSize = isPerCPU ? lookupSize : Int(definition.valueSize)
        guard value.count == valueSize else {
            throw .sizeMismatch(map: definition.name, expected: valueSize, got: value.count)
        }
        do {
            _ = try systemCall("bpf(BPF_MAP_UPDATE_ELEM \(definition.name))") {
                clvs_bpf_map_update(descriptor.rawValue, key, value, 0)
            }
        } catch {
            throw .systemCall(error)
        }
    }

    /// The value under `key`, or nil when there is none.
    public func lookup(key: [UInt8]) throws(BPFError) -> [UInt8]? {
        try check(key: key)
        var value = [UInt8](repeating: 0, count: lookupSize)
        do {
            let r = try systemCall("bpf(BPF_MAP_LOOKUP_ELEM \(definition.name))", tolerating: ENOENT) {
                clvs_bpf_map_lookup(descriptor.rawValue, key, &value)
            }
            return r == nil ? nil : value
        } catch {
            throw .systemCall(error)
        }
    }

    /// An array map's values for indices `first ..< first + count` (fewer at the map's end), in
    /// as few BPF_MAP_LOOKUP_BATCH calls as the kernel allows: `lookupSize` bytes per index.
    public func lookupArray(from first: UInt32, count: Int) throws(BPFError) -> [UInt8] {
        guard definition.keySize == 4 else {
            throw .sizeMismatch(map: definition.name, expected: 4, got: Int(definition.keySize))
        }
        let wanted = max(0, min(count, Int(definition.maxEntries) - Int(first)))
        var values = [UInt8](repeating: 0, count: wanted * lookupSize)
        var keys = [UInt32](repeating: 0, count: max(1, wanted))
        var read = 0
        // The batch's cursor is the index before the next one to read (none: from index 0).
        var previous: UInt32 = first &- 1
        var next: UInt32 = 0
        while read < wanted {
            var n = UInt32(wanted - read)
            let fromStart = read == 0 && first == 0
            let offset = read * lookupSize
            let r = values.withUnsafeMutableBytes { v in
                keys.withUnsafeMutableBytes { k in
                    withUnsafeMutablePointer(to: &previous) { p in
                        clvs_bpf_map_lookup_batch(
                            descriptor.rawValue, fromStart ? nil : UnsafeRawPointer(p), &next,
                            k.baseAddress, v.baseAddress.map { $0 + offset }, &n)
                    }
                }
            }
            let failure = r < 0 ? errno : 0
            if failure == EINTR { continue }
            if failure != 0 && failure != ENOENT {
                throw .systemCall(SystemCallError(call: "bpf(BPF_MAP_LOOKUP_BATCH \(definition.name))", errno: failure))
            }
            read += Int(n)
            previous = next
            if failure == ENOENT || n == 0 { break }
        }
        return Array(values.prefix(read * lookupSize))
    }

    /// Removes `key`; false when it was not there.
    @discardableResult
    public func delete(key: [UInt8]) throws(BPFError) -> Bool {
        try check(key: key)
        do {
            let r = try systemCall("bpf(BPF_MAP_DELETE_ELEM \(definition.name))", tolerating: ENOENT) {
                clvs_bpf_map_delete(descriptor.rawValue, key)
            }
            return r != nil
        } catch {
            throw .systemCall(error)
        }
    }

    private func check(key: [UInt8]) throws(BPFError) {
        guard key.count == Int(definition.keySize) else {
            throw .sizeMismatch(map: definition.name, expected: Int(definition.keySize), got: key.count)
        }
    }

    /// The kernel's possible CPUs (/sys/devices/system/cpu/possible, e.g. "0-3"), which sizes
    /// per-CPU values; the online count may be smaller. Without the file: the largest
    /// CONFIG_NR_CPUS, since a buffer larger than the kernel writes is safe and a smaller one is not.
    public static let possibleCPUs: Int = {
        guard let text = try? TextFile.read("/sys/devices/system/cpu/possible"), let n = CPUList.count(text) else {
            return 8192
        }
        return n
    }()
}
