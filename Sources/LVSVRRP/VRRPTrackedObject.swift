/// One line of a `track_interface`, `track_script` or `track_file` block: what is tracked and how
/// it moves the priority (keepalived 2.2.7 vrrp_track.c alloc_track_if/alloc_track_script,
/// trackers/track_file.c vrrp_alloc_track_file).
///
/// weight 0: the instance goes to FAULT while the object is down (or, with `reverse`, while it is
/// up). A positive weight is added while the object is up, a negative one while it is down;
/// `reverse` negates the weight it adds.
public struct VRRPTrackedObject: Sendable, Hashable {
    public var name: String
    public var weight: Int
    public var reverse: Bool

    public init(name: String, weight: Int = 0, reverse: Bool = false) {
        self.name = name
        self.weight = weight
        self.reverse = reverse
    }

    /// keepalived's weight_multiplier.
    var multiplier: Int { reverse ? -1 : 1 }
}
