import ComputeOptimal
import DS3
import Foundation
import GSL
import ScalingCore
import TestSupport
import Testing

@Suite("Search directionality fit (§5.8)")
struct DirectionalityFitTests {
    /// The authors' shared parameters (ds3-theory.md §5.8).
    static let authors = DirectionalityFit.Shared()

    @Test("Quadrature moments of r agree with a seeded Monte Carlo simulation of the task population")
    func momentsMatchMonteCarlo() throws {
        let shared = Self.authors
        for (iota, loss, steps) in [(0.288, 1.9485, 327.68), (0.146, 2.1906, 81.92)] {
            let exact = try DirectionalityFit.moments(iota: iota, loss: loss, steps: steps, shared: shared)
            var rng = Xoshiro256StarStar(seed: 5)
            let draws = 100_000
            var zero = 0
            var values: [Double] = []
            for _ in 0..<draws {
                let c = rng.uniform() < shared.weights[0] ? 0 : 1
                let L0 =
                    shared.means[c] + shared.deviations[c]
                    * (try SpecialFunctions.inverseGaussianPhi(rng.uniformOpen()))
                let m = shared.skills[c]
                let z = shared.b * (L0 - loss)
                let xi = iota * (shared.a / (1 + exp(-z)) + shared.d)
                if xi <= 0 || steps - Double(m) + 1 <= 0 {
                    zero += 1
                    continue
                }
                let x = min(xi, 1 - 1e-9)
                values.append(try IncompleteBeta.regularized(a: Double(m), b: steps - Double(m) + 1, x: x))
            }
            let p0 = Double(zero) / Double(draws)
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = FitStatistics.standardDeviation(values)
            // 4 standard errors of each Monte Carlo estimate (binomial SE for the zero mass, sd/√n for the mean).
            #expect(abs(exact.unsolvable - p0) <= 4 * (p0 * (1 - p0) / Double(draws)).squareRoot() + 1e-12)
            #expect(abs(exact.mean - mean) <= 4 * sd / Double(values.count).squareRoot())
            // Variance: SE of a sample variance ≈ sd²·√(2/n) for near-normal data; r is skewed, so allow 8 SE.
            #expect(abs(exact.variance - sd * sd) <= 8 * sd * sd * (2 / Double(values.count)).squareRoot())
        }
    }

    /// Targets generated exactly from known ι, b, d under the authors' mixture, written as Beta populations with
    /// the same (zero mass, mean, variance) by moment matching.
    static func synthetic(iotas: [Double], shared: DirectionalityFit.Shared) throws -> [DirectionalityFit.Target] {
        let models: [(String, Double, Double)] = [
            ("base-small", 2.19, 81.92), ("base-mid", 2.12, 327.68), ("base-large", 1.95, 327.68),
            ("instruct", 1.95, 327.68), ("instruct-large", 1.86, 327.68),
        ]
        return try zip(models, iotas).map { model, iota in
            let m = try DirectionalityFit.moments(iota: iota, loss: model.1, steps: model.2, shared: shared)
            // Beta with mean μ and variance v: α + β = μ(1 − μ)/v − 1.
            let total = m.mean * (1 - m.mean) / m.variance - 1
            let population = try BetaTaskPopulation(
                alpha: m.mean * total, beta: (1 - m.mean) * total, solvable: 1 - m.unsolvable)
            return try DirectionalityFit.Target(name: model.0, population: population, loss: model.1, steps: model.2)
        }
    }

    @Test("Noiseless targets give back every iota and (b, d) to 1e-6 relative (mixture held at its value)")
    func exactRecovery() throws {
        var shared = Self.authors
        shared.b = 1.6
        shared.d = -0.01
        let iotas = [0.15, 0.12, 0.2, 0.35, 0.6]
        let targets = try Self.synthetic(iotas: iotas, shared: shared)
        var options = DirectionalityFit.Options()
        options.fitMixture = false
        options.starts = 1
        options.shared = Self.authors  // start from the authors' b, d (not the truth)
        let fit = try DirectionalityFit.fit(targets, options: options)
        // Zero residuals at the truth, 15 equations for 7 unknowns: LM converges to it; 1e-6 required.
        for (x, y) in zip(fit.iotas, iotas) { #expect(relativelyClose(x, y, 1e-6), "\(x) vs \(y)") }
        #expect(relativelyClose(fit.shared.b, 1.6, 1e-6))
        #expect(relativelyClose(fit.shared.d, -0.01, 1e-6))
        #expect(fit.objective < 1e-20)
    }

    @Test("Fitted to the authors' Beta populations, instruction-tuned and larger models are more directed")
    func iotaOrdering() throws {
        let data = try FitData.read(
            try fitFixture("fit/ds3-beta-populations.csv"), source: "ds3-beta-populations.csv",
            required: [
                ("A", .probability), ("alpha", .positive), ("beta", .positive), ("loss", .positive),
                ("steps", .positive),
            ], optionalText: ["model"])
        let names = try #require(data.texts["model"])
        let targets = try (0..<data.rowCount).map { i in
            try DirectionalityFit.Target(
                name: names[i],
                population: try BetaTaskPopulation(
                    alpha: data("alpha")[i], beta: data("beta")[i], solvable: data("A")[i]),
                loss: data("loss")[i], steps: data("steps")[i])
        }
        var options = DirectionalityFit.Options()
        // Everyday tier: the deterministic start only; slow tier: 2 seeded random starts more. The fits from 0, 1
        // and 2 random starts were identical to the last digit (objective 6.177116849565689e-07, 2026-12-06), and
        // each random start costs ~1.5 s in a debug build.
        options.starts = TestTier.count(fast: 0, full: 2)
        let fit = try DirectionalityFit.fit(targets, options: options)
        let iota = Dictionary(uniqueKeysWithValues: zip(names, fit.iotas))
        let base = [iota["Llama-3-8B"]!, iota["Gemma-2B"]!, iota["Pythia-2.8B"]!]
        // §5.8: 70B-Instruct (0.526) > 8B-Instruct (0.288) > every base model (0.117–0.146).
        #expect(iota["Llama-3-70B-Instruct"]! > iota["Llama-3-8B-Instruct"]!)
        #expect(iota["Llama-3-8B-Instruct"]! > base.max()!)
        // The moments are matched at least as well as the authors' reported loss 4.417e-5.
        #expect(fit.objective < 4.417e-5)
    }

    @Test("With the authors' zero-mass convention and mixture, iota follows their full ordering of §5.8")
    func publishedConventionOrdering() throws {
        let rows: [(String, Double, Double, Double, Double, Double)] = [
            ("Llama-3-8B", 1, 0.388, 2.715, 1.9485, 327.68), ("Gemma-2B", 1, 0.361, 4.649, 2.1173, 327.68),
            ("Pythia-2.8B", 0.934, 0.322, 18, 2.1906, 81.92),
            ("Llama-3-8B-Instruct", 1, 0.3797, 1.1336, 1.9485, 327.68),
            ("Llama-3-70B-Instruct", 1, 0.4089, 0.4882, 1.8575, 327.68),
        ]
        let targets = try rows.map { name, A, alpha, beta, loss, steps in
            try DirectionalityFit.Target(
                name: name, population: try BetaTaskPopulation(alpha: alpha, beta: beta, solvable: A), loss: loss,
                steps: steps)
        }
        var options = DirectionalityFit.Options()
        options.fitMixture = false
        options.starts = 0
        options.shared.zeroMass = .published
        options.initialIota = [0.117, 0.126, 0.146, 0.288, 0.526]
        let fit = try DirectionalityFit.fit(targets, options: options)
        // Authors: Llama-3-8B 0.117 < Gemma-2B 0.126 < Pythia-2.8B 0.146 < 8B-Instruct 0.288 < 70B-Instruct 0.526.
        // The scale of iota is tied to the fixed a and the refitted (b, d); the order is what the theory claims.
        #expect(fit.iotas == fit.iotas.sorted(), "\(fit.iotas)")
        // Ratios of the instruction-tuned to the base model are close to the authors' (0.288/0.117 = 2.46,
        // 0.526/0.117 = 4.50): within 25 %.
        #expect(abs(fit.iotas[3] / fit.iotas[0] / 2.46 - 1) < 0.25)
        #expect(abs(fit.iotas[4] / fit.iotas[0] / 4.50 - 1) < 0.25)
        #expect(fit.objective < 4.417e-5)
    }
}
