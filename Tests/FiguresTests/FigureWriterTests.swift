import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import Figures

/// The CSV writer (piece by piece) and `writeAll` (several figures at a time) must write exactly the bytes of
/// `Table.csv()` and of one-figure-at-a-time runs, whatever the thread count.
@Suite("Figure writer: CSV pieces and parallel regeneration")
struct FigureWriterTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "ds3kit-writer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A table with quoting-prone text (commas, quotes, newlines) in names, cells and metadata.
    static func awkwardTable(rows: Int) throws -> Table {
        try Table(
            columns: [
                Table.Column("x", (0..<rows).map { Double($0) * 0.1 }),
                Table.Column("label, \"quoted\"", texts: (0..<rows).map { $0 % 3 == 0 ? "a,\"b\"\nc" : "r\($0)" }),
                Table.Column("y\nz", (0..<rows).map { 1e-300 * Double($0 + 1) }),
            ],
            metadata: [.init("note", "two\nlines"), .init("k", "v")])
    }

    @Test("Pieces concatenate to Table.csv() for every piece size, including 0 rows and exact multiples")
    func piecesConcatenateToCSV() throws {
        for rows in [0, 1, 7, 14, 50] {
            let table = try Self.awkwardTable(rows: rows)
            let whole = try table.csv()
            for size in [1, 3, 7, 1000] {
                var text = ""
                try FigureWriter.csvPieces(table, rowsPerPiece: size) { text += $0 }
                #expect(text == whole, "\(rows) rows, pieces of \(size)")
            }
        }
    }

    @Test("A CSV written in pieces parses back to the same table")
    func piecewiseFileRoundTrips() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let table = try Self.awkwardTable(rows: 3 * FigureWriter.rowsPerPiece + 5)
        try FigureWriter.writeCSV(table, to: dir + "/t.csv")
        let text = try String(contentsOfFile: dir + "/t.csv", encoding: .utf8)
        #expect(text == (try table.csv()))
    }

    /// Cheap figures plus test variants of figures that split their own grid over the cores (every day); the slow
    /// tier adds the costlier ds3-F13 and the Pareto frontier.
    static let sample =
        ["tri-A-a", "ds3-F4", "ds3-F6", "ds3-F12", "ds3-F2"] + (TestTier.slow ? ["ds3-F13", "proj-pareto"] : [])

    @Test("writeAll on one and on two threads writes the files of one-by-one runs, byte for byte")
    func writeAllIsThreadCountInvariant() throws {
        let figures = try Self.sample.map { try FigureRegistry.figure(id: $0) }
        // A one-by-one run writes `Table.csv()` of the figure's table (the pieces test above): the shared table of
        // this test process stands for it.
        let single = try figures.map { Data(try FigureTables.test($0.id).csv().utf8) }
        for threads in [1, 2] {
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let paths = try FigureWriter.writeAll(figures, to: dir, resolution: .test, threads: threads)
            #expect(paths == figures.map { [dir + "/\($0.id).csv"] })
            for (figure, a) in zip(figures, single) {
                let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(figure.id).csv"))
                #expect(!a.isEmpty && a == b, "\(figure.id) on \(threads) threads")
            }
        }
    }

    @Test("writeAll rethrows the first failing figure's error, in registry order")
    func writeAllReportsTheFirstError() throws {
        struct Boom: Error, Equatable { let id: String }
        let good = try Table(names: ["x"], rows: [[1]])
        let figures = ["a", "b", "c", "d"].map { id in
            FigureSpec(id: id, paper: .project, title: id, columns: ["x"]) {
                if id == "b" || id == "d" { throw Boom(id: id) }
                return good
            }
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for threads in [1, 2] {
            #expect(throws: Boom(id: "b")) { try FigureWriter.writeAll(figures, to: dir, threads: threads) }
        }
    }
}
