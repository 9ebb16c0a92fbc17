import DS3
import ScalingCore
import Testing

/// `TripartiteLink.populationGrid` (tabulated m', per-point memo of the incomplete beta, Chernoff skipping,
/// rows on several cores) is an exact re-arrangement of `population`: same arithmetic on the same operands, so it
/// must agree bit for bit at every grid point.
@Suite("Tripartite link: fast population grid")
struct TripartiteLinkGridTests {
    /// C_tr across the staircase of learned levels (1e25…1e27, as in F19) and C_inf from starved (every task gets
    /// fewer steps than it needs) to saturated, in both modes.
    @Test(
        "populationGrid equals population at every point, bit for bit, in both modes",
        arguments: TripartiteLink.Mode.allCases)
    func gridMatchesPopulation(mode: TripartiteLink.Mode) throws {
        let link = try TripartiteLink(mode: mode)
        let training = try Grid.geom(1e25, 1e27, 5)
        let inference = try Grid.geom(1e13, 5e17, 6)
        let grid = try link.populationGrid(trainingComputes: training, inferenceComputes: inference, threads: 2)
        #expect(grid.count == training.count * inference.count)
        var nonTrivial = 0
        for (i, cTr) in training.enumerated() {
            for (j, cInf) in inference.enumerated() {
                let reference = try link.population(trainingCompute: cTr, inferenceCompute: cInf)
                let fast = grid[i * inference.count + j]
                #expect(fast == reference, "C_tr = \(cTr), C_inf = \(cInf): \(fast) vs \(reference)")
                if reference.accuracy > 0.01, reference.accuracy < 0.99 { nonTrivial += 1 }
            }
        }
        #expect(nonTrivial >= 5, "the grid must exercise the level choice, not only 0 and 1 accuracies")
    }

    @Test("populationGrid does not depend on the thread count")
    func threadInvariance() throws {
        let link = try TripartiteLink(mode: .published)
        let training = try Grid.geom(1e25, 1e27, 7)
        let inference = try Grid.geom(1e14, 1e17, 3)
        let one = try link.populationGrid(trainingComputes: training, inferenceComputes: inference, threads: 1)
        let two = try link.populationGrid(trainingComputes: training, inferenceComputes: inference, threads: 2)
        let three = try link.populationGrid(trainingComputes: training, inferenceComputes: inference, threads: 3)
        #expect(one == two && two == three)
    }
}
