import LVSCore

/// keepalived's ipvs_cmd: how a command on a virtual or real server becomes kernel operations.
extension KeepalivedTableLifecycle {
    enum DestinationCommand {
        case add, edit, delete
    }

    /// Sends an operation unless keepalived would see it fail and ignore it (it logs the refusal).
    mutating func send(_ operation: AdminOperation) {
        if let admitted = table.admit(operation) {
            recorder.send(admitted)
        } else if let line = IPVSCommandErrorText.line(for: operation, in: table) {
            recorder.log(line)
        }
    }

    func server(_ v: Int, _ slot: ServerSlot) -> RealServerState? {
        switch slot {
        case .real(let r): virtualServers[v].realServers[r]
        case .sorry: virtualServers[v].sorryServer
        }
    }

    mutating func modify(_ v: Int, _ slot: ServerSlot, _ change: (inout RealServerState) -> Void) {
        switch slot {
        case .real(let r): change(&virtualServers[v].realServers[r])
        case .sorry:
            guard var sorry = virtualServers[v].sorryServer else { return }
            change(&sorry)
            virtualServers[v].sorryServer = sorry
        }
    }

    mutating func addServices(_ v: Int) {
        let vs = virtualServers[v]
        // On reload keepalived adds only the group entries that are new (ipvs_group_cmd).
        for target in vs.targets where !vs.reloadedTargets.contains(target.key) {
            send(.addService(VirtualServiceTarget.serviceConfig(target.key, of: vs.server)))
        }
    }

    mutating func editServices(_ v: Int) {
        let vs = virtualServers[v]
        for target in vs.targets {
            send(.editService(VirtualServiceTarget.serviceConfig(target.key, of: vs.server)))
        }
    }

    mutating func deleteServices(_ v: Int) {
        for target in virtualServers[v].targets {
            send(.deleteService(target.key))
        }
    }

    /// ipvs_cmd for a destination: inhibited servers are edited to weight 0 instead of deleted
    /// and edited back instead of added; `set` follows what is in the table.
    mutating func command(_ command: DestinationCommand, _ v: Int, _ slot: ServerSlot) {
        guard var rs = server(v, slot) else { return }
        var command = command
        var weight = rs.kernelWeight
        if command == .delete && rs.inhibit {
            weight = 0
            command = .edit
        } else if command == .add && rs.inhibit && rs.set {
            command = .edit
        } else if command == .add && !rs.set {
            rs.set = true
            if rs.inhibit && rs.failedCheckers > 0 {
                weight = 0
            }
        } else if command == .delete && rs.set {
            rs.set = false
        }
        let setNow = rs.set
        modify(v, slot) { $0.set = setNow }
        let vs = virtualServers[v]
        for target in vs.targets {
            // ipvs_change_needed: over a group, keepalived adds a dead server and deletes a live one only.
            if vs.isGroup && (command == .add && rs.alive || command == .delete && !rs.alive) {
                continue
            }
            let destination = rs.destination(for: target, weight: weight)
            switch command {
            case .add: send(.addDestination(target.key, destination))
            case .edit: send(.editDestination(target.key, destination))
            case .delete: send(.deleteDestination(target.key, destination.key))
            }
        }
    }
}
