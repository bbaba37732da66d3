public enum IPVSControlError: Error, Hashable, Sendable {
    /// The kernel-side refusal of one operation of a batch.
    case rejected(IPVSTable.BatchError)
    /// The director could not be reached (message says why, e.g. socket path and errno).
    case unreachable(String)
}
