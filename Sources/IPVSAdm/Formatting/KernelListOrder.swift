import LVSCore
import LVSVocabulary

/// The order ipvsadm prints services and real servers in: libipvs's comparators run through
/// glibc's qsort (a top-down merge sort). The comparators subtract unsigned 32-bit values and
/// read the difference as a signed int, so values 2^31 or more apart compare "backwards"
/// (fwmark 2^31 sorts before fwmark 0); the merge sort decides what such non-transitive
/// comparisons produce, which is why it is reproduced step by step rather than with `sort`.
enum KernelListOrder {
    static func services(_ services: [ServiceSnapshot]) -> [ServiceSnapshot] {
        mergeSort(services) { compareServices($0.config.key, $1.config.key) }
    }

    static func destinations(_ destinations: [DestinationSnapshot]) -> [DestinationSnapshot] {
        mergeSort(destinations) { compareDestinations($0.config.key, $1.config.key) }
    }

    /// ipvs_cmp_services: fwmark, family, protocol, address, port.
    static func compareServices(_ a: ServiceKey, _ b: ServiceKey) -> Int32 {
        var r = wrappedDifference(a.fwmark, b.fwmark)
        if r != 0 { return r }
        r = Int32(a.family.rawValue) - Int32(b.family.rawValue)
        if r != 0 { return r }
        let (pa, aa, porta) = addressParts(a)
        let (pb, ab, portb) = addressParts(b)
        r = Int32(pa) - Int32(pb)
        if r != 0 { return r }
        r = compareAddresses(aa, ab, asIPv6: a.family == .inet6)
        if r != 0 { return r }
        return Int32(porta) - Int32(portb)
    }

    /// ipvs_cmp_dests: address (read in the first server's family), then port.
    static func compareDestinations(_ a: DestinationKey, _ b: DestinationKey) -> Int32 {
        let r = compareAddresses(a.address, b.address, asIPv6: a.address.family == .inet6)
        if r != 0 { return r }
        return Int32(a.port) - Int32(b.port)
    }

    /// glibc msort: split at n/2, sort both halves, merge taking the left element on ties.
    static func mergeSort<T>(_ items: [T], _ compare: (T, T) -> Int32) -> [T] {
        guard items.count > 1 else { return items }
        let half = items.count / 2
        let left = mergeSort(Array(items[..<half]), compare)
        let right = mergeSort(Array(items[half...]), compare)
        var merged: [T] = []
        merged.reserveCapacity(items.count)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if compare(left[i], right[j]) <= 0 {
                merged.append(left[i])
                i += 1
            } else {
                merged.append(right[j])
                j += 1
            }
        }
        merged.append(contentsOf: left[i...])
        merged.append(contentsOf: right[j...])
        return merged
    }

    private static func addressParts(_ key: ServiceKey) -> (UInt8, InetAddress?, UInt16) {
        switch key {
        case .address(let proto, let address, let port): (proto.rawValue, address, port)
        case .fwmark: (0, nil, 0)  // the kernel keeps a zero address and port for fwmark services
        }
    }

    private static func wrappedDifference(_ a: UInt32, _ b: UInt32) -> Int32 {
        Int32(bitPattern: a &- b)
    }

    /// Host-order 32-bit words of `union nf_inet_addr` (an IPv4 address fills the first word).
    private static func words(_ address: InetAddress?) -> [UInt32] {
        guard let address else { return [0, 0, 0, 0] }
        if address.isV4 { return [address.v4, 0, 0, 0] }
        return [
            UInt32(truncatingIfNeeded: address.high >> 32), UInt32(truncatingIfNeeded: address.high),
            UInt32(truncatingIfNeeded: address.low >> 32), UInt32(truncatingIfNeeded: address.low),
        ]
    }

    private static func compareAddresses(_ a: InetAddress?, _ b: InetAddress?, asIPv6: Bool) -> Int32 {
        let wa = words(a)
        let wb = words(b)
        let count = asIPv6 ? 4 : 1
        for i in 0..<count {
            let r = wrappedDifference(wa[i], wb[i])
            if r != 0 { return r }
        }
        return 0
    }
}
