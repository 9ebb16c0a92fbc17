// swift-tools-version: 6.0
// A package of your own that extends DS3Kit: a custom strategy, loss law, task population and figure, each run
// through the library's solvers exactly as the built-ins are. Build and run: `swift run --package-path Examples`.
import PackageDescription

let package = Package(
    name: "DS3KitExamples",
    dependencies: [.package(name: "DS3Kit", path: "..")],
    targets: [
        .executableTarget(
            name: "ExtendDS3Kit", dependencies: [.product(name: "DS3Kit", package: "DS3Kit")])
    ]
)
