import LVSControl
import LVSCore
import LVSVocabulary

/// libFuzzer entry for the control socket's request path: each input line goes through what
/// the daemon does with a received line (decode, re-validate, serve) against an in-memory
/// engine that lives for one input. Built only with `LVS_FUZZ=1` (see scripts/fuzz/run.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControlRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let service = EngineControlService(clock: { Instant(milliseconds: 1000) })
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
        _ = ControlRequestServing.serve(line: line, peer: .root, service: service)
    }
    return 0
}
