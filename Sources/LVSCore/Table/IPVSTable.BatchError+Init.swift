extension IPVSTable.BatchError {
    /// A refusal made outside the table with the table's shape: the control socket's own
    /// re-validation answers a bad batch as the kernel would (operation and errno).
    public init(refusing operation: AdminOperation, at index: Int, error: IPVSError) {
        self.init(index: index, operation: operation, error: error)
    }
}
