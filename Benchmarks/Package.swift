// swift-tools-version:6.1
import PackageDescription

// Microbenchmarks live in their own package so the main build and CI stay lean.
// Run: cd Benchmarks && swift package --disable-sandbox benchmark
let package = Package(
    name: "SwiftLVSBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, because SwiftPM would otherwise call a path package after its folder.
        .package(name: "SwiftLVS", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SchedulerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LVSCore", package: "SwiftLVS"),
                .product(name: "LVSVocabulary", package: "SwiftLVS"),
            ],
            path: "Benchmarks/SchedulerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ConnectionTableBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LVSCore", package: "SwiftLVS"),
                .product(name: "LVSVocabulary", package: "SwiftLVS"),
            ],
            path: "Benchmarks/ConnectionTableBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
