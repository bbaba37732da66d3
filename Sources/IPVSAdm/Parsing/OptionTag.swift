/// Every option ipvsadm 1.31 registers with popt, in its table order (popt returns the first
/// match, which matters for `--list`, registered twice as -L and -l).
enum OptionTag: Hashable, Sendable {
    // Commands
    case addService, editService, deleteService, clear, list, zero
    case addServer, editServer, deleteServer, set, help, version, restore, save
    case startDaemon, stopDaemon
    // Options
    case tcpService, udpService, sctpService, fwmarkService
    case scheduler, persistent, netmask, realServer
    case masquerading, ipip, gatewaying
    case weight, upperThreshold, lowerThreshold
    case numeric, connection, mcastInterface, syncID
    case timeout, daemon, stats, rate, thresholds, persistentConn, noSort, sort, exact
    case ipv6, onePacket, persistenceEngine, schedFlags
    case mcastGroup, mcastPort, mcastTTL, syncMaxlen
    case tunInfo, tunType, tunPort, tunNoChecksum, tunChecksum, tunRemoteChecksum
}
