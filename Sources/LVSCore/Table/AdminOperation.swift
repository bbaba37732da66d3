import LVSVocabulary

/// One change to the IPVS table: what one ipvsadm command asks of the kernel.
public enum AdminOperation: Hashable, Sendable, Codable {
    case addService(ServiceConfig)
    case editService(ServiceConfig)
    case deleteService(ServiceKey)
    /// `-C`: remove every service.
    case clear
    case addDestination(ServiceKey, DestinationConfig)
    case editDestination(ServiceKey, DestinationConfig)
    case deleteDestination(ServiceKey, DestinationKey)
    /// `-Z`: zero the counters of one service, or of all when nil.
    case zero(ServiceKey?)
    /// `--set tcp tcpfin udp`: 0 leaves a value unchanged.
    case setTimeouts(IPVSTimeouts)
    case startSyncDaemon(SyncDaemonConfig)
    case stopSyncDaemon(SyncDaemonConfig.Role)
}
