// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SwiftLVS",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lvs", targets: ["lvs"]),
        .library(name: "LVSCore", targets: ["LVSCore"]),
        .library(name: "IPVSAdm", targets: ["IPVSAdm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Pure IPVS logic: services, destinations, schedulers, connection table. No syscalls.
        .target(name: "LVSCore"),
        // ipvsadm 1.31 command line: argv -> commands, and the byte-exact output formatters. No syscalls.
        .target(name: "IPVSAdm", dependencies: ["LVSCore"]),
        // Daemon <-> CLI messages and the control-socket server/client.
        .target(name: "LVSControl", dependencies: [
            "LVSCore", "IPVSAdm",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The one place for Linux syscalls behind small protocols.
        .target(name: "LVSLinux", dependencies: ["LVSCore", "LVSWire", "IPVSAdm", "CLVSLinux"]),
        // TPACKET_V3 offsets, ioctl/setns shims and the signal-safe namespace cleanup.
        .target(name: "CLVSLinux"),
        // Network-namespace labs (lvs demo, lvs bench, integration tests).
        .target(name: "LVSLab", dependencies: ["LVSLinux", "LVSWire"]),
        // The lab's tiny HTTP server and client and the demo's plan (lvs demo, lab-http-*).
        .target(name: "LVSLabServices", dependencies: ["LVSLab", "LVSLinux"]),
        // Bounds-checked views over frame bytes and Internet checksums. No syscalls, no per-packet allocation.
        .target(name: "LVSWire", dependencies: ["LVSCore"]),
        // In-place DR/NAT/TUN rewrites, ARP replies, ICMP errors, decapsulation. No syscalls.
        .target(name: "LVSDataPlane", dependencies: ["LVSWire", "LVSCore"]),
        // The real-server side: ARP suppression, VIP on lo, userspace IPIP/GUE decapsulation.
        .target(name: "LVSRealServer", dependencies: ["LVSCore", "LVSWire", "LVSDataPlane", "LVSLinux"]),
        // The packet-forwarding director: data-plane workers over AF_PACKET rings, layer 2
        // (ARP for VIPs, neighbour resolution), and the control service over the workers' engines.
        .target(name: "LVSDirector", dependencies: [
            "LVSCore", "LVSWire", "LVSDataPlane", "LVSLinux", "LVSControl",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "lvs", dependencies: [
            "LVSCore", "IPVSAdm", "LVSControl", "LVSLinux", "LVSDirector", "LVSLab", "LVSLabServices", "LVSRealServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "LVSCoreTests", dependencies: ["LVSCore"]),
        .testTarget(name: "LVSLinuxTests", dependencies: ["LVSLinux", "LVSLab", "LVSWire"]),
        .testTarget(name: "LVSWireTests", dependencies: ["LVSWire", "LVSCore"]),
        .testTarget(name: "LVSDataPlaneTests", dependencies: ["LVSDataPlane", "LVSWire", "LVSCore"]),
        .testTarget(name: "IPVSAdmTests", dependencies: ["IPVSAdm", "LVSCore"]),
        .testTarget(name: "DemoTests", dependencies: ["LVSLabServices", "LVSLab", "LVSLinux"]),
        .testTarget(name: "RealServerTests", dependencies: ["LVSRealServer", "LVSLab", "LVSLinux", "LVSWire", "LVSCore"]),
        .testTarget(name: "LVSDirectorTests", dependencies: ["LVSDirector", "LVSDataPlane", "LVSWire", "LVSCore", "LVSControl"]),
        .testTarget(name: "DataPlaneLabTests", dependencies: [
            "LVSDirector", "LVSLab", "LVSLinux", "LVSControl", "IPVSAdm", "LVSWire", "LVSCore",
        ]),
        .testTarget(name: "IntegrationTests", dependencies: ["LVSCore", "IPVSAdm", "LVSControl"],
                    resources: []),
    ]
)
