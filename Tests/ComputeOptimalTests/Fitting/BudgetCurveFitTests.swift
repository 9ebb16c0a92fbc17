import ComputeOptimal
import DS3
import Foundation
import GSL
import ScalingCore
import TestSupport
import Testing

/// Budget-curve fits (`ds3 fit budget`): exact recovery from noiseless curves and honest bootstrap intervals.
@Suite("Budget-curve fits: task and population models")
struct BudgetCurveFitTests {
    /// Budgets that resolve the transition of task (m, r) at ω = 25: K from just above m − 1 to μ + 4σ + 2 around
    /// μ = m/r, σ = √(m(1 − r))/r (12 evenly spaced), plus 3 budgets of (m − 1 + 0.3)·{½… } below and far above.
    static func budgets(m: Int, r: Double, omega: Double = 25) -> [Double] {
        let mu = Double(m) / r
        let sigma = (Double(m) * (1 - r)).squareRoot() / r
        let lo = max(Double(m) - 1 + 0.3, mu - 3 * sigma - 1)
        let hi = mu + 4 * sigma + 2
        var k = (0..<12).map { lo + (hi - lo) * Double($0) / 11 }
        k.append(hi * 3)
        return k.map { $0 * omega }
    }

    /// 20 parameter sets: the hard ones named in the issue (m = 1, m = 200, r near 1) and 16 seeded random ones
    /// (m uniform in 1…60, r log-uniform in [0.01, 0.99]).
    static let taskCases: [(m: Int, r: Double)] = {
        var cases: [(Int, Double)] = [(1, 0.3), (1, 0.9999), (200, 0.4), (200, 0.999)]
        var rng = Xoshiro256StarStar(seed: 19)
        for _ in 0..<16 {
            let m = 1 + Int(rng.uniform() * 60)
            let r = Foundation.exp(Foundation.log(0.01) + rng.uniform() * (Foundation.log(0.99) - Foundation.log(0.01)))
            cases.append((m, r))
        }
        return cases
    }()

    @Test("Noiseless task curves give back m exactly and r to 1e-8 (20 parameter sets, least squares and binomial)")
    func noiselessTaskRecovery() throws {
        // Everyday tier: the 4 hard sets and 4 random ones; slow tier: all 20 (about 20 s in a debug build).
        for (m, r) in Self.taskCases.prefix(TestTier.count(fast: 8, full: 20)) {
            let truth = try BudgetTaskFit.Parameters(m: m, r: r, tokensPerStep: 25)
            let tokens = Self.budgets(m: m, r: r)
            let accuracy = try tokens.map { try truth.accuracy(tokens: $0) }
            for questions in [nil, tokens.map { _ in 500.0 }] {
                var options = BudgetTaskFit.Options()
                options.settings.bootstrapReplicates = 0
                options.settings.maxSkills = 400
                let fit = try BudgetTaskFit.fit(
                    try BudgetCurve(tokens: tokens, accuracy: accuracy, questions: questions), options: options)
                // m is an integer: exact. r: the profile is minimised by Gauss–Newton on residuals that vanish at
                // the truth, so r is limited only by the ~1e-16 evaluation error of I_r (1e-8 is the bound).
                #expect(fit.m == m, "m = \(m), r = \(r): fitted m = \(fit.m)")
                #expect(abs(fit.r - r) <= 1e-8, "m = \(m), r = \(r): fitted r = \(fit.r)")
            }
        }
    }

    @Test("Population chain success equals A·∫ I_r(m, K − m + 1) Beta(r; α, β) dr, and pass@K at m = 1")
    func populationClosedForm() throws {
        let population = try BetaTaskPopulation(alpha: 1.7, beta: 4, solvable: 0.8)
        let logB = try SpecialFunctions.logBeta(1.7, 4)
        for (m, K) in [(1, 7.5), (3, 10.0), (12, 80.3), (40, 2000.0)] {
            let integral = try Integrate.qags(lower: 0, upper: 1, absoluteTolerance: 0, relativeTolerance: 1e-11) {
                r in
                guard r > 0, r < 1 else { return 0 }
                let chain = try ChainOfThought.successProbability(m: m, r: r, steps: K)
                return chain * Foundation.exp(0.7 * Foundation.log(r) + 3 * Foundation.log1p(-r) - logB)
            }
            // QAGS to 1e-11 relative of a smooth integrand; the closed form sums m positive terms (error ~mε).
            #expect(relativelyClose(try population.chainSuccess(m: m, steps: K), 0.8 * integral.value, 1e-9))
        }
        for K in [1.0, 7.5, 300] {
            #expect(relativelyClose(try population.chainSuccess(m: 1, steps: K), try population.passAtN(K), 1e-13))
        }
        #expect(try population.chainSuccess(m: 5, steps: 3.9) == 0)
    }

    /// 4 chosen sets (m = 1, A = 1, a concentrated Beta) and 16 seeded random ones: m uniform in 1…30, A in
    /// [0.3, 1], α log-uniform in [0.3, 5], β log-uniform in [0.5, 30].
    static let populationCases: [(A: Double, alpha: Double, beta: Double, m: Int)] = {
        var cases: [(Double, Double, Double, Int)] = [
            (0.6, 0.8, 3, 5), (0.95, 2, 20, 10), (1.0, 0.5, 1, 1), (0.4, 5, 5, 20),
        ]
        var rng = Xoshiro256StarStar(seed: 1919)
        func logUniform(_ a: Double, _ b: Double) -> Double {
            Foundation.exp(Foundation.log(a) + rng.uniform() * (Foundation.log(b) - Foundation.log(a)))
        }
        for _ in 0..<16 {
            let m = 1 + Int(rng.uniform() * 30)
            let A = 0.3 + 0.7 * rng.uniform()
            cases.append((A, logUniform(0.3, 5), logUniform(0.5, 30), m))
        }
        return cases
    }()

    @Test("Noiseless population curves give back m exactly and A, alpha, beta to 1e-6 relative")
    func noiselessPopulationRecovery() throws {
        // Everyday tier: 3 sets (about 4 s in a debug build); slow tier: all 20.
        for truth in Self.populationCases.prefix(TestTier.count(fast: 3, full: 20)) {
            let population = try BetaTaskPopulation(alpha: truth.alpha, beta: truth.beta, solvable: truth.A)
            let tokens = try Grid.geom(25 * Double(truth.m), 25 * Double(truth.m) * 1e4, 24)
            let accuracy = try tokens.map { try population.chainSuccess(m: truth.m, steps: $0 / 25) }
            var options = BudgetPopulationFit.Options()
            options.settings.bootstrapReplicates = 0
            options.settings.maxSkills = 60
            let fit = try BudgetPopulationFit.fit(try BudgetCurve(tokens: tokens, accuracy: accuracy), options: options)
            let p = fit.parameters
            // Least squares on residuals that vanish at the truth; LM converges to ~1e-10, 1e-6 is the bound.
            #expect(p.m == truth.m, "\(truth): m = \(p.m)")
            #expect(relativelyClose(p.population.solvable, truth.A, 1e-6), "\(truth): A = \(p.population.solvable)")
            #expect(relativelyClose(p.population.alpha, truth.alpha, 1e-6), "\(truth): alpha = \(p.population.alpha)")
            #expect(relativelyClose(p.population.beta, truth.beta, 1e-6), "\(truth): beta = \(p.population.beta)")
        }
    }

    /// Fit settings of one data set of a coverage test: its own bootstrap seed.
    static func settings(replicates: Int, maxSkills: Int, set: Int) -> BudgetFitSettings {
        var settings = BudgetFitSettings(maxSkills: maxSkills)
        settings.bootstrapReplicates = replicates
        settings.seed = UInt64(set) + 1
        return settings
    }

    /// The interval of `e` contains `value`.
    static func covers(_ e: FitEstimate, _ value: Double) -> Bool {
        guard let lo = e.lower, let hi = e.upper else { return false }
        return lo <= value && value <= hi
    }

    /// Binomial counts at the budgets of `budgets(m:r:)` with n questions each.
    static func noisyCurve(_ accuracy: [Double], tokens: [Double], questions: Int, rng: inout Xoshiro256StarStar)
        throws -> BudgetCurve
    {
        let y = accuracy.map { p in
            var k = 0
            for _ in 0..<questions where rng.uniform() < p { k += 1 }
            return Double(k) / Double(questions)
        }
        return try BudgetCurve(tokens: tokens, accuracy: y, questions: tokens.map { _ in Double(questions) })
    }

    /// Interval honesty of the task fit: data sets drawn with binomial noise (200 questions per budget) from
    /// m = 5, r = 0.2, ω = 25; each is fitted with its own bootstrap (seeded per set) and the 95 % intervals of m and
    /// r must cover the truth in 92–98 % of sets (slow tier: 200 sets × 200 replicates). Everyday tier: 16 sets ×
    /// 60 replicates, where the count of covering sets is Binomial(16, 0.95) if the intervals are honest: at least
    /// 13 of 16 (P(X ≤ 12) = 0.007) — a loose check of the same property. Measured in the slow tier (debug build,
    /// 180 s): m 0.995, r 0.945.
    @Test("Bootstrap 95 % intervals of the task fit cover the true m and r in 92–98 % of noisy data sets")
    func taskIntervalCoverage() throws {
        let truth = try BudgetTaskFit.Parameters(m: 5, r: 0.2, tokensPerStep: 25)
        let tokens = Self.budgets(m: 5, r: 0.2)
        let accuracy = try tokens.map { try truth.accuracy(tokens: $0) }
        let sets = TestTier.count(fast: 16, full: 200)
        var rng = Xoshiro256StarStar(seed: 1_900)
        var covered = (m: 0, r: 0)
        for set in 0..<sets {
            let curve = try Self.noisyCurve(accuracy, tokens: tokens, questions: 200, rng: &rng)
            var options = BudgetTaskFit.Options()
            options.settings = Self.settings(replicates: TestTier.count(fast: 60, full: 200), maxSkills: 100, set: set)
            let fit = try BudgetTaskFit.fit(curve, options: options)
            if Self.covers(try #require(fit.estimate("m")), 5) { covered.m += 1 }
            if Self.covers(try #require(fit.estimate("r")), 0.2) { covered.r += 1 }
        }
        let rate = (m: Double(covered.m) / Double(sets), r: Double(covered.r) / Double(sets))
        print("budget task fit interval coverage over \(sets) sets: m \(rate.m), r \(rate.r)")
        if TestTier.slow {
            #expect((0.92...0.98).contains(rate.r), "coverage of r: \(rate.r)")
            // m is an integer and its interval is rounded outward, so its coverage can only be higher: ≥ 92 %.
            #expect(rate.m >= 0.92, "coverage of m: \(rate.m)")
        } else {
            #expect(covered.r >= 13, "\(covered.r) of \(sets) intervals of r cover the truth")
            #expect(covered.m >= 13, "\(covered.m) of \(sets) intervals of m cover the truth")
        }
    }

    /// With ω fitted, m, r and ω trade off along a ridge (the transition sits at Ω ≈ mω/r); for m ≥ 2 the shape of
    /// the transition separates them, so a noiseless curve that resolves it gives all three back exactly. (At m = 1,
    /// 1 − (1 − r)^(Ω/ω) depends on r and ω only through ln(1 − r)/ω: not identifiable, and not tested.) Everyday
    /// tier: m = 6 and the nearly unidentifiable m = 2; slow tier: also m = 30 (~1 s each in a debug build).
    @Test(
        "Noiseless task curves with omega fitted give back m exactly and r, omega to 1e-8 relative",
        arguments: [(6, 0.3, 25.0), (2, 0.2, 40.0)] + (TestTier.slow ? [(30, 0.7, 12.0)] : []))
    func noiselessFittedStep(m: Int, r: Double, omega: Double) throws {
        let truth = try BudgetTaskFit.Parameters(m: m, r: r, tokensPerStep: omega)
        let tokens = Self.budgets(m: m, r: r, omega: omega)
        let accuracy = try tokens.map { try truth.accuracy(tokens: $0) }
        var options = BudgetTaskFit.Options()
        options.tokensPerStep = nil
        options.settings.bootstrapReplicates = 0
        options.settings.maxSkills = 60
        let fit = try BudgetTaskFit.fit(try BudgetCurve(tokens: tokens, accuracy: accuracy), options: options)
        // Least squares on residuals that vanish at the truth (LM to ~1e-12); 1e-8 as the bound for r.
        #expect(fit.m == m)
        #expect(relativelyClose(fit.r, r, 1e-8), "r = \(fit.r)")
        #expect(relativelyClose(fit.parameters.tokensPerStep, omega, 1e-8), "omega = \(fit.parameters.tokensPerStep)")
    }

    /// Interval honesty of the population fit: binomial data sets (400 questions at 14 budgets) from m = 3, A = 0.7,
    /// α = 1.5, β = 6, ω = 25. Slow tier: 200 sets × 100 replicates, coverage of each parameter's 95 % interval
    /// printed and required in 92–98 % for A, α, β (m, an integer with intervals rounded outward: ≥ 92 %).
    /// Everyday tier: 3 sets × 60 replicates, at least 2 of 3 covering per parameter (P(X ≤ 1 | 3, 0.95) = 0.007):
    /// a loose check of the same property (it catches intervals that cover half the time or less). Measured in the
    /// slow tier (debug build, 860 s): m 1.00, A 0.95, alpha 0.94, beta 0.935.
    @Test("Bootstrap 95 % intervals of the population fit cover the true parameters in 92–98 % of noisy data sets")
    func populationIntervalCoverage() throws {
        let population = try BetaTaskPopulation(alpha: 1.5, beta: 6, solvable: 0.7)
        let tokens = try Grid.geom(75, 75 * 300, 14)
        let accuracy = try tokens.map { try population.chainSuccess(m: 3, steps: $0 / 25) }
        let sets = TestTier.count(fast: 3, full: 200)
        var rng = Xoshiro256StarStar(seed: 1_901)
        let truth: [(String, Double)] = [("m", 3), ("A", 0.7), ("alpha", 1.5), ("beta", 6)]
        var covered = [String: Int]()
        for set in 0..<sets {
            let curve = try Self.noisyCurve(accuracy, tokens: tokens, questions: 400, rng: &rng)
            var options = BudgetPopulationFit.Options()
            options.settings = Self.settings(replicates: TestTier.count(fast: 60, full: 100), maxSkills: 30, set: set)
            let fit = try BudgetPopulationFit.fit(curve, options: options)
            for (name, value) in truth where Self.covers(try #require(fit.estimate(name)), value) {
                covered[name, default: 0] += 1
            }
        }
        let rates = truth.map { ($0.0, Double(covered[$0.0] ?? 0) / Double(sets)) }
        print("budget population fit interval coverage over \(sets) sets: \(rates)")
        for (name, rate) in rates {
            if TestTier.slow {
                #expect(name == "m" ? rate >= 0.92 : (0.92...0.98).contains(rate), "coverage of \(name): \(rate)")
            } else {
                #expect((covered[name] ?? 0) >= 2, "\(covered[name] ?? 0) of \(sets) intervals of \(name) cover")
            }
        }
    }
}
