// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SwiftLVSBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SwiftLVS", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ConnectionTableBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LVSCore", package: "SwiftLVS"),
            ],
            path: "Benchmarks/ConnectionTableBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
