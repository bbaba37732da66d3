import LVSVocabulary

/// What names a persistence template (kernel ip_vs_conn_fill_param_persist): protocol, client
/// network (the client address under the service's -M mask), virtual address (or fwmark) and
/// port (0 for port-0 and FTP services).
struct TemplateKey: Hashable {
    var proto: UInt8
    var client: InetAddress
    var virtual: InetAddress
    var port: UInt16
}
