import LVSCore

/// The ipvsadm commands, in the order of ipvsadm's command table (their names appear in
/// messages such as "Illegal 'weight' option with the 'delete-server' command").
enum IPVSAdmCommand: Int, CaseIterable, Sendable {
    case addService, editService, deleteService, flush, list
    case addServer, deleteServer, editServer, setTimeouts
    case startDaemon, stopDaemon, restore, save, zero

    var name: String {
        switch self {
        case .addService: "add-service"
        case .editService: "edit-service"
        case .deleteService: "delete-service"
        case .flush: "flush"
        case .list: "list"
        case .addServer: "add-server"
        case .deleteServer: "delete-server"
        case .editServer: "edit-server"
        case .setTimeouts: "set"
        case .startDaemon: "start-daemon"
        case .stopDaemon: "stop-daemon"
        case .restore: "restore"
        case .save: "save"
        case .zero: "zero"
        }
    }
}
