import LVSCore

/// The list options of `ipvsadm -L` (and the bare `ipvsadm`).
public struct ListOptions: Hashable, Sendable {
    public var numeric = false  // -n
    public var connections = false  // -c
    public var timeout = false  // --timeout
    public var daemon = false  // --daemon
    public var stats = false  // --stats
    public var rate = false  // --rate
    public var thresholds = false  // --thresholds
    public var persistentConnections = false  // --persistent-conn
    public var tunnelInfo = false  // --tun-info
    public var noSort = false  // --nosort
    public var exact = false  // --exact
    /// `-L -t VIP:port`: list only this service (no version line).
    public var service: ServiceKey? = nil
    public init() {}
}
