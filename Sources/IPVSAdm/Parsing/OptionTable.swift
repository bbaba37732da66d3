

enum OptionTable {
    static let options: [OptionSpec] = [
        OptionSpec("add-service", "A", .none, .addService),
        OptionSpec("edit-service", "E", .none, .editService),
        OptionSpec("delete-service", "D", .none, .deleteService),
        OptionSpec("clear", "C", .none, .clear),
        OptionSpec("list", "L", .none, .list),
        OptionSpec("list", "l", .none, .list),
        OptionSpec("zero", "Z", .none, .zero),
        OptionSpec("add-server", "a", .none, .addServer),
        OptionSpec("edit-server", "e", .none, .editServer),
        OptionSpec("delete-server", "d", .none, .deleteServer),
        OptionSpec("set", nil, .none, .set),
        OptionSpec("help", "h", .none, .help),
        OptionSpec("version", "v", .none, .version),
        OptionSpec("restore", "R", .none, .restore),
        OptionSpec("save", "S", .none, .save),
        OptionSpec("start-daemon", nil, .required, .startDaemon),
        OptionSpec("stop-daemon", nil, .required, .stopDaemon),
        OptionSpec("tcp-service", "t", .required, .tcpService),
        OptionSpec("udp-service", "u", .required, .udpService),
        OptionSpec("sctp-service", nil, .required, .sctpService),
        OptionSpec("fwmark-service", "f", .required, .fwmarkService),
        OptionSpec("scheduler", "s", .required, .scheduler),
        OptionSpec("persistent", "p", .optional, .persistent),
        OptionSpec("netmask", "M", .required, .netmask),
        OptionSpec("real-server", "r", .required, .realServer),
        OptionSpec("masquerading", "m", .none, .masquerading),
        OptionSpec("ipip", "i", .none, .ipip),
        OptionSpec("gatewaying", "g", .none, .gatewaying),
        OptionSpec("weight", "w", .required, .weight),
        OptionSpec("u-threshold", "x", .required, .upperThreshold),
        OptionSpec("l-threshold", "y", .required, .lowerThreshold),
        OptionSpec("numeric", "n", .none, .numeric),
        OptionSpec("connection", "c", .none, .connection),
        OptionSpec("mcast-interface", nil, .required, .mcastInterface),
        OptionSpec("syncid", nil, .required, .syncID),
        OptionSpec("timeout", nil, .none, .timeout),
        OptionSpec("daemon", nil, .none, .daemon),
        OptionSpec("stats", nil, .none, .stats),
        OptionSpec("rate", nil, .none, .rate),
        OptionSpec("thresholds", nil, .none, .thresholds),
        OptionSpec("persistent-conn", nil, .none, .persistentConn),
        OptionSpec("nosort", nil, .none, .noSort),
        OptionSpec("sort", nil, .none, .sort),
        OptionSpec("exact", "X", .none, .exact),
        OptionSpec("ipv6", "6", .none, .ipv6),
        OptionSpec("ops", "o", .none, .onePacket),
        OptionSpec("pe", nil, .required, .persistenceEngine),
        OptionSpec("sched-flags", "b", .required, .schedFlags),
        OptionSpec("mcast-group", nil, .required, .mcastGroup),
        OptionSpec("mcast-port", nil, .required, .mcastPort),
        OptionSpec("mcast-ttl", nil, .required, .mcastTTL),
        OptionSpec("sync-maxlen", nil, .required, .syncMaxlen),
        OptionSpec("tun-info", nil, .none, .tunInfo),
        OptionSpec("tun-type", nil, .required, .tunType),
        OptionSpec("tun-port", nil, .required, .tunPort),
        OptionSpec("tun-nocsum", nil, .none, .tunNoChecksum),
        OptionSpec("tun-csum", nil, .none, .tunChecksum),
        OptionSpec("tun-remcsum", nil, .none, .tunRemoteChecksum),
    ]

    static func find(long name: Substring) -> OptionSpec? {
        options.first { $0.long.map { $0[...] == name } ?? false }
    }

    static func find(short c: UInt8) -> OptionSpec? {
        options.first { $0.short == c }
    }
}
