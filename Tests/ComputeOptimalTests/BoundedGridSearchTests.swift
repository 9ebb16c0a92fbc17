import GSL
import RealModule
import ScalingCore
import Synchronization
import Testing

@testable import ComputeOptimal

/// The branch-and-bound grid scan (`BoundedGridSearch`) must return exactly what the exhaustive scan
/// (`Minimize1D.global`) returns — same best grid point, same Brent polish — while evaluating fewer grid points.
/// Exactness is checked with `==` on the results: no tolerance, because the scan is meant to be a pure speed-up.
@Suite("Branch-and-bound grid scan = exhaustive scan")
struct BoundedGridSearchTests {
    /// The bridge model seen through a wrapper that does not declare monotonicity: the solvers then take the
    /// exhaustive `Minimize1D.global` path.
    struct Exhaustive: AccuracyModel {
        let inner: BridgeAccuracyModel
        func accuracy(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double {
            try inner.accuracy(parameters: N, trainingTokens: D, tokensPerQuery: omega)
        }
    }

    /// The bridge model with a count of its evaluations (declares monotonicity like the bridge model).
    final class Counting: AccuracyModel {
        let inner: BridgeAccuracyModel
        let count = Atomic<Int>(0)
        init(inner: BridgeAccuracyModel) { self.inner = inner }
        func accuracy(parameters N: Double, trainingTokens D: Double, tokensPerQuery omega: Double) throws -> Double {
            count.add(1, ordering: .relaxed)
            return try inner.accuracy(parameters: N, trainingTokens: D, tokensPerQuery: omega)
        }
        var isMonotone: Bool { true }
    }

    /// A reduced joint population (fast in debug): L0 ∈ lin(0.1, 4.0, 4) × m ∈ {1, 3, 10, 30}, slope 5.
    static func population() throws -> BridgeAccuracyModel {
        var tasks: [BridgeAccuracyModel.TaskClass] = []
        for L0 in try Grid.lin(0.1, 4.0, 4) { for m in [1, 3, 10, 30] { tasks.append(try .init(m: m, L0: L0)) } }
        return try BridgeAccuracyModel(law: .chinchilla, tasks: tasks, slope: 5)
    }

    @Test("Single-query optimum: identical result with and without pruning, from no accuracy to saturation")
    func singleQueryOptimumIsUnchanged() throws {
        for (m, L0) in [(1, 3.0), (10, 2.5), (50, 2.0), (100, 1.5)] {
            let model = try BridgeAccuracyModel(law: .chinchilla, tasks: [.init(m: m, L0: L0)], slope: 20)
            for C in try Grid.geom(1e6, 1e30, 13) where C > 2 * Double(m) * 25 {
                let pruned = try SingleQueryOptimum(model: model, compute: C, minimumTokens: Double(m) * 25)
                let full = try SingleQueryOptimum(
                    model: Exhaustive(inner: model), compute: C, minimumTokens: Double(m) * 25)
                #expect(pruned == full, "m \(m), L0 \(L0), C \(C)")
            }
        }
    }

    @Test("Chinchilla-constrained allocation: identical result with and without pruning over six decades of budget")
    func chinchillaConstrainedIsUnchanged() throws {
        let model = try Self.population()
        for C in try Grid.geom(1e19, 3e24, 7) {
            let pruned = try JointOptimum.chinchillaConstrained(model: model, compute: C, queries: 1e9)
            let full = try JointOptimum.chinchillaConstrained(
                model: Exhaustive(inner: model), compute: C, queries: 1e9)
            #expect(pruned == full, "C \(C)")
        }
    }

    @Test("Pruning skips most of the 400-point scan of the Chinchilla-constrained allocation")
    func pruningSkipsGridPoints() throws {
        let counting = Counting(inner: try Self.population())
        _ = try JointOptimum.chinchillaConstrained(model: counting, compute: 1e22, queries: 1e9)
        // Exhaustive: 400 grid points + the final evaluation + Brent (3 to set up, one per iteration, < 100).
        // Half the grid is a loose ceiling for the pruned scan (about 60 in practice).
        #expect(counting.count.load(ordering: .relaxed) < 200 + 100)
    }

    /// f(x) = −u(x)·v(x) with u increasing and v decreasing, both positive: on [a, b], f ≥ −u(b)·v(a).
    static func product(_ u: @escaping (Double) -> Double, _ v: @escaping (Double) -> Double)
        -> (f: (Double) -> Double, bound: (Double, Double) -> Double?)
    {
        ({ x in -u(x) * v(x) }, { a, b in -u(b) * v(a) })
    }

    @Test("Synthetic scans: interior optimum, endpoint optima, flat plateau with ties, and a bimodal function")
    func syntheticScansMatchMinimize1DGlobal() throws {
        func sigmoid(_ z: Double) -> Double { 1 / (1 + Double.exp(-z)) }
        let cases: [(name: String, u: (Double) -> Double, v: (Double) -> Double)] = [
            ("interior", { sigmoid(2 * ($0 - 1)) }, { sigmoid(3 * (4 - $0)) }),
            ("left end", { _ in 1 }, { sigmoid(-$0) }),
            ("right end", { sigmoid($0) }, { _ in 1 }),
            // A plateau: u saturates to exactly 1 and v is exactly 1 on a range, so many grid points tie.
            ("plateau", { min(1, max(0.1, $0 / 2)) }, { min(1, max(0.1, 6 - $0)) }),
            // Two bumps of nearly equal height (u has a step): the scan must find the higher one.
            ("bimodal", { $0 < 5 ? sigmoid(4 * ($0 - 1)) : 1.001 * sigmoid(4 * ($0 - 1)) }, { sigmoid(4 * (8 - $0)) }),
        ]
        for c in cases {
            let (f, bound) = Self.product(c.u, c.v)
            for gridPoints in [3, 7, 64, 400] {
                let reference = try Minimize1D.global(lower: -2, upper: 10, gridPoints: gridPoints, f).minimum
                let pruned = try BoundedGridSearch.minimum(
                    lower: -2, upper: 10, gridPoints: gridPoints, f, bound: bound)
                #expect(pruned.x == reference.x, "\(c.name), \(gridPoints) points")
                #expect(pruned.value == reference.value, "\(c.name), \(gridPoints) points")
                #expect(pruned.lower == reference.lower && pruned.upper == reference.upper, "\(c.name)")
                #expect(pruned.iterations == reference.iterations, "\(c.name)")
            }
        }
    }

    @Test("Without bounds every grid point is evaluated; bad intervals and NaN values are errors")
    func edgeCases() throws {
        let m = try BoundedGridSearch.minimum(
            lower: 0, upper: 1, gridPoints: 50, { x in (x - 0.3) * (x - 0.3) }, bound: { _, _ in nil })
        #expect(m.gridEvaluations == 50)
        #expect(abs(m.x - 0.3) < 1e-6)
        #expect(throws: GSLError.self) {
            try BoundedGridSearch.minimum(lower: 1, upper: 0, gridPoints: 9, { $0 }, bound: { _, _ in nil })
        }
        #expect(throws: GSLError.self) {
            try BoundedGridSearch.minimum(lower: 0, upper: 1, gridPoints: 2, { $0 }, bound: { _, _ in nil })
        }
        #expect(throws: GSLError.self) {
            try BoundedGridSearch.minimum(lower: 0, upper: 1, gridPoints: 9, { _ in .nan }, bound: { _, _ in nil })
        }
    }

    @Test("The population's accuracy equals the mean of the per-class chain-of-thought successes")
    func populationAccuracyIsTheMeanOfClassSuccesses() throws {
        // The accuracy computes each distinct r once; it must equal the class-by-class sum (same order, so exactly).
        let model = try BridgeAccuracyModel(
            law: .chinchilla,
            tasks: [
                .init(m: 3, L0: 2.0, weight: 2), .init(m: 1, L0: 3.0), .init(m: 8, L0: 2.0),
                .init(m: 2, L0: 1.0, weight: 0),
            ],
            slope: 5)
        for (L, omega) in [(1.9, 400.0), (2.3, 5e3), (3.5, 30.0)] {
            var total = 0.0
            var weight = 0.0
            for task in model.tasks where task.weight > 0 {
                total += task.weight * (try model.success(task, loss: L, steps: omega / 25))
                weight += task.weight
            }
            #expect(try model.accuracy(loss: L, tokensPerQuery: omega) == total / weight)
        }
    }
}
