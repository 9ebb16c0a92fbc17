// swift-tools-version:6.2
import PackageDescription

/// DS3Kit: the tripartite training theory, the DS3 inference theory and compute-optimal allocation.
/// Modules follow DESIGN.md: CGSL → GSL ─┐ ScalingCore ─┼→ Tripartite → DS3 → ComputeOptimal → Figures → ds3.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]
/// The numerical modules (GSL wrappers, the two theories, the solvers, the figures) are optimised in debug builds too:
/// the everyday test tier (`swift test`, a debug build) runs ~3× faster (90 s → 29 s on 2 cores, 2026-12-06) with
/// every test unchanged and still `@testable`; results are the same doubles as in `-Onone` and release builds (the
/// golden and bit-identity tests pass in all three). Set `DS3KIT_ONONE=1` when building to step through them in a
/// debugger unoptimised.
let numeric: [SwiftSetting] =
    strict + (Context.environment["DS3KIT_ONONE"] == "1" ? [] : [.unsafeFlags(["-O"], .when(configuration: .debug))])
let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "DS3Kit",
    products: [
        .library(name: "GSL", targets: ["GSL"]),
        .library(name: "ScalingCore", targets: ["ScalingCore"]),
        .library(name: "Tripartite", targets: ["Tripartite"]),
        .library(name: "DS3", targets: ["DS3"]),
        .library(name: "ComputeOptimal", targets: ["ComputeOptimal"]),
        .library(name: "Figures", targets: ["Figures"]),
        .library(name: "DS3Kit", targets: ["DS3Kit"]),
        .executable(name: "ds3", targets: ["ds3"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .target(
            name: "GSL",
            dependencies: ["CGSL", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: numeric),
        .target(
            name: "ScalingCore",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: numeric),
        .target(
            name: "Tripartite",
            dependencies: ["GSL", "ScalingCore", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: numeric),
        .target(
            name: "DS3",
            dependencies: [
                "GSL", "ScalingCore", "Tripartite", .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: numeric),
        .target(
            name: "ComputeOptimal",
            dependencies: [
                "GSL", "ScalingCore", "Tripartite", "DS3",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: numeric),
        .target(
            name: "Figures",
            dependencies: ["GSL", "ScalingCore", "Tripartite", "DS3", "ComputeOptimal"],
            swiftSettings: numeric),
        .target(
            name: "DS3Kit",
            dependencies: ["GSL", "ScalingCore", "Tripartite", "DS3", "ComputeOptimal", "Figures"],
            swiftSettings: strict),
        .executableTarget(
            name: "ds3",
            dependencies: [
                "GSL", "ScalingCore", "Tripartite", "DS3", "ComputeOptimal", "Figures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // Shared by the test targets (package paths, fixtures, the built ds3 executable); not a product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GSLTests", dependencies: ["GSL", "ScalingCore", "TestSupport", propertyBased]),
        .testTarget(name: "ScalingCoreTests", dependencies: ["ScalingCore", "TestSupport"]),
        .testTarget(name: "TripartiteTests", dependencies: ["Tripartite", "GSL", "ScalingCore", "TestSupport"]),
        .testTarget(
            name: "DS3Tests", dependencies: ["DS3", "Tripartite", "GSL", "ScalingCore", "TestSupport", propertyBased]),
        .testTarget(
            name: "ComputeOptimalTests",
            dependencies: ["ComputeOptimal", "DS3", "Tripartite", "GSL", "ScalingCore", "TestSupport", propertyBased]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "ScalingCore", "TestSupport"]),
        .testTarget(
            name: "ds3Tests",
            dependencies: ["ds3", "ComputeOptimal", "Figures", "ScalingCore", "TestSupport", argumentParser]),
        .testTarget(name: "DocumentationTests", dependencies: ["TestSupport"]),
        .testTarget(name: "DS3KitTests", dependencies: ["DS3Kit"]),
        .testTarget(
            name: "NotebookTests",
            dependencies: [
                "ds3", "GSL", "ScalingCore", "Tripartite", "DS3", "ComputeOptimal", "Figures", "TestSupport",
                argumentParser,
            ]),
    ]
)
