import ComputeOptimal
import RealModule
import ScalingCore
import Testing

@Suite("Priced joint optimum: a dollar budget, or the least dollars for a target accuracy")
struct JointDollarsTests {
    static let queries = JointOptimumTests.queries

    @Test("Equal prices p reduce to the FLOP optimum at C = B / p bit for bit, the target form to p · C*")
    func equalPricesAreTheFLOPOptimum() throws {
        let model = try JointOptimumTests.population()
        let p = 2.0 / (3600 * 9.89e14 * 0.4)  // H100 bf16 at $2/hour and 40 % MFU, both phases
        let prices = try JointOptimum.Prices(trainingDollarsPerFLOP: p, inferenceDollarsPerFLOP: p)
        let B = 1e21 * p
        let priced = try JointOptimum.global(model: model, dollars: B, queries: Self.queries, prices: prices)
        let flops = try JointOptimum.global(model: model, compute: B / p, queries: Self.queries)
        #expect(priced.best == flops.best)
        // Dollars of the answer: p (6ND + 2NIΩ), the budget to rounding (1e-12 relative).
        #expect(abs(priced.dollars - B) <= 1e-12 * B)
        let target = try JointOptimum.leastDollars(model: model, accuracy: 0.4, queries: Self.queries, prices: prices)
        let least = try JointOptimum.leastCompute(model: model, accuracy: 0.4, queries: Self.queries)
        #expect(target.best == least.best)
        #expect(abs(target.dollars - p * least.best.compute) <= 1e-12 * target.dollars)
    }

    @Test("Dearer inference moves the budget to training; the dollar optimum beats every allocation on its budget")
    func unequalPrices() throws {
        let model = try JointOptimumTests.population()
        let p = 1e-18
        let B = 1e21 * p
        let (I, ratio) = (Self.queries, 8.0)
        let prices = try JointOptimum.Prices(trainingDollarsPerFLOP: p, inferenceDollarsPerFLOP: ratio * p)
        let dear = try JointOptimum.global(model: model, dollars: B, queries: I, prices: prices)
        let even = try JointOptimum.global(model: model, compute: B / p, queries: I).best
        #expect(dear.best.inferenceShare < even.inferenceShare)
        #expect(dear.best.accuracy < even.accuracy)
        #expect(abs(dear.dollars - B) <= 1e-12 * B)
        // Allocations on the dollar budget: N on a grid, the inference share of dollars q on a grid.
        var dense = -Double.infinity
        let centre = 0.5 * Double.log(B / p / 120)
        for i in 0...120 {
            for j in 1..<120 {
                let N = Double.exp(centre - 10 + 20 * Double(i) / 120)
                let q = Double(j) / 120
                let D = (1 - q) * B / (p * 6 * N)
                let omega = q * B / (ratio * p * 2 * N * I)
                dense = max(dense, try model.accuracy(parameters: N, trainingTokens: D, tokensPerQuery: omega))
            }
        }
        // The grid is coarse (steps of 1/6 in ln N and 1/120 in q): it may only come short of the optimum.
        #expect(dense <= dear.best.accuracy * (1 + 1e-9))
        #expect(dense >= dear.best.accuracy * 0.99)
        #expect(throws: ParameterError.self) {
            try JointOptimum.Prices(trainingDollarsPerFLOP: 0, inferenceDollarsPerFLOP: p)
        }
    }
}
