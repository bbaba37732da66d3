/// The parts of a compiled BPF ELF object (clang --target=bpf) the loader needs: one program
/// section's instructions, the maps it declares, the map loads to patch with descriptors, and the
/// license. Deliberately minimal (no BTF, no subprogram calls, no global data): the program is
/// written so that this is all it has (bpf/lvs_xdp.c), and anything else is a clear error.
public struct BPFObjectFile: Sendable {
    /// The program's instructions as compiled (8 bytes each, map loads not yet patched).
    public let instructions: [UInt8]
    public let maps: [BPFMapDefinition]
    public let mapReferences: [BPFMapReference]
    public let license: String

    static let bpfMachine: UInt16 = 247
    static let relocationMapLoad: UInt32 = 1  // R_BPF_64_64
    static let loadImmediate64: UInt8 = 0x18  // BPF_LD | BPF_IMM | BPF_DW
    static let pseudoMapDescriptor: UInt8 = 1  // BPF_PSEUDO_MAP_FD

    private struct Section {
        var name: String
        var type: UInt32
        var offset: Int
        var size: Int
        var link: Int
        var info: Int
    }

    /// Parses `bytes`; `programSection` is the ELF section of the program (SEC("xdp")).
    public init(_ bytes: [UInt8], programSection: String = "xdp") throws(BPFObjectFileError) {
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46,
            bytes[4] == 2, bytes[5] == 1
        else { throw .notELF64LittleEndian }
        let machine = try reader.u16(18, "header")
        guard machine == Self.bpfMachine else { throw .notBPF(machine: machine) }
        let sectionTable = try reader.offset(0x28, "header")
        let sectionEntrySize = Int(try reader.u16(0x3A, "header"))
        let sectionCount = Int(try reader.u16(0x3C, "header"))
        let namesIndex = Int(try reader.u16(0x3E, "header"))
        guard sectionEntrySize >= 64, sectionTable > 0, sectionTable <= bytes.count else {
            throw .truncated(what: "section table")
        }
        var raw: [(nameOffset: Int, section: Section)] = []
        for i in 0..<sectionCount {
            let at = sectionTable + i * sectionEntrySize
            raw.append(
                (
                    Int(try reader.u32(at, "section header")),
                    Section(
                        name: "", type: try reader.u32(at + 4, "section header"),
                        offset: try reader.offset(at + 24, "section header"),
                        size: try reader.offset(at + 32, "section header"),
                        link: Int(try reader.u32(at + 40, "section header")),
                        info: Int(try reader.u32(at + 44, "section header")))
                ))
        }
        guard raw.indices.contains(namesIndex) else { throw .truncated(what: "section names") }
        let namesOffset = raw[namesIndex].section.offset
        var sections: [Section] = []
        for (nameOffset, section) in raw {
            var s = section
            s.name = try reader.cString(namesOffset + nameOffset, "section name")
            sections.append(s)
        }
        func named(_ name: String) throws(BPFObjectFileError) -> (Int, Section) {
            guard let i = sections.firstIndex(where: { $0.name == name }) else { throw .missingSection(name) }
            return (i, sections[i])
        }
        let (programIndex, program) = try named(programSection)
        let (mapsIndex, mapsSection) = try named("maps")
        let (_, licenseSection) = try named("license")
        guard let symbolTable = sections.first(where: { $0.type == 2 }) else { throw .missingSection(".symtab") }
        guard sections.indices.contains(symbolTable.link) else { throw .truncated(what: "symbol names") }
        let symbolNames = sections[symbolTable.link].offset

        instructions = try reader.slice(program.offset, program.size, "program")
        license = try reader.cString(licenseSection.offset, "license")

        // Map symbols: their value is the definition's offset in the maps section.
        var symbols: [Int: (name: String, section: Int, value: Int)] = [:]
        var maps: [BPFMapDefinition] = []
        var mapNameByOffset: [Int: String] = [:]
        for i in 0..<(symbolTable.size / 24) {
            let at = symbolTable.offset + i * 24
            let name = try reader.cString(symbolNames + Int(try reader.u32(at, "symbol")), "symbol name")
            let section = Int(try reader.u16(at + 6, "symbol"))
            let value = try reader.offset(at + 8, "symbol")
            symbols[i] = (name, section, value)
            guard section == mapsIndex, !name.isEmpty else { continue }
            guard value >= 0, value + 20 <= mapsSection.size else { throw .badMapDefinition(name) }
            let d = mapsSection.offset + value
            maps.append(
                BPFMapDefinition(
                    name: name, type: try reader.u32(d, name), keySize: try reader.u32(d + 4, name),
                    valueSize: try reader.u32(d + 8, name), maxEntries: try reader.u32(d + 12, name),
                    flags: try reader.u32(d + 16, name)))
            mapNameByOffset[value] = name
        }
        self.maps = maps.sorted { $0.name < $1.name }

        var references: [BPFMapReference] = []
        for relocations in sections where relocations.type == 9 && relocations.info == programIndex {
            for i in 0..<(relocations.size / 16) {
                let at = relocations.offset + i * 16
                let offset = try reader.u64(at, "relocation")
                let info = try reader.u64(at + 8, "relocation")
                let type = UInt32(truncatingIfNeeded: info)
                guard type == Self.relocationMapLoad else { throw .unsupportedRelocation(type: type, offset: offset) }
                guard offset % 8 == 0, offset <= UInt64(max(0, program.size - 16)), program.size >= 16 else {
                    throw .relocationOutsideProgram(offset: offset)
                }
                let index = Int(offset / 8)
                guard instructions[index * 8] == Self.loadImmediate64 else {
                    throw .relocationNotMapLoad(instructionIndex: index)
                }
                guard let symbol = symbols[Int(info >> 32)] else { throw .unknownMapSymbol("#\(info >> 32)") }
                guard symbol.section == mapsIndex, let name = mapNameByOffset[symbol.value] else {
                    throw .unknownMapSymbol(symbol.name)
                }
                references.append(BPFMapReference(instructionIndex: index, mapName: name))
            }
        }
        mapReferences = references
    }

    /// The instructions with every map load turned into a BPF_PSEUDO_MAP_FD load of the map's
    /// descriptor, ready for BPF_PROG_LOAD.
    public func instructions(mapDescriptors: [String: Int32]) throws(BPFObjectFileError) -> [UInt8] {
        var patched = instructions
        for reference in mapReferences {
            guard let fd = mapDescriptors[reference.mapName] else { throw .noDescriptorForMap(reference.mapName) }
            let at = reference.instructionIndex * 8
            patched[at + 1] = (patched[at + 1] & 0x0F) | (Self.pseudoMapDescriptor << 4)
            let value = UInt32(bitPattern: fd)
            for i in 0..<4 { patched[at + 4 + i] = UInt8(truncatingIfNeeded: value >> UInt32(8 * i)) }
            // The second half of ld_imm64 carries the upper 32 bits: zero for a descriptor.
            for i in 0..<4 { patched[at + 12 + i] = 0 }
        }
        return patched
    }
}
