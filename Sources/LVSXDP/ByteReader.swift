/// Bounds-checked little-endian reads from an ELF object; every miss is a `truncated` error.
struct ByteReader {
    let bytes: [UInt8]

    func u16(_ at: Int, _ what: String) throws(BPFObjectFileError) -> UInt16 {
        UInt16(truncatingIfNeeded: try little(at, 2, what))
    }

    func u32(_ at: Int, _ what: String) throws(BPFObjectFileError) -> UInt32 {
        UInt32(truncatingIfNeeded: try little(at, 4, what))
    }

    func u64(_ at: Int, _ what: String) throws(BPFObjectFileError) -> UInt64 { try little(at, 8, what) }

    /// A 64-bit offset or size: one beyond the object cannot be valid (and would not fit an Int).
    func offset(_ at: Int, _ what: String) throws(BPFObjectFileError) -> Int {
        let v = try little(at, 8, what)
        guard v <= UInt64(bytes.count) else { throw .truncated(what: what) }
        return Int(v)
    }

    func slice(_ at: Int, _ count: Int, _ what: String) throws(BPFObjectFileError) -> [UInt8] {
        guard at >= 0, count >= 0, at <= bytes.count - count else { throw .truncated(what: what) }
        return Array(bytes[at..<(at + count)])
    }

    func cString(_ at: Int, _ what: String) throws(BPFObjectFileError) -> String {
        guard at >= 0, at < bytes.count, let end = bytes[at...].firstIndex(of: 0) else {
            throw .truncated(what: what)
        }
        return String(decoding: bytes[at..<end], as: UTF8.self)
    }

    private func little(_ at: Int, _ count: Int, _ what: String) throws(BPFObjectFileError) -> UInt64 {
        guard at >= 0, at <= bytes.count - count else { throw .truncated(what: what) }
        var v: UInt64 = 0
        for i in (0..<count).reversed() { v = v << 8 | UInt64(bytes[at + i]) }
        return v
    }
}
