import LVSCore
import LVSDirector
import LVSVocabulary
import LVSWire

/// libFuzzer entry for the director's whole per-frame path (parse, engine verdict, rewrite) with
/// DR, NAT and TUN services; no syscalls. The first byte picks the ingress (interface, packet
/// type, checksum offload), the rest is the frame. Built only with `LVS_FUZZ=1` (see
/// scripts/fuzz/run.sh).
enum FrameProcessorFuzz {
    static let eth0MAC = MACAddress("02:1b:00:00:02:01")!
    static let eth1MAC = MACAddress("02:1b:00:00:02:02")!
    static let vip = InetAddress("198.18.0.50")!
    static let nat1 = InetAddress("198.18.1.11")!
    static let rs1 = InetAddress("198.18.0.11")!
    static let remote = InetAddress("198.18.5.7")!
    static let router = InetAddress("198.18.0.254")!

    static let view = NetworkView(
        interfaces: [
            DirectorInterface(
                name: "eth0", index: 2, mac: eth0MAC, mtu: 1500, addresses: [InetAddress("198.18.0.2")!]),
            DirectorInterface(
                name: "eth1", index: 3, mac: eth1MAC, mtu: 1500, addresses: [InetAddress("198.18.1.1")!]),
        ],
        routes: [
            DirectorRoute(prefix: InetAddress("198.18.0.0")!.v4, prefixLength: 24, interface: 0),
            DirectorRoute(prefix: InetAddress("198.18.1.0")!.v4, prefixLength: 24, interface: 1),
            DirectorRoute(prefix: InetAddress("198.18.5.0")!.v4, prefixLength: 24, interface: 0, gateway: router),
        ],
        neighbours: [
            NeighbourKey(address: rs1, interface: 0): MACAddress("02:1b:00:00:03:01")!,
            NeighbourKey(address: nat1, interface: 1): MACAddress("02:1b:00:00:05:01")!,
            NeighbourKey(address: router, interface: 0): MACAddress("02:1b:00:00:00:fe")!,
        ],
        virtualAddresses: [vip])

    /// One state for the whole run, so connections made by one input meet the next inputs.
    nonisolated(unsafe) static let state: WorkerState = {
        let http = ServiceKey.address(.tcp, vip, 80)
        let dns = ServiceKey.address(.udp, vip, 53)
        let engine = IPVSEngine()
        try! engine.apply(
            [
                .addService(ServiceConfig(key: http, scheduler: "rr")),
                .addDestination(
                    http, DestinationConfig(key: DestinationKey(address: nat1, port: 8080), forward: .masquerade)),
                .addDestination(http, DestinationConfig(key: DestinationKey(address: rs1, port: 80))),
                .addDestination(
                    http, DestinationConfig(key: DestinationKey(address: remote, port: 80), forward: .tunnel)),
                .addService(ServiceConfig(key: dns, scheduler: "sh")),
                .addDestination(
                    dns, DestinationConfig(key: DestinationKey(address: nat1, port: 5353), forward: .masquerade)),
            ], now: Instant(milliseconds: 0))
        return WorkerState(engine: engine)
    }()

    nonisolated(unsafe) static var input = [UInt8](repeating: 0, count: 65536)
    nonisolated(unsafe) static var output = [UInt8](repeating: 0, count: FrameProcessor.outputHeadroom + 65536 + 64)
    nonisolated(unsafe) static var clock: Int64 = 1000

    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let selector = bytes.first else { return }
        let frameBytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst().prefix(input.count))
        let ingress = Ingress(
            interface: Int(selector & 1), packetType: selector & 0x6 == 0 ? .broadcast : .host,
            checksumPartial: selector & 0x8 != 0)
        clock += Int64(selector >> 4) * 100
        input.withUnsafeMutableBytes { rx in
            rx.copyMemory(from: frameBytes)
            output.withUnsafeMutableBytes { raw in
                let frame = FrameBuffer(UnsafeMutableRawBufferPointer(rebasing: rx[0..<frameBytes.count]))
                var out = FrameBuffer(raw, start: FrameProcessor.outputHeadroom, count: 0)
                let action = FrameProcessor().process(
                    frame, ingress: ingress, state: state, neighbours: view, now: Instant(milliseconds: clock),
                    output: &out)
                if case .transmit = action {
                    // A transmitted frame must lie inside the output buffer: anything else is a bug.
                    precondition(out.start >= 0 && out.start + out.count <= raw.count, "output out of bounds")
                }
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrame(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    FrameProcessorFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
