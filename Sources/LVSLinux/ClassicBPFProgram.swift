import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// A classic BPF program written with named labels instead of counted jump offsets.
/// Jumps go forward only (the kernel's rule); a nil target means "the next instruction".
public struct ClassicBPFProgram {
    public enum Step {
        case op(UInt16, UInt32 = 0)
        case jump(UInt16, UInt32 = 0, ifTrue: String? = nil, ifFalse: String? = nil)
        case jumpAlways(String)
        case label(String)
    }

    public let instructions: [ClassicBPFInstruction]

    /// Resolves the labels. A missing or backward label is a programming error in a static
    /// program, so it traps at first use (tests build every program).
    public init(_ steps: [Step]) {
        var positions: [String: Int] = [:]
        var pc = 0
        for step in steps {
            if case .label(let name) = step { positions[name] = pc } else { pc += 1 }
        }
        func offset(_ label: String?, from pc: Int) -> Int {
            guard let label else { return 0 }
            guard let target = positions[label], target > pc else { preconditionFailure("bad BPF label \(label)") }
            return target - pc - 1
        }
        var out: [ClassicBPFInstruction] = []
        for step in steps {
            let pc = out.count
            switch step {
            case .label: continue
            case .op(let code, let k):
                out.append(ClassicBPFInstruction(code, 0, 0, k))
            case .jump(let code, let k, let t, let f):
                let jt = offset(t, from: pc)
                let jf = offset(f, from: pc)
                precondition(jt < 256 && jf < 256, "BPF jump too far")
                out.append(ClassicBPFInstruction(code, UInt8(jt), UInt8(jf), k))
            case .jumpAlways(let label):
                out.append(ClassicBPFInstruction(ClassicBPF.jumpAlways, 0, 0, UInt32(offset(label, from: pc))))
            }
        }
        instructions = out
    }
}
