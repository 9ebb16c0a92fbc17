import ComputeOptimal
import DS3
import RealModule
import ScalingCore
import Testing

@Suite("Tripartite training/inference split")
struct TripartiteSplitTests {
    @Test("Optimal split meets the budget, beats an independent scan of shares, and is not beaten nearby")
    func splitIsBestFound() throws {
        let link = try TripartiteLink(mode: .published)
        let (C, I) = (1.7e26, 1e11)
        let split = try TripartiteSplit(link: link, compute: C, queries: I)
        #expect(close(split.trainingCompute + I * split.inferenceCompute, C, relative: 1e-12))
        func accuracy(share u: Double) throws -> Double {
            try link.population(trainingCompute: u * C, inferenceCompute: (1 - u) * C / I).accuracy
        }
        // Independent scan: 60 shares evenly spaced in (0, 1) (not the solver's logit grid). The accuracy is a
        // staircase in C_tr, exact to rounding, so the optimum must be ≥ every scanned value (1e-12).
        for i in 1..<60 {
            #expect(try accuracy(share: Double(i) / 60) <= split.accuracy + 1e-12)
        }
        let u = split.trainingCompute / C
        for factor in [0.99, 1.01] { #expect(try accuracy(share: u * factor) <= split.accuracy + 1e-12) }
        #expect(split.accuracy > 0 && split.accuracy < 1)
    }
}
