import Figures
import Foundation
import ScalingCore
import TestSupport
import Testing

/// The gallery (`docs/gallery.md`, its pictures and CSVs in `docs/figures/`, written by `make plots`) must not
/// drift from the code: every registered figure has its picture and CSV, each CSV equals the regenerated figure (the
/// tables come from the per-process cache the golden test fills, so this costs no extra computation), and the page
/// is the one `Gallery.markdown` writes.
@Suite("Gallery figures in docs/figures")
struct GalleryFigureTests {
    static var root: String { packageRoot() }

    static var directory: String { root + "/docs/figures" }

    /// Figure ids of the committed pictures (SVG or PNG).
    static var ids: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".svg") || $0.hasSuffix(".png") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test("Every registered figure has its gallery picture, in the gallery's format, and the page is up to date")
    func galleryComplete() throws {
        for figure in FigureRegistry.all {
            let picture = Self.directory + "/\(figure.id).\(Gallery.format(of: figure).rawValue)"
            #expect(FileManager.default.fileExists(atPath: picture), "\(picture) missing; run 'make plots'")
        }
        let page = try String(contentsOfFile: Self.root + "/docs/gallery.md", encoding: .utf8)
        #expect(page == Gallery.markdown(FigureRegistry.all), "docs/gallery.md is stale; run 'make plots'")
    }

    @Test("Every picture in docs/figures is of a registered figure")
    func picturesAreRegistered() throws {
        #expect(Self.ids.count >= FigureRegistry.all.count, "run 'make plots'")
        for id in Self.ids { _ = try FigureRegistry.figure(id: id) }
    }

    /// Tolerance: the figure's own `goldenTolerance` (1e-9 relative for closed forms, looser and justified for
    /// optimiser outputs), with the same absolute floor as the golden-CSV test (1e-15 × the column's largest
    /// magnitude), so that rounding noise around zero is not drift.
    @Test("Each picture is complete and its CSV equals the regenerated figure", arguments: GalleryFigureTests.ids)
    func csvMatchesRegenerated(id: String) throws {
        if let svg = try? String(contentsOfFile: Self.directory + "/\(id).svg", encoding: .utf8) {
            #expect(svg.contains("<svg") && svg.contains("</svg>"), "\(id).svg is not a complete SVG")
        } else {
            let png = try Data(contentsOf: URL(fileURLWithPath: Self.directory + "/\(id).png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(id).png is not a PNG")
        }
        let csvPath = Self.directory + "/\(id).csv"
        guard FileManager.default.fileExists(atPath: csvPath) else {
            Issue.record("docs/figures/\(id).csv missing next to its picture; run 'make plots'")
            return
        }
        let figure = try FigureRegistry.figure(id: id)
        let fresh = try FigureTables.test(id)
        let committed = try Table.parseCSV(try String(contentsOfFile: csvPath, encoding: .utf8), source: csvPath)
        #expect(committed.columnNames == fresh.columnNames, "\(id): columns changed; run 'make plots'")
        #expect(committed.rowCount == fresh.rowCount, "\(id): row count changed; run 'make plots'")
        guard committed.columnNames == fresh.columnNames, committed.rowCount == fresh.rowCount else { return }
        let tolerance = figure.goldenTolerance
        for (new, old) in zip(fresh.columns, committed.columns) {
            switch (new.values, old.values) {
            case (.numbers(let a), .numbers(let b)):
                let scale = (a + b).map(abs).max() ?? 0
                let floor = max(1e-300, 1e-15 * scale, tolerance.absolute)
                let drifted = zip(a, b).filter { x, y in
                    abs(x - y) > tolerance.relative(for: new.name) * max(abs(x), abs(y)) && abs(x - y) > floor
                }
                let example = drifted.first.map { "\($0.0) vs committed \($0.1)" } ?? ""
                #expect(
                    drifted.isEmpty,
                    "\(id) column \(new.name): \(drifted.count) cells drifted, e.g. \(example); run 'make plots'")
            case (.texts(let a), .texts(let b)):
                #expect(a == b, "\(id) column \(new.name): text drifted; run 'make plots'")
            case (.numbers(let a), .texts(let b)):
                #expect(a.map(Table.format) == b, "\(id) column \(new.name) drifted")
            case (.texts(let a), .numbers(let b)):
                #expect(a == b.map(Table.format), "\(id) column \(new.name) drifted")
            }
        }
    }

    @Test("Every figure image a notebook links to exists in docs/figures")
    func notebookImageLinksResolve() throws {
        let notebooks = Self.root + "/notebooks-md"
        let names = try FileManager.default.contentsOfDirectory(atPath: notebooks).filter { $0.hasSuffix(".md") }
        var links = 0
        for name in names {
            let text = try String(contentsOfFile: notebooks + "/" + name, encoding: .utf8)
            var rest = Substring(text)
            while let start = rest.range(of: "](../docs/figures/") {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: ")") else { break }
                let file = String(rest[..<end])
                links += 1
                #expect(
                    FileManager.default.fileExists(atPath: Self.directory + "/" + file),
                    "\(name) links docs/figures/\(file), which does not exist; run 'make plots'")
            }
        }
        #expect(links > 0)
    }
}
