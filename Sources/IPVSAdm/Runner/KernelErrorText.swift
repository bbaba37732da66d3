import LVSCore

/// What ipvsadm prints when the kernel refuses an operation (libipvs ipvs_strerror): a message
/// chosen by the operation and errno, else the generic one for the errno, else strerror.
public enum KernelErrorText {
    public static func message(for operation: AdminOperation, error: IPVSError) -> String {
        if let specific = specificMessage(operation, error) { return specific }
        switch error {
        case .eperm: return permissionDenied
        case .einval: return "Invalid operation.  Possibly wrong module version, address not unicast, ..."
        case .enoprotoopt: return "Protocol not available"
        case .enomem: return "Memory allocation problem"
        case .eopnotsupp: return "Operation not supported with IPv6"
        case .enoent: return "No such file or directory"
        case .esrch: return "No such process"
        case .efault: return "Bad address"
        case .eexist: return "File exists"
        case .erange: return "Numerical result out of range"
        }
    }

    private static func specificMessage(_ operation: AdminOperation, _ error: IPVSError) -> String? {
        switch (operation, error) {
        case (.addService, .eexist): "Service already exists"
        case (.addService, .enoent), (.editService, .enoent): "Scheduler or persistence engine not found"
        case (.editService, .esrch), (.deleteService, .esrch), (.zero, .esrch): "No such service"
        case (.addDestination, .esrch), (.editDestination, .esrch), (.deleteDestination, .esrch):
            "Service not defined"
        case (.addDestination, .eexist): "Destination already exists"
        case (.editDestination, .enoent), (.deleteDestination, .enoent): "No such destination"
        case (.startSyncDaemon, .eexist): "Daemon has already run"
        case (.stopSyncDaemon, .esrch): "No daemon is running"
        default: nil
        }
    }

    /// EPERM in ipvs_strerror's words; the director answers a peer without CAP_NET_ADMIN so.
    public static let permissionDenied = "Permission denied (you must be root)"

    /// ipvsadm's second line when it cannot initialize ipvs (main, after modprobe failed).
    public static let initializationHint = "Are you sure that IP Virtual Server is built in the kernel or as module?"

    /// `ipvsadm -L -t VIP:port` for a service the kernel does not have (ipvs_get_service, ESRCH).
    public static let noSuchService = "No such service"
}
