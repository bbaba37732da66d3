// swift-tools-version:6.1
import PackageDescription

// Microbenchmarks of the per-packet paths (run: swift package --disable-sandbox benchmark).
// A separate package so the main build and CI never need the benchmark dependency.
let package = Package(
    name: "SwiftLVSBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SwiftLVS", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SchedulerBenchmarks",
            dependencies: [
                .product(name: "LVSCore", package: "SwiftLVS"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SchedulerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
