import LVSVocabulary

/// Why the engine left a packet alone: not IPVS's business (the kernel's own stack may use it).
public enum PassReason: UInt8, FrameReason {
    /// Not TCP, UDP or SCTP.
    case unsupportedProtocol
    /// No connection and no virtual service for its destination.
    case noService
    /// TCP without SYN (or with RST) and no connection: IPVS creates connections only on SYN.
    case notConnectionStart
    /// Active FTP data from port 20 is never scheduled.
    case ftpData
    /// Other ports on an FTP virtual address that no service claims.
    case ftpOtherPort
    /// A reply that belongs to no NAT connection (DR/TUN replies never come back this way).
    case noConnection

    public var label: String {
        switch self {
        case .unsupportedProtocol: "unsupported_protocol"
        case .noService: "no_service"
        case .notConnectionStart: "not_connection_start"
        case .ftpData: "ftp_data"
        case .ftpOtherPort: "ftp_other_port"
        case .noConnection: "no_connection"
        }
    }
}
