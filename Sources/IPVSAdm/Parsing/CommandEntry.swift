import LVSCore
import LVSVocabulary

/// The command being assembled from argv (ipvsadm's ipvs_command_entry), with its defaults:
/// direct routing, weight 1, tunnel type ipip, a /32 persistence mask.
struct CommandEntry: Sendable {
    struct Service: Sendable {
        var endpoint = EndpointFields()
        var scheduler = ""
        var flags: UInt32 = 0
        var timeout: UInt32 = 0
        var persistenceEngine = ""
    }

    struct Destination: Sendable {
        var family: InetAddress.Family?
        var address: InetAddress?
        var port: UInt16 = 0
        var forward: ForwardMethod = .route
        var weight: Int32 = 1
        var upperThreshold: UInt32 = 0
        var lowerThreshold: UInt32 = 0
        var tunnelType: TunnelType = .ipip
        var tunnelPort: UInt16 = 0
        var tunnelFlags: TunnelFlags = []
    }

    struct Daemon: Sendable {
        var interface = ""
        var syncID: UInt8 = 0
        var maxLength: UInt16 = 0
        var mcastGroup: InetAddress?
        var mcastPort: UInt16 = 0
        var mcastTTL: UInt8 = 0
    }

    var command: IPVSAdmCommand = .list
    var options = TrackedOptions()
    var service = Service()
    var destination = Destination()
    var daemonRole: SyncDaemonConfig.Role = .master
    var daemon = Daemon()
    var timeouts: IPVSTimeouts?
    var schedFlagsArgument: String?

    /// Records that an option was given; a second time is an error.
    mutating func mark(_ option: TrackedOption, _ parser: IPVSAdmParser) throws(IPVSAdmUsageError) {
        if options.contains(option) { throw parser.failure("multiple '\(option.name)' options specified") }
        options.insert(option)
    }

    // MARK: - Conversion to the model

    static func zeroAddress(_ family: InetAddress.Family?) -> InetAddress {
        family == .inet6 ? InetAddress(v6High: 0, low: 0) : InetAddress(v4: 0)
    }

    /// The service the kernel would look up; nil when none was given.
    var serviceKey: ServiceKey? {
        let e = service.endpoint
        if e.fwmark != 0 { return .fwmark(e.fwmark, e.family ?? .inet) }
        guard let family = e.family else { return nil }
        return .address(e.proto ?? .tcp, e.address ?? Self.zeroAddress(family), e.port)
    }

    /// libipvs sends no service to zero when every field is zero: that zeroes all services.
    var zeroTarget: ServiceKey? {
        let e = service.endpoint
        if e.fwmark == 0 && (e.address?.isZero ?? true) && e.port == 0 { return nil }
        return serviceKey
    }

    var netmaskPrefix: Int {
        let e = service.endpoint
        if e.family == .inet6 { return Int(min(e.netmask, 128)) }
        // The model keeps a prefix; a mask with holes keeps its leading ones.
        return (~e.netmask).leadingZeroBitCount
    }

    func serviceConfig(_ key: ServiceKey) -> ServiceConfig {
        ServiceConfig(
            key: key, scheduler: service.scheduler, flags: ServiceFlags(rawValue: service.flags),
            timeout: service.timeout, netmaskPrefix: netmaskPrefix,
            persistenceEngine: service.persistenceEngine)
    }

    var destinationKey: DestinationKey {
        DestinationKey(address: destination.address ?? Self.zeroAddress(destination.family), port: destination.port)
    }

    var destinationConfig: DestinationConfig {
        let d = destination
        return DestinationConfig(
            key: destinationKey, forward: d.forward, weight: d.weight,
            upperThreshold: d.upperThreshold, lowerThreshold: d.lowerThreshold,
            tunnelType: d.tunnelType, tunnelPort: d.tunnelPort, tunnelFlags: d.tunnelFlags)
    }

    var syncDaemonConfig: SyncDaemonConfig {
        SyncDaemonConfig(
            role: daemonRole, interface: daemon.interface, syncID: daemon.syncID,
            maxLength: daemon.maxLength, mcastGroup: daemon.mcastGroup,
            mcastPort: daemon.mcastPort, mcastTTL: daemon.mcastTTL)
    }
}
