import LVSLinux
import Testing

@Suite("Classic BPF programs with labels")
struct ClassicBPFProgramTests {
    @Test("labels become forward jump offsets counted from the next instruction")
    func labelsResolve() {
        let p = ClassicBPFProgram([
            .op(ClassicBPF.loadByteAbsolute, 9),
            .jump(ClassicBPF.jumpIfEqualK, 6, ifTrue: "tcp", ifFalse: "other"),
            .label("tcp"),
            .op(ClassicBPF.returnA),
            .jumpAlways("end"),
            .label("other"),
            .op(ClassicBPF.loadWordAbsolute, 12),
            .label("end"),
            .op(ClassicBPF.returnA),
        ]).instructions
        #expect(
            p == [
                ClassicBPFInstruction(0x30, 0, 0, 9),
                ClassicBPFInstruction(0x15, 0, 2, 6),
                ClassicBPFInstruction(0x16),
                ClassicBPFInstruction(0x05, 0, 0, 1),
                ClassicBPFInstruction(0x20, 0, 0, 12),
                ClassicBPFInstruction(0x16),
            ])
    }

    @Test("offsets relative to the network header are SKF_NET_OFF plus the offset")
    func networkOffsets() {
        #expect(ClassicBPF.network(9) == 0xFFF0_0009)
        #expect(ClassicBPF.ancillaryProtocol == 0xFFFF_F000)
    }
}
