// swift-tools-version:6.2
import PackageDescription

/// libFuzzer targets for DS3Kit's data-file parsers. Build and run (CI does this for a bounded time):
///   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
///   .build/debug/FuzzTableCSV -max_total_time=60 Corpus/
let package = Package(
    name: "DS3KitFuzz",
    dependencies: [.package(path: "DS3Kit")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzTableCSV",
            dependencies: ["FuzzSupport", .product(name: "ScalingCore", package: "DS3Kit")]),
        .executableTarget(
            name: "FuzzFitData",
            dependencies: ["FuzzSupport", .product(name: "ComputeOptimal", package: "DS3Kit")]),
    ]
)
