// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SwiftLVS",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lvs", targets: ["lvs"]),
        .library(name: "LVSCore", targets: ["LVSCore"]),
        .library(name: "LVSVocabulary", targets: ["LVSVocabulary"]),
        .library(name: "IPVSAdm", targets: ["IPVSAdm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The shared words: addresses, MACs, instants, protocol numbers, TCP flags, name lookups.
        // Depends on nothing, so the pure modules and the syscall module agree without knowing each other.
        .target(name: "LVSVocabulary"),
        // Pure IPVS logic: services, destinations, schedulers, connection table. No syscalls.
        .target(name: "LVSCore", dependencies: ["LVSVocabulary", "CLVSPrefetch"]),
        // The cache-prefetch hint Swift cannot express (the connection table's batched lookups). No syscalls.
        .target(name: "CLVSPrefetch"),
        // ipvsadm 1.31 command line: argv -> commands, and the byte-exact output formatters. No syscalls.
        .target(name: "IPVSAdm", dependencies: ["LVSCore", "LVSVocabulary"]),
        // Daemon <-> CLI messages and the control-socket server/client.
        .target(
            name: "LVSControl",
            dependencies: [
                "LVSCore", "LVSVocabulary", "LVSLinux", "CLVSLinux",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The one place for Linux syscalls behind small protocols.
        .target(name: "LVSLinux", dependencies: ["LVSVocabulary", "LVSWire", "CLVSLinux", "LVSXDP"]),
        // The XDP fast path's map encodings (bpf/lvs_xdp.c's key, entry and counters) and the
        // minimal ELF reader for the compiled program. No syscalls (the loader is in LVSLinux).
        .target(name: "LVSXDP", dependencies: ["LVSVocabulary"]),
        // Packet-ring (TPACKET) offsets, ioctl/setns shims and the signal-safe namespace cleanup.
        .target(name: "CLVSLinux"),
        // keepalived.conf (2.2.x): lexer with includes, the block tree, the typed LVS model with keepalived's
        // defaults and inheritance, diagnostics as keepalived words them, and the --dump-conf renderer.
        // Pure: files come through the ConfigFileSource protocol.
        .target(name: "LVSKeepalived", dependencies: ["LVSVocabulary", "LVSCore"]),
        // Network-namespace labs (lvs demo, the benchmark, integration tests).
        .target(name: "LVSLab", dependencies: ["LVSLinux", "LVSWire"]),
        // The lab's tiny HTTP server and client and the demo's plan (lvs demo, lab-http-*).
        .target(name: "LVSLabServices", dependencies: ["LVSLab", "LVSLinux"]),
        // Bounds-checked views over frame bytes and Internet checksums. No syscalls, no per-packet allocation.
        .target(name: "LVSWire", dependencies: ["LVSVocabulary"]),
        // Connection sync: between the wire's sync messages and the core's connections (later the
        // master/backup daemon's logic). No syscalls.
        .target(name: "LVSSync", dependencies: ["LVSWire", "LVSCore", "LVSVocabulary"]),
        // The VRRP instance state machine (a value that returns actions, time passed in) and the typed
        // vrrp_instance configuration read from keepalived's block tree. No syscalls.
        .target(name: "LVSVRRP", dependencies: ["LVSVocabulary", "LVSWire", "LVSKeepalived"]),
        // In-place DR/NAT/TUN rewrites, ARP replies, ICMP errors, decapsulation. No syscalls.
        .target(name: "LVSDataPlane", dependencies: ["LVSWire", "LVSCore", "LVSVocabulary"]),
        // The real-server side: ARP suppression, VIP on lo, userspace IPIP/GUE decapsulation.
        .target(
            name: "LVSRealServer", dependencies: ["LVSVocabulary", "LVSCore", "LVSWire", "LVSDataPlane", "LVSLinux"]),
        // The packet-forwarding director: data-plane workers over AF_PACKET rings, layer 2
        // (ARP for VIPs, neighbour resolution), and the control service over the workers' engines.
        .target(
            name: "LVSDirector",
            dependencies: [
                "LVSVocabulary", "LVSCore", "LVSWire", "LVSDataPlane", "LVSLinux", "LVSControl", "LVSSync", "LVSXDP",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // keepalived's health-check probes (one attempt of each check against one target) on swift-nio.
        .target(
            name: "LVSHealth",
            dependencies: [
                "LVSKeepalived", "LVSLinux", "LVSVocabulary",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
        // The running keepalived: one task per checker, the table lifecycle, the director link.
        .target(
            name: "LVSKeepalivedDaemon",
            dependencies: [
                "LVSKeepalived", "LVSHealth", "LVSCore", "LVSVocabulary", "LVSVRRP", "LVSWire", "LVSControl",
                "LVSLinux",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // What the director and lvs keepalived show while they run: table, counters, VRRP and checker state as
        // Prometheus text (node_exporter's node_ipvs_*, the keepalived exporter's keepalived_*, SwiftLVS's lvs_*)
        // and as small HTML status pages. No syscalls.
        .target(
            name: "LVSMetrics",
            dependencies: [
                "LVSCore", "LVSVocabulary", "LVSKeepalived", "LVSVRRP", "LVSWire",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]),
        // The HTTP listener of --metrics-listen: /metrics and the status page, on swift-nio.
        .target(
            name: "LVSMetricsServer",
            dependencies: [
                "LVSMetrics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "lvs",
            dependencies: [
                "LVSVocabulary", "LVSCore", "IPVSAdm", "LVSControl", "LVSLinux", "LVSDirector", "LVSLab",
                "LVSLabServices",
                "LVSRealServer", "LVSHealth", "LVSKeepalived", "LVSKeepalivedDaemon", "LVSVRRP", "LVSSync",
                "LVSMetrics", "LVSMetricsServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "LVSXDPTests",
            dependencies: [
                "LVSXDP", "LVSLinux", "LVSDataPlane", "LVSWire", "LVSCore", "LVSVocabulary", "LVSTestSupport",
                "LVSLab", "LVSLabTestSupport",
            ]),
        .testTarget(
            name: "LVSHealthTests",
            dependencies: [
                "LVSHealth", "LVSKeepalived", "LVSLinux",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        .testTarget(
            name: "LVSKeepalivedTests",
            dependencies: [
                "LVSKeepalived", "LVSVocabulary", "LVSCore", "IPVSAdm", "LVSTestSupport",
            ]),
        // Test support, split by what it needs so that a light test target stays light.
        // Addresses, MACs, frames, repository paths, the built lvs: nothing beyond file lookups.
        .target(name: "LVSTestSupport", dependencies: ["LVSVocabulary", "LVSWire"], path: "Tests/LVSTestSupport"),
        // Root and tool checks, lab host helpers, the programs lab tests run in the hosts.
        .target(
            name: "LVSLabTestSupport", dependencies: ["LVSTestSupport", "LVSLab", "LVSLinux"],
            path: "Tests/LVSLabTestSupport"),
        // ipvsadm in-process against a director's control service.
        .target(
            name: "LVSControlTestSupport", dependencies: ["IPVSAdm", "LVSControl", "LVSCore", "LVSVocabulary"],
            path: "Tests/LVSControlTestSupport"),
        .testTarget(
            name: "LVSKeepalivedDaemonTests",
            dependencies: [
                "LVSKeepalivedDaemon", "LVSKeepalived", "LVSHealth", "LVSCore", "LVSVocabulary", "IPVSAdm",
                "LVSVRRP", "LVSWire", "LVSControl", "LVSLinux",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "LVSMetricsTests",
            dependencies: [
                "LVSMetrics", "LVSMetricsServer", "LVSCore", "LVSVocabulary", "LVSTestSupport", "LVSKeepalived",
                "LVSVRRP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .testTarget(name: "LVSCoreTests", dependencies: ["LVSVocabulary", "LVSCore", "LVSTestSupport"]),
        // The director's state file format: a table through TableState and its codec and back.
        .testTarget(
            name: "LVSControlTests",
            dependencies: [
                "LVSControl", "LVSCore", "LVSVocabulary", "IPVSAdm", "LVSControlTestSupport", "LVSLinux",
                "LVSTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "LVSLinuxTests",
            dependencies: [
                "LVSVocabulary", "LVSLinux", "LVSLab", "LVSWire", "LVSTestSupport", "LVSLabTestSupport",
            ]),
        .testTarget(
            name: "LVSVRRPTests",
            dependencies: ["LVSVRRP", "LVSWire", "LVSVocabulary", "LVSKeepalived", "LVSTestSupport"]),
        .testTarget(name: "LVSWireTests", dependencies: ["LVSVocabulary", "LVSWire", "LVSCore", "LVSTestSupport"]),
        .testTarget(
            name: "LVSSyncTests", dependencies: ["LVSVocabulary", "LVSSync", "LVSWire", "LVSCore", "LVSTestSupport"]),
        .testTarget(
            name: "LVSDataPlaneTests",
            dependencies: [
                "LVSVocabulary", "LVSDataPlane", "LVSWire", "LVSCore", "LVSTestSupport",
            ]),
        .testTarget(name: "IPVSAdmTests", dependencies: ["LVSVocabulary", "IPVSAdm", "LVSCore", "LVSTestSupport"]),
        .testTarget(
            name: "DemoTests",
            dependencies: [
                "LVSVocabulary", "LVSLabServices", "LVSLab", "LVSLinux", "LVSTestSupport", "LVSLabTestSupport",
            ]),
        .testTarget(
            name: "RealServerTests",
            dependencies: [
                "LVSVocabulary", "LVSRealServer", "LVSLab", "LVSLinux", "LVSWire", "LVSCore", "LVSTestSupport",
                "LVSLabTestSupport",
            ]),
        .testTarget(
            name: "LVSDirectorTests",
            dependencies: [
                "LVSVocabulary", "LVSDirector", "LVSDataPlane", "LVSWire", "LVSCore", "LVSControl", "LVSLinux",
                "LVSTestSupport", "LVSXDP",
            ]),
        .testTarget(
            name: "DataPlaneLabTests",
            dependencies: [
                "LVSVocabulary", "LVSDirector", "LVSLab", "LVSLinux", "LVSControl", "IPVSAdm", "LVSWire", "LVSCore",
                "LVSTestSupport", "LVSLabTestSupport", "LVSControlTestSupport", "LVSXDP",
            ]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "LVSVocabulary", "LVSCore", "IPVSAdm", "LVSControl", "LVSTestSupport",
            ], resources: []),
        // `lvs keepalived` end to end: real director and keepalived processes, servers on 127.0.0.1.
        .testTarget(name: "KeepalivedIntegrationTests", dependencies: ["LVSTestSupport"]),
    ]
)

// libFuzzer targets, only with LVS_FUZZ=1 and `--sanitize=fuzzer` (libFuzzer supplies main):
// scripts/fuzz/run.sh builds and runs them; ordinary builds and CI never see them.
if Context.environment["LVS_FUZZ"] != nil {
    package.targets += [
        .executableTarget(
            name: "FrameProcessorFuzz",
            dependencies: ["LVSDirector", "LVSCore", "LVSWire", "LVSVocabulary"],
            path: "Fuzz/FrameProcessorFuzz", swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "ControlRequestFuzz",
            dependencies: ["LVSControl", "LVSCore", "LVSVocabulary"],
            path: "Fuzz/ControlRequestFuzz", swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
}
