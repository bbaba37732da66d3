/// Why an ELF object is not a BPF program this loader can use.
public enum BPFObjectFileError: Error, Equatable, CustomStringConvertible {
    case notELF64LittleEndian
    case notBPF(machine: UInt16)
    case truncated(what: String)
    case missingSection(String)
    case unsupportedRelocation(type: UInt32, offset: UInt64)
    case relocationOutsideProgram(offset: UInt64)
    case relocationNotMapLoad(instructionIndex: Int)
    case unknownMapSymbol(String)
    case badMapDefinition(String)
    case noDescriptorForMap(String)

    public var description: String {
        switch self {
        case .notELF64LittleEndian: "not a 64-bit little-endian ELF object"
        case .notBPF(let m): "ELF machine \(m) is not BPF (247)"
        case .truncated(let what): "ELF object truncated: \(what)"
        case .missingSection(let name): "ELF object has no section \(name)"
        case .unsupportedRelocation(let type, let offset):
            "relocation type \(type) at offset \(offset) is not R_BPF_64_64 (map load)"
        case .relocationOutsideProgram(let offset): "relocation at offset \(offset) is outside the program"
        case .relocationNotMapLoad(let i): "relocated instruction \(i) is not a 64-bit immediate load"
        case .unknownMapSymbol(let name): "relocation refers to \(name), which is not in the maps section"
        case .badMapDefinition(let name): "map \(name) has no complete definition in the maps section"
        case .noDescriptorForMap(let name): "no map descriptor given for \(name)"
        }
    }
}
