import LVSVRRP
import LVSVocabulary

/// Routers on one simulated segment with an injected clock: timers fire in deadline order and
/// every advert reaches the other started routers at once (unless the segment is cut).
struct VRRPNetwork {
    var routers: [VRRPInstance]
    var started: [Bool]
    var now = Instant.zero
    var connected = true
    /// (time, router index, state entered) for every transition.
    var transitions: [(Instant, Int, VRRPState)] = []

    init(_ routers: [VRRPInstance]) {
        self.routers = routers
        self.started = routers.map { _ in false }
    }

    mutating func start(_ index: Int, at time: Instant) {
        run(until: time)
        started[index] = true
        deliver(routers[index].start(now: now), from: index)
    }

    mutating func shutdown(_ index: Int, at time: Instant) {
        run(until: time)
        deliver(routers[index].shutdown(now: now), from: index)
        started[index] = false
    }

    /// Fires every timer due up to `time`, in deadline order (ties by router index).
    mutating func run(until time: Instant) {
        while true {
            let due = routers.indices.compactMap { index -> (Instant, Int)? in
                guard started[index], let deadline = routers[index].timerDeadline, deadline <= time else { return nil }
                return (deadline, index)
            }.min { $0 < $1 }
            guard let (deadline, index) = due else { break }
            now = deadline
            deliver(routers[index].timerFired(now: now), from: index)
        }
        now = time
    }

    /// Carries out `actions` of router `from`: adverts go to the others, whose answers go on.
    mutating func deliver(_ actions: [VRRPAction], from: Int) {
        var queue = [(actions, from)]
        var steps = 0
        while !queue.isEmpty, steps < 10_000 {
            steps += 1
            let (batch, sender) = queue.removeFirst()
            for action in batch {
                switch action {
                case .becomeMaster: transitions.append((now, sender, .master))
                case .becomeBackup: transitions.append((now, sender, .backup))
                case .becomeFault: transitions.append((now, sender, .fault))
                case .stop: transitions.append((now, sender, .initialize))
                case .sendAdvertisement(let priority):
                    guard connected else { continue }
                    for receiver in routers.indices where receiver != sender && started[receiver] {
                        let answer = routers[receiver].advertisementReceived(
                            priority: priority, source: routers[sender].primaryAddress,
                            advertisementInterval: routers[sender].configuration.advertisementInterval, now: now)
                        queue.append((answer, receiver))
                    }
                default: break
                }
            }
        }
    }

    /// When router `index` last became master.
    func becameMaster(_ index: Int) -> Instant? {
        transitions.last { $0.1 == index && $0.2 == .master }?.0
    }

    var states: [VRRPState] { routers.map(\.state) }
}
