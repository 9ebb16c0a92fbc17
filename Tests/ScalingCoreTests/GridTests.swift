import Foundation
import ScalingCore
import Testing

@Suite("Grids match numpy digit for digit")
struct GridTests {
    /// Expected values printed by numpy 2.4 (`logspace(log10 a, log10 b, n)`, `linspace`); equality is exact
    /// because both sides compute start + i·step and then the same libm `pow(10, ·)`.
    @Test("geom(1e14, 1e27, 100) and geom(10^8.5, 1e17, 1000) equal numpy logspace exactly")
    func geomMatchesNumpy() throws {
        let g = try Grid.geom(1e14, 1e27, 100)
        #expect(g.count == 100)
        #expect(g[1] == 135304777457980.75)
        #expect(g[37] == 7.220809018385456e+18)
        #expect(g[98] == 7.390722033525836e+26)
        let h = try Grid.geom(pow(10, 8.5), 1e17, 1000)
        #expect(h[1] == 322484249.8408446)
        #expect(h[500] == 5678769671688.09)
        #expect(h[999] == 1e17)
    }

    @Test("lin(0.1, 4.0, 8) and a descending lin(3.5, 2.0, 5) equal numpy linspace exactly")
    func linMatchesNumpy() throws {
        #expect(
            try Grid.lin(0.1, 4.0, 8) == [
                0.1, 0.6571428571428571, 1.2142857142857144, 1.7714285714285716, 2.3285714285714287,
                2.8857142857142857, 3.442857142857143, 4.0,
            ])
        #expect(try Grid.lin(3.5, 2.0, 5) == [3.5, 3.125, 2.75, 2.375, 2.0])
        #expect(try Grid.lin(2, 7, 1) == [2])
    }

    @Test("Invalid grids throw a ParameterError naming the parameter")
    func invalidGrids() {
        #expect(throws: ParameterError.self) { try Grid.geom(0, 10, 5) }
        #expect(throws: ParameterError.self) { try Grid.lin(0, .nan, 5) }
        #expect(throws: ParameterError.self) { try Grid.lin(0, 1, 0) }
    }

    @Test("uniqueIntegers truncates, de-duplicates and sorts")
    func uniqueIntegers() {
        #expect(Grid.uniqueIntegers([1.0, 1.5, 2.9, 2.0, 10.2]) == [1, 2, 10])
    }
}
