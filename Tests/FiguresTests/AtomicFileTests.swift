import Figures
import Foundation
import TestSupport
import Testing

@Suite("Atomic file writing")
struct AtomicFileTests {
    func temporaryDirectory() throws -> String { try makeTemporaryDirectory("ds3kit-atomic") }

    @Test("A write replaces the file whole and leaves no temporary file behind")
    func replacesWhole() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.csv"
        try AtomicFile.write("old\n", to: path)
        try AtomicFile.write("new\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }

    @Test("/dev/full, a directory target and a missing directory are errors; nothing is left behind")
    func failures() throws {
        if let full = TestSupport.fullDevice {  // absent on some machines (see TestSupport.fullDevice)
            #expect(throws: OutputFileError.self) { try AtomicFile.write("x\n", to: full) }
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: OutputFileError.self) { try AtomicFile.write("x\n", to: dir) }
        #expect(throws: OutputFileError.self) { try AtomicFile.write("x\n", to: dir + "/missing/out.csv") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
