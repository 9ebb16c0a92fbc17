import ArgumentParser
import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import ds3

/// `ds3 plot FILE.csv`: any CSV drawn with gnuplot; bad columns are refused with their name. Runs in process.
@Suite("ds3 plot")
struct PlotCommandTests {
    static var csv: String { packageRoot() + "/docs/figures/tri-A-a.csv" }

    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "ds3kit-plot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("Named columns, a figure's curated plot and a user's CSV each render to the requested format only")
    func renders() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PlotCommand.parse([
            Self.csv, "--x", "C", "--y", "N_star", "--y", "D_star", "--logx", "--logy", "--out", dir + "/a.svg",
        ])
        .run()
        try PlotCommand.parse([Self.csv, "--format", "pdf", "--out", dir + "/b.pdf"]).run()
        // A user's CSV without metadata: one text column and a surface.
        var text = "model,x,y,z\n"
        for model in ["m1", "m2"] { for x in 1...4 { for y in 1...3 { text += "\(model),\(x),\(y),\(x * y)\n" } } }
        try text.write(toFile: dir + "/user.csv", atomically: true, encoding: .utf8)
        try PlotCommand.parse([dir + "/user.csv", "--format", "png"]).run()
        try PlotCommand.parse([
            dir + "/user.csv", "--x", "x", "--y", "y", "--z", "z", "--by", "model", "--kind", "heatmap", "--out",
            dir + "/h.svg",
        ]).run()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["a.svg", "b.pdf", "h.svg", "user.csv", "user.png"])
        let pdf = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.pdf"))
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let heat = try String(contentsOfFile: dir + "/h.svg", encoding: .utf8)
        #expect(heat.contains("m1") && heat.contains("m2"), "one panel per model, titled with its name")
    }

    @Test("A column the file does not have is refused, naming the option, the column and the file's columns")
    func missingColumn() {
        for args in [
            [Self.csv, "--x", "C", "--y", "nope"], [Self.csv, "--x", "nope", "--y", "C"],
            [Self.csv, "--x", "C", "--y", "N_star", "--by", "nope"],
        ] {
            do {
                _ = try PlotCommand.parse(args)
                Issue.record("\(args) accepted")
            } catch {
                let message = PlotCommand.message(for: error)
                #expect(message.contains("'nope'") && message.contains("N_star, D_star"), "\(message)")
            }
        }
    }

    @Test("A surface without --z, or --y without --x, is refused in one line")
    func incompleteRequests() {
        for args in [[Self.csv, "--x", "C", "--y", "N_star", "--kind", "contour"], [Self.csv, "--y", "N_star"]] {
            #expect(throws: (any Error).self) { _ = try PlotCommand.parse(args) }
        }
    }
}
