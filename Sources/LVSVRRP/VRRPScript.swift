import LVSKeepalived

/// A `vrrp_script NAME { ... }` block with keepalived 2.2.7's defaults (vrrp_data.c
/// alloc_vrrp_script; vrrp_track.h VRRP_SCRIPT_DI/DT/DW): run every `interval`, killed after
/// `timeout`, up after `rise` successes in a row and down after `fall` failures in a row.
public struct VRRPScript: Sendable, Hashable {
    public var name: String
    /// The command as keepalived runs it (execve, no shell): the words of `script`'s first
    /// argument, quotes and escapes resolved.
    public var arguments: [String] = []
    /// `user USER [GROUP]`; nil: global_defs' script_user.
    public var user: String?
    public var group: String?
    /// Milliseconds between runs (default 1 s).
    public var interval: Int64 = 1000
    /// Milliseconds before a run is killed and counted as failed; 0: the interval.
    public var timeout: Int64 = 0
    /// The default weight of the instances tracking it (-253...253).
    public var weight = 0
    public var reverse = false
    public var rise = 1
    public var fall = 1
    /// `init_fail`: the script counts as failed until it has risen (default: unknown, and the
    /// first result decides).
    public var initFail = false

    public init(name: String) {
        self.name = name
    }

    /// The milliseconds a run may take (keepalived kills it after `timeout`, or `interval`).
    public var effectiveTimeout: Int64 { timeout > 0 ? timeout : interval }
}
