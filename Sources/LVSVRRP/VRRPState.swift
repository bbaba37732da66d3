/// The states of a VRRP instance: RFC 3768/5798's three plus keepalived's FAULT (the interface or
/// a tracked object is down: the instance neither advertises nor listens).
public enum VRRPState: String, Sendable, Hashable {
    case initialize = "INIT"
    case backup = "BACKUP"
    case master = "MASTER"
    case fault = "FAULT"
}
