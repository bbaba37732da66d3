import LVSCore

// TEMPORARY STUB so the runner compiles on the wt-parse branch; the formatter helper's real
// IPVSAdmFormatter replaces this file on merge. It deliberately prints nothing.
public enum IPVSAdmFormatter {
    public static func list(_ s: TableSnapshot, options: ListOptions, resolver: any NameResolver) -> String { "" }
    public static func save(_ s: TableSnapshot, numeric: Bool, service: ServiceKey?, resolver: any NameResolver) -> String { "" }
}
