import Foundation
import ScalingCore
import Testing

@testable import Figures

/// Full-resolution (paper-grid) variants of the figures whose golden CSVs use a reduced grid. Only cheap variants
/// are computed here (debug build): ds3-F3 in full, and the shared table functions of ds3-F21 and ds3-F14 on grids
/// that contain the test grid. The heavy full variants (F6, F7, F12, F13, F19, and F14/F21 themselves) are computed
/// by `ds3 figures all` in a release build, where the registry checks their columns the same way.
@Suite("Full-resolution figure variants")
struct FullResolutionTests {
    /// The figures whose test grid is coarser than the paper's.
    static let reducedIds = ["ds3-F3", "ds3-F6", "ds3-F7", "ds3-F12", "ds3-F13", "ds3-F14", "ds3-F19", "ds3-F21"]

    static func texts(_ table: Table, _ name: String) -> [String] {
        guard let column = table.columns.first(where: { $0.name == name }), case .texts(let values) = column.values
        else { return [] }
        return values
    }

    /// |a − b| ≤ tolerance · max(|a|, |b|).
    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(abs(a), abs(b))
    }

    @Test("Exactly the reduced figures have a full variant")
    func reducedFiguresHaveFullVariants() {
        let withFull = FigureRegistry.all.filter(\.hasFullVariant).map(\.id)
        #expect(withFull.sorted() == Self.reducedIds.sorted())
    }

    @Test("A figure without a full variant gives the same table at both resolutions")
    func singleVariantFigureIsResolutionIndependent() throws {
        let figure = try FigureRegistry.figure(id: "ds3-F5")
        #expect(!figure.hasFullVariant)
        let full = try FigureRegistry.table(for: figure, resolution: .full)
        let test = try FigureRegistry.table(for: figure, resolution: .test)
        #expect(try full.csv() == test.csv())
        #expect(full.metadataValue("resolution") == nil)
    }

    @Test("Both variants share one declared column list, and the registry enforces it at each resolution")
    func registryEnforcesDeclaredColumnsAtBothResolutions() throws {
        let good = try Table(names: ["x", "y"], rows: [[1, 2]])
        let bad = try Table(names: ["x", "z"], rows: [[1, 2]])
        let fullWrong = FigureSpec(
            id: "t-full", paper: .project, title: "t", columns: ["x", "y"], makeFull: { bad }, make: { good })
        _ = try FigureRegistry.table(for: fullWrong, resolution: .test)
        #expect(throws: ParameterError.self) { try FigureRegistry.table(for: fullWrong, resolution: .full) }
        let testWrong = FigureSpec(
            id: "t-test", paper: .project, title: "t", columns: ["x", "y"], makeFull: { good }, make: { bad })
        _ = try FigureRegistry.table(for: testWrong, resolution: .full)
        #expect(throws: ParameterError.self) { try FigureRegistry.table(for: testWrong, resolution: .test) }
    }

    /// Both variants evaluate the same closed form N = C/(6 D_tr + 2 I Ω), so where the grids share a point the
    /// values agree to the golden tolerance (1e-9 relative). Grid points are matched at 1e-12 relative: geom grids
    /// of different sizes hit the same decade end points up to a few ulps.
    @Test("ds3-F3 full: the paper's 200 x 200 and 100 x 200 surfaces contain the test grid's shared points")
    func f3FullContainsTestPoints() throws {
        let figure = try FigureRegistry.figure(id: "ds3-F3")
        let full = try FigureRegistry.table(for: figure, resolution: .full)
        let test = try FigureRegistry.table(for: figure, resolution: .test)
        #expect(full.columnNames == figure.columns && test.columnNames == figure.columns)
        #expect(full.metadataValue("resolution") == "full")
        #expect(test.metadataValue("resolution") == nil)
        #expect(full.metadataValue("surface")?.contains("geom(1e9, 1e14, 200)") == true)
        let fullSections = Self.texts(full, "section")
        let testSections = Self.texts(test, "section")
        // Surface sizes: 200 x 200 (C = 1e26) + 100 x 200 (C = 1e29); test 41 x 41 twice; cross-sections 4 x 200.
        #expect(fullSections.filter { $0 == "surface" }.count == 200 * 200 + 100 * 200)
        #expect(testSections.filter { $0 == "surface" }.count == 2 * 41 * 41)
        #expect(fullSections.count - 60_000 == 800 && testSections.count - 2 * 41 * 41 == 800)
        let names = ["C", "D_tr", "Omega", "N"]
        let f = try names.map { try full.numbers($0) }
        let t = try names.map { try test.numbers($0) }
        // Rows keyed by section, C and (D_tr, Ω) rounded to 1e-6 in log10 (grid spacing ≥ 0.02 decades, so no two
        // points of one grid share a key); a key hit is then confirmed at 1e-12 relative.
        func key(_ section: String, _ c: Double, _ d: Double, _ omega: Double) -> String {
            "\(section) \(c) \((log10(d) * 1e6).rounded()) \((log10(omega) * 1e6).rounded())"
        }
        var index: [String: Int] = [:]
        for i in 0..<full.rowCount { index[key(fullSections[i], f[0][i], f[1][i], f[2][i])] = i }
        var shared = 0
        for j in 0..<test.rowCount {
            guard let i = index[key(testSections[j], t[0][j], t[1][j], t[2][j])],
                Self.close(f[1][i], t[1][j], 1e-12), Self.close(f[2][i], t[2][j], 1e-12)
            else { continue }
            shared += 1
            #expect(Self.close(f[3][i], t[3][j], 1e-9), "N at D_tr \(t[1][j]), Omega \(t[2][j])")
        }
        // Shared: every cross-section row (800) and the 4 corners of each of the two surfaces.
        #expect(shared == 800 + 2 * 4)
    }

    /// The F21 table function on C_tr geom(1e24, 1e27, 19) × C_inf geom(1e13, 1e19, 12) (18 = 2 · 9 intervals on
    /// C_tr, as the full 100 × 100 nests it with 99 = 11 · 9) contains all 120 test points; the tripartite accuracy and
    /// tokens there equal the test variant's to the golden tolerance (1e-9 relative, closed forms).
    @Test("ds3-F21's grid function on a grid nesting the test grid reproduces the test values at shared points")
    func f21NestedGridAgreesWithTestVariant() throws {
        let figure = try FigureRegistry.figure(id: "ds3-F21")
        let test = try FigureRegistry.table(for: figure, resolution: .test)
        let fine = try DS3Figures.f21Table(ctrPoints: 19, infPoints: 12, note: "nested")
        #expect(fine.columnNames == figure.columns)
        let names = ["C_tr", "C_inf_alloc", "tokens", "acc"]
        let f = try names.map { try fine.numbers($0) }
        let t = try names.map { try test.numbers($0) }
        var shared = 0
        for j in 0..<test.rowCount {
            guard
                let i = (0..<fine.rowCount).first(where: {
                    Self.close(f[0][$0], t[0][j], 1e-12) && Self.close(f[1][$0], t[1][j], 1e-12)
                })
            else { continue }
            shared += 1
            #expect(Self.close(f[2][i], t[2][j], 1e-9), "tokens at C_tr \(t[0][j]), C_inf \(t[1][j])")
            #expect(Self.close(f[3][i], t[3][j], 1e-9), "acc at C_tr \(t[0][j]), C_inf \(t[1][j])")
        }
        #expect(shared == 10 * 12)
    }

    /// The full variant's majority-vote curve runs over the same N axis (unique integers of geom(1, 1e4, 100)) past
    /// 300; the shared N ≤ 300 points, the oracle/pdf/cdf panels and the plateau are unchanged (exact computation,
    /// golden tolerance 1e-9 relative). Computed here with N up to 400 (three more N) to stay fast in debug builds.
    @Test("ds3-F14: extending the exact majority-vote curve keeps the test curve's shared points")
    func f14ExtendedCurveKeepsTestPoints() throws {
        let figure = try FigureRegistry.figure(id: "ds3-F14")
        let test = try FigureRegistry.table(for: figure, resolution: .test)
        let longer = try DS3Figures.f14Table(mvMax: 400)
        #expect(longer.columnNames == figure.columns)
        func keyed(_ table: Table) throws -> [String: Double] {
            let panel = Self.texts(table, "panel")
            let model = Self.texts(table, "model")
            let x = try table.numbers("x")
            let y = try table.numbers("y")
            var out: [String: Double] = [:]
            for i in 0..<table.rowCount { out["\(panel[i]) \(model[i]) \(x[i])"] = y[i] }
            return out
        }
        let short = try keyed(test)
        let long = try keyed(longer)
        #expect(long.count > short.count)
        for (key, y) in short {
            guard let z = long[key] else {
                Issue.record("missing \(key) in the longer curve")
                continue
            }
            #expect(Self.close(y, z, 1e-9), "\(key): \(y) vs \(z)")
        }
        func mvSamples(_ table: Table) throws -> [Double] {
            let panel = Self.texts(table, "panel")
            return try table.numbers("x").enumerated().filter { panel[$0.offset] == "mv" }.map(\.element)
        }
        #expect(try mvSamples(test).allSatisfy { $0 <= 300 })
        #expect(try mvSamples(longer).contains { $0 > 300 })
        #expect(longer.metadataValue("mv_N_max") == "400")
    }
}
