import Foundation
import Testing

@Suite("ds3 figures and error reporting")
struct FiguresCommandTests {
    @Test("ds3 --version prints the package version")
    func version() throws {
        let r = try runDS3(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("ds3 figures list prints one line per registered figure (or says none)")
    func list() throws {
        let r = try runDS3(["figures", "list"])
        #expect(r.status == 0)
        #expect(!r.stdout.isEmpty)
    }

    @Test("ds3 figures run nonexistent prints one clear error line and exits 2")
    func unknownFigure() throws {
        let r = try runDS3(["figures", "run", "nonexistent"])
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(r.stderr.contains("nonexistent"))
        #expect(r.stdout.isEmpty)
    }

    @Test("Unknown options are one-line usage errors with exit status 2")
    func unknownOption() throws {
        let r = try runDS3(["figures", "list", "--bogus"])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test("ds3 figures all writes one CSV per registered figure")
    func all() throws {
        let dir = NSTemporaryDirectory() + "ds3kit-figs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let list = try runDS3(["figures", "list"])
        let expected = list.stdout.split(separator: "\n").filter { $0.contains("\t") }.count
        let r = try runDS3(["figures", "all", "--out", dir, "--resolution", "test"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(files.filter { $0.hasSuffix(".csv") }.count == expected)
        #expect(!files.contains { $0.hasPrefix(".") })
    }
}
