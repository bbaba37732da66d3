import LVSWire

/// Frames a worker holds on to for a little while, each with some metadata: NAT replies to
/// offer to other workers, frames waiting for a neighbour's MAC. Fixed slots allocated once;
/// appending copies the frame in, nothing allocates afterwards. Not copyable: the slots are
/// freed with the stash.
struct FrameStash<Meta>: ~Copyable {
    let slotSize: Int
    let capacity: Int
    private let storage: OwnedBuffer
    private var meta: [Meta?]
    private var lengths: [Int]
    private(set) var count = 0

    init(capacity: Int, slotSize: Int = 2048) {
        self.capacity = capacity
        self.slotSize = slotSize
        storage = OwnedBuffer(count: max(1, capacity) * slotSize)
        meta = Array(repeating: nil, count: capacity)
        lengths = Array(repeating: 0, count: capacity)
    }

    private func slot(_ i: Int) -> UnsafeMutableRawPointer { storage.baseAddress + i * slotSize }

    /// Copies the frame in; false when the stash is full or the frame does not fit a slot.
    mutating func append(_ frame: FrameBuffer, _ m: Meta) -> Bool {
        guard count < capacity, frame.count <= slotSize, frame.count > 0 else { return false }
        slot(count).copyMemory(from: frame.storage + frame.start, byteCount: frame.count)
        meta[count] = m
        lengths[count] = frame.count
        count += 1
        return true
    }

    /// The frame in slot `i` (valid until the stash changes) and its metadata; nil once removed.
    subscript(i: Int) -> (frame: FrameBuffer, meta: Meta)? {
        guard i >= 0, i < count, let m = meta[i] else { return nil }
        return (FrameBuffer(UnsafeMutableRawBufferPointer(start: slot(i), count: lengths[i])), m)
    }

    /// Marks slot `i` empty; `compact()` reclaims it.
    mutating func remove(_ i: Int) {
        guard i >= 0, i < count else { return }
        meta[i] = nil
    }

    var remaining: Int { meta[0..<count].reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    /// Moves the frames still held to the front, in order.
    mutating func compact() {
        var kept = 0
        for i in 0..<count where meta[i] != nil {
            if kept != i {
                slot(kept).copyMemory(from: slot(i), byteCount: lengths[i])
                meta[kept] = meta[i]
                lengths[kept] = lengths[i]
                meta[i] = nil
            }
            kept += 1
        }
        count = kept
    }

    mutating func removeAll() {
        for i in 0..<count { meta[i] = nil }
        count = 0
    }
}
