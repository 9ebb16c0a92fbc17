import Foundation
import TestSupport
import Testing

/// An output that cannot be created is reported as a permission problem naming the option and the path, not as a
/// missing file (issue 23). The tests run as root, so the paths are under /sys and /proc, where not even root can
/// create a file (/sys answers EACCES, /proc ENOENT).
@Suite("ds3 fit: unwritable outputs")
struct OutputPermissionTests {
    static let coverage = packageRoot() + "/fixtures/fit/synthetic-coverage.csv"

    @Test(
        "An unwritable --out or --save says 'cannot write: permission denied' with the flag and path, prints nothing, exits 1",
        arguments: [
            ("--out", "/sys/x.csv"), ("--save", "/sys/x.json"), ("--out", "/proc/x.csv"), ("--save", "/proc/x.json"),
        ])
    func unwritableOutput(flag: String, path: String) throws {
        let result = try runDS3(["fit", "passk", "--data", Self.coverage, flag, path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "ds3: error: \(flag) '\(path)': cannot write: permission denied\n")
    }
}
