import LVSVocabulary

/// wrr: weighted round robin by passes of decreasing required weight (kernel ip_vs_wrr.c).
///
/// Pass 1 takes servers with weight >= mw, each later pass lowers the bar by the weights' gcd,
/// the last pass takes every server with weight >= 1; then it starts over. A change of servers
/// or weights restarts the walk at the list head and keeps the current bar where it can.
public final class WeightedRoundRobinScheduler: Scheduler {
    public static let name = "wrr"
    /// Index of the last pick in the service's list; -1 is the list head.
    @exclusivity(unchecked) private var position = -1
    /// The current bar (cw), its top (mw, lowered by gcd-1 so the last pass is at 1) and step (di).
    @exclusivity(unchecked) private var currentWeight: Int32 = 0
    @exclusivity(unchecked) private var maxWeight: Int32 = 0
    @exclusivity(unchecked) private var step: Int32 = 1
    private var initialised = false

    public init() {}

    public func destinationsChanged(in service: VirtualService) {
        var g: Int32 = 0
        var top: Int32 = 0
        for d in service.destinations {
            let w = d.weight
            if w > 0 { g = g > 0 ? gcd(w, g) : w }
            if w > top { top = w }
        }
        position = -1
        step = g > 0 ? g : 1
        maxWeight = top - (step - 1)
        if !initialised {
            // ip_vs_wrr_init_svc
            initialised = true
            currentWeight = maxWeight
        } else if currentWeight > maxWeight || currentWeight == 0 {
            currentWeight = maxWeight
        } else if step > 1 {
            currentWeight = (currentWeight / step) * step + 1
        }
    }

    public func schedule(in service: VirtualService, request: ScheduleRequest, now: Instant) -> RealServer? {
        let d = service.destinations
        var walk = (position: position, currentWeight: currentWeight)
        let picked = Self.next(&walk, count: d.count, maxWeight: maxWeight, step: step) { i, bar in
            !d[i].isOverloaded && d[i].weight >= bar
        }
        position = walk.position
        currentWeight = walk.currentWeight
        return picked.map { d[$0] }
    }

    /// The walk's state: the last pick's index (-1: the list head) and the current bar.
    var walk: (position: Int, currentWeight: Int32) {
        get { (position, currentWeight) }
        set {
            position = newValue.position
            currentWeight = newValue.currentWeight
        }
    }
    /// The bar's top and step as of the last change.
    var passes: (maxWeight: Int32, step: Int32) { (maxWeight, step) }

    /// ip_vs_wrr_schedule's walk over `n` servers from `walk`, which it advances: the index of
    /// the next server that `passes(index, bar)`, or nil. Shared with the lock-free shared
    /// scheduler (`SchedulingSnapshot`), so both pick in the same order.
    @inline(__always)
    static func next(
        _ walk: inout (position: Int, currentWeight: Int32), count n: Int, maxWeight: Int32, step: Int32,
        passes: (Int, Int32) -> Bool
    ) -> Int? {
        if maxWeight == 0 { return nil }
        if walk.position >= n { walk.position = -1 }
        var i = walk.position
        let last = walk.position
        var stop = -2  // no stop index yet
        var lastPass = false
        var restarted = false
        while true {
            i += 1
            while i < n {
                if passes(i, walk.currentWeight) {
                    walk.position = i
                    return i
                }
                if i == stop {
                    walk.position = i
                    return nil
                }
                i += 1
            }
            // Wrapped past the end of the list: lower the bar.
            i = -1
            walk.currentWeight -= step
            if walk.currentWeight <= 0 {
                walk.currentWeight = maxWeight
                // Every server was already checked at weight >= 1.
                if lastPass || last == -1 {
                    walk.position = -1
                    return nil
                }
                restarted = true
            }
            lastPass = walk.currentWeight <= step
            if lastPass && restarted && last != -1 {
                // The pass at weight >= 1 covered only servers after `last`; finish at `last`.
                stop = last
            }
        }
    }
}

func gcd(_ a: Int32, _ b: Int32) -> Int32 {
    var a = a
    var b = b
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
