/// Which server of a virtual server a command is about: a real server by position, or the sorry server.
enum ServerSlot: Hashable, Sendable {
    case real(Int)
    case sorry
}
