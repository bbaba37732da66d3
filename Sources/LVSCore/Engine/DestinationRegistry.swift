/// Gives each real server that connections point at a small Int32 id, so connection entries
/// hold no references. An id lives while connections use it (refs > 0); the server object is
/// kept alive meanwhile, even after it left the table (kernel dest trash).
final class DestinationRegistry {
    struct Slot {
        var server: RealServer?
        /// The service the server belonged to when last scheduled (kernel dest->svc), whose
        /// counters its traffic adds to.
        var service: VirtualService?
        var refs: Int32 = 0
    }

    @exclusivity(unchecked) private(set) var slots: [Slot] = []
    private var free: [Int32] = []
    private var ids: [ObjectIdentifier: Int32] = [:]

    func id(for server: RealServer, in service: VirtualService) -> Int32 {
        if let id = ids[ObjectIdentifier(server)] {
            slots[Int(id)].service = service
            return id
        }
        let id: Int32
        if let f = free.popLast() {
            id = f
            slots[Int(f)] = Slot(server: server, service: service)
        } else {
            id = Int32(truncatingIfNeeded: slots.count)
            slots.append(Slot(server: server, service: service))
        }
        ids[ObjectIdentifier(server)] = id
        return id
    }

    @inline(__always) func server(_ id: Int32) -> RealServer? {
        id >= 0 && Int(id) < slots.count ? slots[Int(id)].server : nil
    }
    @inline(__always) func service(_ id: Int32) -> VirtualService? {
        id >= 0 && Int(id) < slots.count ? slots[Int(id)].service : nil
    }

    func retain(_ id: Int32) { slots[Int(id)].refs += 1 }

    /// Drops one reference; returns true when the id was freed.
    @discardableResult
    func release(_ id: Int32) -> Bool {
        guard id >= 0 && Int(id) < slots.count else { return false }
        slots[Int(id)].refs -= 1
        guard slots[Int(id)].refs <= 0 else { return false }
        if let s = slots[Int(id)].server { ids.removeValue(forKey: ObjectIdentifier(s)) }
        slots[Int(id)] = Slot()
        free.append(id)
        return true
    }
}
