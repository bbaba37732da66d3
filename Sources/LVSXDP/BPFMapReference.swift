/// A 64-bit immediate load (`ld_imm64`) in the program that must hold a map's descriptor: the
/// relocation the compiler left for a map symbol.
public struct BPFMapReference: Sendable, Equatable {
    /// Index of the instruction (8-byte unit) in the program section.
    public var instructionIndex: Int
    public var mapName: String

    public init(instructionIndex: Int, mapName: String) {
        self.instructionIndex = instructionIndex
        self.mapName = mapName
    }
}
