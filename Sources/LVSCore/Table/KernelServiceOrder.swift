/// The order the kernel dumps services in (what `ipvsadm -L --nosort` shows): the 256-bucket
/// address table first, then the 256-bucket fwmark table; within a bucket the newest first,
/// because the kernel links new services at the head of their hash chain.
/// The kernel also mixes bits 8-15 of its per-netns pointer into the hash, so its order changes
/// from boot to boot; `pointerBits` is the value most oracle boots showed (0x90), which makes
/// our order equal to theirs there. ipvsadm sorts unless told `--nosort`, so only that differs.
public enum KernelServiceOrder {
    static let pointerBits: UInt32 = 0x90

    static func bucket(_ key: ServiceKey) -> Int {
        switch key {
        case .address(let proto, let addr, let port):
            let fold: UInt32 =
                addr.isV4
                ? addr.v4
                : UInt32(truncatingIfNeeded: addr.high >> 32) ^ UInt32(truncatingIfNeeded: addr.high)
                    ^ UInt32(truncatingIfNeeded: addr.low >> 32) ^ UInt32(truncatingIfNeeded: addr.low)
            let p = UInt32(port)
            return Int((UInt32(proto.rawValue) ^ fold ^ pointerBits ^ (p >> 8) ^ p) & 0xff)
        case .fwmark(let mark, _):
            return Int((mark ^ pointerBits) & 0xff)
        }
    }

    /// `services` in creation order -> kernel dump order.
    static func sorted(_ services: [VirtualService]) -> [VirtualService] { sorted(services, by: \.key) }

    /// Service snapshots in creation order -> kernel dump order.
    public static func sorted(_ services: [ServiceSnapshot]) -> [ServiceSnapshot] {
        sorted(services, by: \.config.key)
    }

    static func sorted<Item>(_ items: [Item], by key: (Item) -> ServiceKey) -> [Item] {
        let ranked = items.enumerated().map { (i, item) -> (table: Int, bucket: Int, age: Int, item: Item) in
            let k = key(item)
            let isFwmark: Bool = {
                if case .fwmark = k { return true }
                return false
            }()
            return (isFwmark ? 1 : 0, bucket(k), -i, item)
        }
        return ranked.sorted { ($0.table, $0.bucket, $0.age) < ($1.table, $1.bucket, $1.age) }.map(\.item)
    }
}
