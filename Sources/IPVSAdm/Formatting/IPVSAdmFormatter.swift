import LVSCore
import LVSVocabulary

/// ipvsadm 1.31's listings, byte for byte: `-L` in all its variants and `-S`.
/// The snapshot holds services and real servers in kernel order; sorting is done here, as
/// ipvsadm does it, unless `--nosort`.
public enum IPVSAdmFormatter {
    /// What `ipvsadm -L [options]` prints on stdout. With `options.service` set and absent from
    /// the snapshot this is empty: ipvsadm prints "No such service" on stderr and exits 1
    /// instead (see `hasService`).
    public static func list(_ s: TableSnapshot, options: ListOptions, resolver: any NameResolver) -> String {
        let namer = EndpointNamer(numeric: options.numeric, resolver: resolver)
        if options.connections {
            return ConnectionListFormatter(namer: namer, persistenceEngineColumns: options.persistentConnections)
                .format(s.connections)
        }
        let columns = ListColumns(options)
        let entry = ServiceEntryFormatter(
            columns: columns, namer: namer, exact: options.exact,
            sortDestinations: !options.noSort)
        if let key = options.service {
            guard let service = s.services.first(where: { $0.config.key == key }) else { return "" }
            return columns.title + entry.format(service)
        }
        if options.timeout { return DaemonListFormatter.timeouts(s.timeouts) }
        if options.daemon { return DaemonListFormatter.format(s.syncDaemons) }
        var out = "IP Virtual Server version 1.2.1 (size=\(Int32(bitPattern: s.connectionTableSize)))\n"
        out += columns.title
        let services = options.noSort ? s.services : KernelListOrder.services(s.services)
        for service in services { out += entry.format(service) }
        return out
    }

    /// `ipvsadm -L -c`'s heading, and then its rows piece by piece as `connectionRows` gives
    /// them: a table of any size is printed without holding it whole.
    public static func connectionHeading(options: ListOptions, resolver: any NameResolver) -> String {
        connectionFormatter(options, resolver).heading
    }

    public static func connectionRows(
        _ rows: [ConnectionSnapshot], options: ListOptions, resolver: any NameResolver
    ) -> String {
        connectionFormatter(options, resolver).lines(rows)
    }

    private static func connectionFormatter(
        _ options: ListOptions, _ resolver: any NameResolver
    )
        -> ConnectionListFormatter
    {
        ConnectionListFormatter(
            namer: EndpointNamer(numeric: options.numeric, resolver: resolver),
            persistenceEngineColumns: options.persistentConnections)
    }

    /// What `ipvsadm -S [-n]` prints. ipvsadm refuses `-S` with a service; given one, this
    /// prints just that service's rules.
    public static func save(
        _ s: TableSnapshot, numeric: Bool, service: ServiceKey?, resolver: any NameResolver
    ) -> String {
        let entry = ServiceEntryFormatter(
            columns: .rules, namer: EndpointNamer(numeric: numeric, resolver: resolver),
            exact: false, sortDestinations: true)
        var services = KernelListOrder.services(s.services)
        if let service { services = services.filter { $0.config.key == service } }
        return services.map(entry.format).joined()
    }

    /// Whether `ipvsadm -L -t/-u/-f ...` finds its service (else "No such service", exit 1).
    public static func hasService(_ s: TableSnapshot, _ key: ServiceKey) -> Bool {
        s.services.contains { $0.config.key == key }
    }
}
