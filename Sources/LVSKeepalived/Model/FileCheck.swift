/// `FILE_CHECK { }`: follow a number written in a file declared by a root `track_file` block.
public struct FileCheck: Hashable, Sendable {
    /// The name of the `track_file` block.
    public var trackFile: String
    /// Multiplier for the value read; nil: the track_file block's own weight.
    public var weight: Int32?
    public var reverse: Bool

    public init(trackFile: String, weight: Int32? = nil, reverse: Bool = false) {
        self.trackFile = trackFile
        self.weight = weight
        self.reverse = reverse
    }
}
