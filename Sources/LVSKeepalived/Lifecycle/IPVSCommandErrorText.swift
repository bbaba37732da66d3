import LVSCore

/// The line keepalived logs when the kernel refuses a command it then ignores (ipvs_talk):
/// `IPVS cmd IP_VS_SO_SET_ADD(1154) error: Service already exists(17) (198.18.1.100:tcp:80)`.
enum IPVSCommandErrorText {
    /// The refusal keepalived would see for an operation the shadow table drops.
    static func line(for operation: AdminOperation, in table: ShadowTable) -> String? {
        switch operation {
        case .addService(let config):
            return text("IP_VS_SO_SET_ADD(1154)", "Service already exists(17)", service(config.key))
        case .editService(let config):
            return text("IP_VS_SO_SET_EDIT(1155)", "No such service(3)", service(config.key))
        case .deleteService(let key):
            return text("IP_VS_SO_SET_DEL(1156)", "No such service(3)", service(key))
        case .addDestination(let key, let destination):
            let reason = table.contains(key) ? "Destination already exists(17)" : "No such service(3)"
            return text("IP_VS_SO_SET_ADDDEST(1159)", reason, service(key) + rule(destination.key))
        case .editDestination(let key, let destination):
            return text("IP_VS_SO_SET_EDITDEST(1161)", "No such service(3)", service(key) + rule(destination.key))
        case .deleteDestination(let key, let destination):
            let reason = table.contains(key) ? "No such destination(2)" : "No such service(3)"
            return text("IP_VS_SO_SET_DELDEST(1160)", reason, service(key) + rule(destination))
        case .clear, .zero, .setTimeouts, .startSyncDaemon, .stopSyncDaemon:
            return nil
        }
    }

    private static func text(_ command: String, _ error: String, _ rule: String) -> String {
        "IPVS cmd \(command) error: \(error) (\(rule))"
    }

    /// format_srule.
    private static func service(_ key: ServiceKey) -> String {
        switch key {
        case .address(let proto, let address, let port):
            let word =
                switch proto {
                case .tcp: "tcp"
                case .udp: "udp"
                case .sctp: "sctp"
                }
            return "\(address):\(word):\(port)"
        case .fwmark(let mark, let family):
            return "Fwm \(mark)\(family == .inet6 ? " inet6" : "")"
        }
    }

    /// format_drule.
    private static func rule(_ key: DestinationKey) -> String {
        " -> \(key.address):\(key.port)"
    }
}
