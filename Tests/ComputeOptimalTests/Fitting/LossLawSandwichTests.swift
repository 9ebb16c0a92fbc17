import ComputeOptimal
import Foundation
import ScalingCore
import TestSupport
import Testing

/// Sandwich (asymptotic covariance) intervals of the loss-law fit: labelled, withheld when the data do not
/// determine the constants, and honest — their coverage of a known truth matches the nominal level by simulation,
/// and their widths agree with the percentile bootstrap where both run.
@Suite("Loss-law fit: sandwich intervals")
struct LossLawSandwichTests {
    static let truth = try! ChinchillaLossLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
    /// E, A, B, alpha, beta, a = β/(α+β).
    static let truthValues = [1.69, 406.4, 410.7, 0.34, 0.28, 0.28 / 0.62]

    /// `count` runs with N log-uniform on [1e7, 1e10], D on [1e9, 1e12] and loss = L(N, D)·exp(σ Z), Z standard
    /// normal (Box–Muller), from stream `stream` of a fixed seed.
    static func runs(count: Int, sigma: Double, stream: UInt64) throws -> [TrainingRun] {
        var rng = Xoshiro256StarStar(seed: 2_311_2023, stream: stream)
        return try (0..<count).map { _ in
            let n = Double.pow(10, 7 + 3 * rng.uniform())
            let d = Double.pow(10, 9 + 3 * rng.uniform())
            let z = (-2 * Double.log(rng.uniformOpen())).squareRoot() * Double.cos(2 * Double.pi * rng.uniform())
            return try TrainingRun(
                parameters: n, tokens: d, loss: try truth.loss(parameters: n, tokens: d) * Double.exp(sigma * z))
        }
    }

    /// Sandwich intervals with one local start next to the truth (the interval method is under test, not the
    /// multi-start search: with this little noise the start lies in the basin of the global minimum).
    static var options: LossLawFit.Options {
        var o = LossLawFit.Options()
        o.intervals = .sandwich
        o.alphaGrid = [0.3]
        o.betaGrid = [0.3]
        o.eGrid = [0.5]
        o.aGrid = [6]
        o.bGrid = [6]
        o.localStarts = 1
        return o
    }

    @Test("Sandwich intervals are labelled, contain their estimate, and need no bootstrap replicates")
    func labelled() throws {
        let fit = try LossLawFit.fit(try Self.runs(count: 400, sigma: 0.01, stream: 1), options: Self.options)
        #expect(fit.replicates == 0)
        for name in LossLawFit.names {
            let e = try #require(fit.estimate(name))
            #expect(e.method == LossLawFit.sandwichMethod)
            let (lower, upper) = (try #require(e.lower), try #require(e.upper))
            #expect(lower < e.estimate && e.estimate < upper, "\(name)")
        }
    }

    @Test("Sandwich intervals are withheld when the runs do not determine the constants (near-equal sizes)")
    func withheldWhenNotIdentified() throws {
        let tokens = try Grid.geom(1e9, 1e12, 6)
        let runs = try [1e9, 1e9 * (1 + 1e-6), 1e9 * (1 + 2e-6)].flatMap { n in
            try tokens.map { d in
                try TrainingRun(parameters: n, tokens: d, loss: try Self.truth.loss(parameters: n, tokens: d))
            }
        }
        var options = LossLawFit.Options()
        options.intervals = .sandwich
        options.localStarts = 4
        let fit = try LossLawFit.fit(runs, options: options)
        #expect(fit.estimates.allSatisfy { $0.lower == nil && $0.method.hasPrefix("not identified") })
    }

    // 200 fits of 4,000 runs (about two minutes in a debug build on two cores). Measured: E 0.945, A 0.95, B 0.975,
    // α 0.95, β 0.97, a 0.955. At 1,000 runs (100 data sets, release CLI) A and α were covered only 0.88 ± 0.03 of
    // the time (E, B, β 0.97–0.99): the asymptotics need a few thousand runs, and `ds3 fit loss` picks the
    // sandwich by itself only above 50,000.
    @Test(
        "95 % sandwich intervals cover the true constants in 95 % of simulated data sets (within 3.5 standard errors)",
        .enabled(if: TestTier.slow))
    func coverage() throws {
        let trials = 200
        let covered = try Parallel.map(count: trials, threads: Parallel.defaultThreads) { t -> [Bool] in
            var options = Self.options
            options.threads = 1
            let fit = try LossLawFit.fit(
                try Self.runs(count: 4_000, sigma: 0.01, stream: UInt64(t) + 100), options: options)
            return LossLawFit.names.indices.map { k in
                guard let e = fit.estimate(LossLawFit.names[k]), let lo = e.lower, let hi = e.upper else {
                    return false
                }
                return lo <= Self.truthValues[k] && Self.truthValues[k] <= hi
            }
        }
        // Binomial standard error of a coverage estimate from 200 trials at 0.95: √(0.95·0.05/200) = 0.0154; a
        // band of ±3.5 of them (0.896…1) fails a correct method with probability ≈ 5e-4 per constant.
        let standardError = (0.95 * 0.05 / Double(trials)).squareRoot()
        for k in LossLawFit.names.indices {
            let rate = Double(covered.filter { $0[k] }.count) / Double(trials)
            #expect(abs(rate - 0.95) <= 3.5 * standardError, "\(LossLawFit.names[k]): coverage \(rate)")
        }
    }

    // 100 bootstrap refits of 1,000 runs.
    @Test(
        "Sandwich standard errors agree with the bootstrap's on 1,000 runs (ratio within 0.75…1.33)",
        .enabled(if: TestTier.slow))
    func agreesWithBootstrap() throws {
        let runs = try Self.runs(count: 1_000, sigma: 0.01, stream: 7)
        let sandwich = try LossLawFit.fit(runs, options: Self.options)
        var options = Self.options
        options.intervals = .bootstrap
        options.bootstrapReplicates = 100
        let bootstrap = try LossLawFit.fit(runs, options: options)
        for name in LossLawFit.names {
            let a = try #require(sandwich.estimate(name)?.standardError)
            let b = try #require(bootstrap.estimate(name)?.standardError)
            // A standard deviation from 100 replicates has relative standard error ≈ 1/√(2·99) ≈ 0.071; 0.75…1.33
            // is about ±4 of them (the bootstrap of a Huber estimator adds its own small-sample bias).
            #expect(a / b > 0.75 && a / b < 1.33, "\(name): sandwich \(a), bootstrap \(b)")
        }
    }
}
