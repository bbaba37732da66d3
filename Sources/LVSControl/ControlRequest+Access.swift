extension ControlRequest {
    /// True for requests that only read the director's state. Everything else changes it and
    /// needs what the kernel asks of ipvsadm (CAP_NET_ADMIN); a request added later counts as
    /// changing until it is listed here.
    public var isReadOnly: Bool {
        switch self {
        case .snapshot, .syncStatus, .dropCounts: true
        // `lvs sysctl -a`: reading the settings changes nothing.
        case .sysctls(let changes): changes.isEmpty
        default: false
        }
    }
}
