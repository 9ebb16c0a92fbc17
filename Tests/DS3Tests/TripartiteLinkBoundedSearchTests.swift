import DS3
import ScalingCore
import Testing

/// The bounded best-level search of `populationGrid` (levels skipped by their reach γ^{m'} or Chernoff bound, the
/// lowest level kept among equal values, values of exactly 1 carried along a row of increasing budgets) must
/// choose exactly the level `population` chooses: same accuracy and — through the chosen (m', r') — the same
/// compute used, bit for bit. A dense row of budgets exercises the carried exact-1 values and the many ties of
/// value 1 between levels (the released model's γ = 1 makes every well-funded level reach I = 1).
@Suite("Tripartite link: bounded best-level search")
struct TripartiteLinkBoundedSearchTests {
    @Test(
        "Dense grid: bounded search equals population at every point, bit for bit",
        arguments: [
            (TripartiteLink.Mode.published, 7, 24),
            (TripartiteLink.Mode.theory, 3, 10),
        ])
    func denseGridMatchesPopulation(mode: TripartiteLink.Mode, rows: Int, columns: Int) throws {
        let link = try TripartiteLink(mode: mode)
        let training = try Grid.geom(1e25, 1e27, rows)
        let inference = try Grid.geom(1e13, 5e17, columns)
        let grid = try link.populationGrid(trainingComputes: training, inferenceComputes: inference, threads: 2)
        var interior = 0
        var saturated = 0
        for (i, cTr) in training.enumerated() {
            let competence = try link.competence(trainingCompute: cTr)
            for (j, cInf) in inference.enumerated() {
                let reference = try link.population(
                    trainingCompute: cTr, inferenceCompute: cInf, competence: competence)
                let fast = grid[i * inference.count + j]
                #expect(fast == reference, "\(mode) C_tr = \(cTr), C_inf = \(cInf): \(fast) vs \(reference)")
                if reference.accuracy > 0.01, reference.accuracy < 0.99 { interior += 1 }
                if reference.accuracy > 0.999 { saturated += 1 }
            }
        }
        // Both regimes must occur: level choice among partial accuracies, and ties at accuracy 1.
        #expect(interior >= 3)
        #expect(saturated >= 3)
    }
}
