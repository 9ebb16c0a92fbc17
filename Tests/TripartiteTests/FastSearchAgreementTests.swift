import GSL
import RealModule
import ScalingCore
import TestSupport
import Testing

@testable import Tripartite

/// The pruned searches (`BPThreshold.solveGrid`, and `ComputeOptimalTraining.optimum` with the same threshold
/// solver) against the full scans they replace (`solveReference`, `optimumReference`). Both prune only grid points
/// that a proven bound excludes and then run the same polish, so the tolerance is zero: every field must be
/// bit-identical. The grid-free threshold (`BPThreshold.solve`) agrees with them to rounding instead
/// (`GridFreeThresholdTests`), and the fast optimum to Brent's location tolerance (`fastOptimumMatchesReference`).
@Suite("Pruned threshold and optimum searches agree exactly with the full scans")
struct FastSearchAgreementTests {
    /// Binomial ensembles across the search windows of both modes (T/R from 0.3 to 60, R from 1 to 1e12, including
    /// p = d_t/R clipped to 1), regular LDPC ensembles and Poisson limits, at the default and at coarse/fine grids.
    @Test("BPThreshold.solveGrid equals solveReference bit for bit (binomial, regular, Poisson; several grids)")
    func thresholdMatchesFullScan() throws {
        var cases = 0
        for R in try Grid.geom(1, 1e12, 25) {
            for ratio in try Grid.geom(0.3, 60, 12) {
                let graph = try ConceptTextGraph(concepts: R, texts: max(1, ratio * R))
                let ensemble = try graph.ensemble()
                #expect(
                    try BPThreshold.solveGrid(ensemble) == BPThreshold.solveReference(ensemble), "R \(R), T/R \(ratio)")
                cases += 1
            }
        }
        // n − 1 ∈ (0, 1): ℓ is not concave, so no tangent bounds (concaveScanSlope is nil).
        for n in [1.0, 1.3, 1.9] {
            let ensemble = try BinomialEnsemble(variableTrials: 40, checkTrials: n, edgeProbability: 0.9)
            #expect(try BPThreshold.solveGrid(ensemble) == BPThreshold.solveReference(ensemble), "n \(n)")
            cases += 1
        }
        for (dv, dc) in [(3, 6), (2, 4), (3, 4), (4, 8), (5, 6), (2, 20)] {
            let ensemble = try RegularEnsemble(variableDegree: dv, checkDegree: dc)
            for (xMin, points) in [(0.1, 64), (0.01, 200), (0.3, 5), (0.1, 3)] {
                #expect(
                    try BPThreshold.solveGrid(ensemble, xMin: xMin, gridPoints: points)
                        == BPThreshold.solveReference(ensemble, xMin: xMin, gridPoints: points), "(\(dv),\(dc))")
                cases += 1
            }
        }
        for ds in try Grid.geom(0.5, 500, 40) {
            let ensemble = try PoissonEnsemble(meanConceptDegree: ds, meanTextDegree: 12)
            #expect(try BPThreshold.solveGrid(ensemble) == BPThreshold.solveReference(ensemble), "d_s \(ds)")
            #expect(
                try BPThreshold.solveGrid(ensemble, gridPoints: 200)
                    == BPThreshold.solveReference(ensemble, gridPoints: 200), "d_s \(ds), 200 points")
            cases += 2
        }
        #expect(cases == 25 * 12 + 3 + 6 * 4 + 80)
    }

    /// The tangent bounds of the pruned scan need ℓ(x) = ln λ(1 − ρ(1 − x)) concave and its slope right:
    /// `concaveScanSlope` equals a central difference of ℓ (step 1e-5: truncation ~1e-10·|ℓ‴|, rounding
    /// ~1e-16·|ℓ|/1e-5; tolerance 1e-6 relative plus 1e-9 absolute), and every tangent lies above ℓ on a grid of
    /// [0.1, 0.99] (up to 1e-12·(1 + |ℓ|) of rounding).
    @Test("concaveScanSlope is ℓ' and its tangents lie above ℓ (binomial, regular, Poisson)")
    func scanSlopesAreTangentsOfConcaveTail() throws {
        func check<E: DegreeEnsembleShortcuts>(_ ensemble: E, _ label: String) throws {
            func tail(_ x: Double) -> Double { ensemble.logLambda(1 - ensemble.rho(1 - x)) }
            let xs = try Grid.lin(0.1, 0.99, 30)
            for x0 in xs {
                let h = 1e-5
                let numeric = (tail(x0 + h) - tail(x0 - h)) / (2 * h)
                let s0 = try #require(ensemble.concaveScanSlope(x0, rhoOfComplement: ensemble.rho(1 - x0)), "\(label)")
                #expect(abs(s0 - numeric) <= 1e-6 * abs(numeric) + 1e-9, "\(label) at x = \(x0): \(s0) vs \(numeric)")
                for x in xs {
                    #expect(tail(x) <= tail(x0) + s0 * (x - x0) + 1e-12 * (1 + abs(tail(x))), "\(label) \(x0) \(x)")
                }
            }
        }
        for (R, ratio) in [(3.0, 5.0), (50, 4), (1e4, 6), (1e8, 2)] {
            try check(try ConceptTextGraph(concepts: R, texts: ratio * R).ensemble(), "binomial R \(R)")
        }
        try check(try RegularEnsemble(variableDegree: 3, checkDegree: 6), "(3,6)")
        try check(try RegularEnsemble(variableDegree: 2, checkDegree: 2), "(2,2)")
        try check(try PoissonEnsemble(meanConceptDegree: 30, meanTextDegree: 12), "Poisson")
        #expect(
            try BinomialEnsemble(variableTrials: 5, checkTrials: 1.5, edgeProbability: 0.5)
                .concaveScanSlope(0.5, rhoOfComplement: 0.5) == nil)
    }

    /// Every fourth budget of the notebook's 200 (published window) and 25 budgets in the corrected window: with the
    /// full-scan threshold on both sides, R*, the finite-size law at R* and the near-tie list are identical (the
    /// pruned R grid, its certificates and split, and Brent started from the grid values change nothing).
    @Test("ComputeOptimalTraining.optimum equals optimumReference bit for bit in both modes (same threshold solver)")
    func optimumMatchesFullScan() throws {
        let published = try ComputeOptimalTraining(mode: .published)
        let budgets = try TripartiteFigureData.notebookBudgets()
        for F in stride(from: 0, to: budgets.count, by: 4).map({ budgets[$0] }) {
            #expect(
                try published.optimum(graphCompute: F, pruned: true, fullScan: true)
                    == published.optimumReference(graphCompute: F), "F \(F)")
        }
        let corrected = try ComputeOptimalTraining(mode: .corrected)
        for F in try Grid.geom(1e2, 1e20, 25) {
            #expect(
                try corrected.optimum(graphCompute: F, pruned: true, fullScan: true)
                    == corrected.optimumReference(graphCompute: F), "F \(F)")
        }
    }

    /// The fast optimum (grid-free threshold) against the reference on the notebook budgets and 25 corrected
    /// ones: the objectives differ by rounding only, so Brent may stop at another point of its final bracket. R*
    /// agrees to 2.5e-7 relative (both brackets are 1e-7·R* wide around the same maximum, plus rounding), R_learned
    /// at R* to 1e-9 relative (a maximum: second order in the location), and the near-tie lists have equal length.
    @Test("The fast optimum agrees with optimumReference to Brent's location tolerance")
    func fastOptimumMatchesReference() throws {
        var worst = 0.0
        func compare(_ model: ComputeOptimalTraining, _ F: Double) throws {
            let (fast, reference) = (try model.optimum(graphCompute: F), try model.optimumReference(graphCompute: F))
            let gap = abs(fast.concepts - reference.concepts) / reference.concepts
            worst = max(worst, gap)
            #expect(gap <= 2.5e-7, "F \(F): R* \(fast.concepts) vs \(reference.concepts)")
            #expect(
                abs(fast.conceptsLearned - reference.conceptsLearned) <= 1e-9 * reference.conceptsLearned,
                "F \(F): R_learned \(fast.conceptsLearned) vs \(reference.conceptsLearned)")
            #expect(fast.nearTies.count == reference.nearTies.count, "F \(F)")
        }
        let published = try ComputeOptimalTraining(mode: .published)
        // Everyday tier: every other notebook budget (100 of 200, spread over the whole window); slow tier: all.
        let notebook = try TripartiteFigureData.notebookBudgets()
        for F in stride(from: 0, to: notebook.count, by: TestTier.slow ? 1 : 2).map({ notebook[$0] }) {
            try compare(published, F)
        }
        let corrected = try ComputeOptimalTraining(mode: .corrected)
        for F in try Grid.geom(1e2, 1e20, 25) { try compare(corrected, F) }
        #expect(worst > 0, "the fast path should differ somewhere, or it is not being exercised")
    }

    /// With wide tie tolerances the pruning cut-off (1 − tol)·R_best moves down; the results must still be
    /// identical on the real objective (both modes, the published mode also in a wide window where it has spurious
    /// optima, reference §8.3).
    @Test("Wide tie tolerances and windows: pruned and full searches agree on the finite-size law")
    func wideTolerancesMatchFullScan() throws {
        for tolerance in [1e-3, 1e-2, 0.1] {
            for (mode, upper) in [(TripartiteMode.published, 0.6), (.published, 3), (.corrected, 1)] {
                let model = try ComputeOptimalTraining(
                    mode: mode, windowLower: 0.1, windowUpper: upper, gridPoints: 40, tieTolerance: tolerance)
                for F in try Grid.geom(1e3, 1e15, 7) {
                    #expect(
                        try model.optimum(graphCompute: F, pruned: true, fullScan: true)
                            == model.optimumReference(graphCompute: F),
                        "F \(F), tol \(tolerance), \(mode), window upper \(upper)")
                }
            }
        }
    }

    /// The pruned grid search against `Minimize1D.global` on objectives f(R) = −R(1 − δ(R)), δ ∈ [0, 1], with
    /// several nearly equal local optima, so that near ties, flat neighbourhoods and end-point optima occur: the
    /// location and the near-tie list are identical (and near ties do occur, or the check would be vacuous).
    @Test("Pruned grid search equals Minimize1D.global on multimodal objectives, with and without certificates")
    func prunedGridSearchMatchesGlobal() throws {
        var withTies = 0
        var cases = 0
        for wiggles in [1.0, 3.0, 7.5] {
            for depth in [0.0, 0.01, 0.3] {
                for tolerance in [0.0, 1e-6, 1e-2, 0.2] {
                    let model = try ComputeOptimalTraining(gridPoints: 41, tieTolerance: tolerance)
                    // δ(R) = depth·(1 + sin(wiggles·R))/2 + R²/400 on [1, 10]: R(1 − δ) has up to ~wiggles maxima.
                    let f: (Double) -> Double = { R in
                        -R * (1 - min(1, depth * (1 + Double.sin(wiggles * R)) / 2 + R * R / 400))
                    }
                    let full = try Minimize1D.global(
                        lower: 1, upper: 10, gridPoints: 41, relativeTolerance: 1e-7, tieTolerance: tolerance, f)
                    // Without certificates, and with a valid bound (the true R_learned plus a slack that is zero on
                    // some points and nil on others) and a split anywhere in the grid (any split must do).
                    for (slack, splitAt) in [(-1.0, 11.0), (0, 0.5), (0.05, 4), (0.5, 7.3), (0.01, 9.9)] {
                        let bound: ((Double) -> Double?)? =
                            slack < 0
                            ? nil : { R in Int(R * 7) % 5 == 0 ? nil : -f(R) + slack * R * (1 + Double.sin(R)) }
                        // A valid interval bound: the largest −f over the grid points in [a, b] (the only points
                        // the scan looks at; x_i computed as the scan does), plus the same slack.
                        let grid = (0..<41).map { i in i == 40 ? 10 : 1 + Double(i) * (9.0 / 40) }
                        let intervalBound: ((Double, Double) -> Double?)? =
                            slack < 0
                            ? nil
                            : { a, b in
                                (grid.filter { $0 >= a && $0 <= b }.map { -f($0) }.max() ?? -.infinity) + slack * b
                            }
                        let fast = try model.bestGridPoint(
                            lower: 1, upper: 10, bound: bound, intervalBound: intervalBound,
                            aboveThreshold: { $0 > splitAt }, f)
                        let label =
                            "wiggles \(wiggles), depth \(depth), tol \(tolerance), slack \(slack), split \(splitAt)"
                        #expect(fast.x == full.minimum.x, "\(label)")
                        #expect(fast.nearTies == full.nearTies, "\(label)")
                        cases += 1
                    }
                    if !full.nearTies.isEmpty { withTies += 1 }
                }
            }
        }
        #expect(cases == 36 * 5)
        #expect(withTies > 0)
    }
}
