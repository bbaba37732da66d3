import LVSCore
import LVSVocabulary

/// How the real server is kept from answering ARP for the VIP (which only the director may own).
public enum ARPSuppressionMethod: String, Sendable, Hashable, CaseIterable {
    /// arp_ignore=1 and arp_announce=2 on `all` and `lo` (what most LVS-DR guides do).
    case sysctl
    /// arptables rules: drop ARP requests for the VIP, rewrite the VIP out of outgoing ARP.
    case arptables
}
