import DS3
import Foundation
import ScalingCore
import Testing

/// Whole-domain success and failure of best-of-N, iterative refinement and majority voting, and the expected
/// maximum of parallel chains, against a 50-digit mpmath oracle (fixtures/ds3/strategy-tails-oracle.csv, generator
/// fixtures/generators/strategy_tails_oracle.py).
@Suite("Strategy tails over the whole domain (50-digit oracle)")
struct StrategyTailsTests {
    struct Case: CustomStringConvertible {
        let strategy: String
        let m: Int
        let r: Double
        let steps: Double
        let samples: Int
        let answers: Int
        let sensitivity: Double
        let falseAcceptance: Double
        let success: Double
        let failure: Double
        let latencySteps: Double

        var description: String {
            "\(strategy) m=\(m) r=\(r) K=\(steps) N=\(samples) answers=\(answers) s=\(sensitivity) f=\(falseAcceptance)"
        }
    }

    /// Oracle values below the double range (e.g. 2e-526) parse as 0 or not at all: both mean 0 here.
    static func value(_ row: [String: String], _ key: String) -> Double {
        guard let text = row[key] else { return .nan }
        return Double(text) ?? 0
    }

    static let cases: [Case] = {
        guard let rows = try? fixtureRows("ds3/strategy-tails-oracle.csv") else { return [] }
        return rows.map { row in
            Case(
                strategy: row["strategy"] ?? "", m: Int(row["m"] ?? "") ?? 0, r: value(row, "r"),
                steps: value(row, "steps"), samples: Int(row["samples"] ?? "") ?? 0,
                answers: Int(row["answers"] ?? "") ?? 0, sensitivity: value(row, "sensitivity"),
                falseAcceptance: value(row, "false_acceptance"), success: value(row, "success"),
                failure: value(row, "failure"), latencySteps: value(row, "latency_steps"))
        }
    }()

    func evaluate(_ c: Case) throws -> StrategyEvaluation {
        let task = try SkillTask(m: c.m, r: c.r)
        let budget = try StepBudget(steps: c.steps)
        let cost = try CostModel(parameters: 1e9)
        let verifier = try Verifier(sensitivity: c.sensitivity, falseAcceptance: c.falseAcceptance)
        switch c.strategy {
        case "bon":
            return try BestOfN(samples: c.samples, verifier: verifier).evaluate(task, budget: budget, cost: cost)
        case "refine":
            return try IterativeRefinement(passes: c.samples, verifier: verifier).evaluate(
                task, budget: budget, cost: cost)
        default:
            return try MajorityVoting.uniform(samples: c.samples, answers: c.answers).evaluate(
                task, budget: budget, cost: cost)
        }
    }

    /// 1e-12 relative wherever the oracle is a normal double ≥ 1e-300 (the claim of issue 18); below that (the
    /// oracle underflows the double range or lies in the subnormals) the computed value must be ≤ 1e-300.
    func expectMatches(_ x: Double, _ oracle: Double, _ label: String) {
        if oracle >= 1e-300 {
            #expect(abs(x - oracle) <= 1e-12 * oracle, "\(label): \(x) vs oracle \(oracle)")
        } else {
            #expect(x >= 0 && x <= 1e-300, "\(label): \(x) vs oracle \(oracle)")
        }
    }

    @Test("The oracle fixture is present and covers every strategy, tiny successes and tiny failures")
    func fixtureCoverage() {
        let cases = Self.cases
        #expect(cases.count >= 50)
        for strategy in ["bon", "refine", "mv"] {
            #expect(cases.contains { $0.strategy == strategy && $0.success > 0 && $0.success < 1e-250 })
            #expect(cases.contains { $0.strategy == strategy && $0.failure > 0 && $0.failure < 1e-250 })
        }
        #expect(cases.contains { $0.latencySteps > 0 && $0.samples == 1_000_000_000 })
    }

    @Test("Best-of-N and refinement success and failure equal the oracle to 1e-12 relative down to 1e-300")
    func selectionStrategiesMatchOracle() throws {
        for c in Self.cases where c.strategy == "bon" || c.strategy == "refine" {
            let e = try evaluate(c)
            expectMatches(e.success, c.success, "\(c) success")
            expectMatches(e.failure, c.failure, "\(c) failure")
        }
    }

    @Test("Majority voting success equals the oracle to 1e-12 relative; binary voting's failure too")
    func majorityVotingMatchesOracle() throws {
        for c in Self.cases where c.strategy == "mv" {
            let e = try evaluate(c)
            expectMatches(e.success, c.success, "\(c) success")
            if c.answers == 2 {
                expectMatches(e.failure, c.failure, "\(c) failure")
            } else {
                // Several wrong answers: the failure is 1 − P, exact to the rounding of P (≤ 2e-16 absolute,
                // 4 ulp of 1 for the window's sum), not to relative precision when it is tiny.
                #expect(abs(e.failure - c.failure) <= 1e-15, "\(c) failure \(e.failure) vs \(c.failure)")
            }
        }
    }

    @Test("The issue's reproducers: best-of-N gives 1e-163 and binary voting 3e-30")
    func issueReproducers() throws {
        let cost = try CostModel(parameters: 1e10)
        let bon = try BestOfN(samples: 1).evaluate(
            try SkillTask(m: 1, r: 1e-163), budget: try StepBudget(steps: 1), cost: cost)
        // Exact P = r = 1e-163 (one step, one sample); 1e-12 relative as for every oracle case.
        #expect(abs(bon.success - 1e-163) <= 1e-12 * 1e-163, "\(bon.success)")
        let mv = try MajorityVoting.uniform(samples: 3, answers: 2).evaluate(
            try SkillTask(m: 1, r: 1e-15), budget: try StepBudget(steps: 1), cost: cost)
        // Exact P = 3p²(1 − p) + p³ with p = 1e-15 (binary64 value): 3e-30 to 1e-12 relative.
        let p = 1e-15
        let exact = 3 * p * p * (1 - p) + p * p * p
        #expect(abs(mv.success - exact) <= 1e-12 * exact, "\(mv.success)")
    }

    @Test("Expected maximum of n parallel chains equals the oracle to 1e-12 relative for n up to 1e9")
    func parallelLatencyMatchesOracle() throws {
        for c in Self.cases where c.latencySteps > 0 {
            let steps = try ChainOfThought.expectedMaximumSteps(m: c.m, r: c.r, steps: c.steps, chains: c.samples)
            #expect(abs(steps - c.latencySteps) <= 1e-12 * c.latencySteps, "\(c): \(steps) vs \(c.latencySteps)")
            // The same number reaches best-of-N's latency (ω = 25 tokens per step by default).
            let e = try evaluate(c)
            #expect(abs(e.latency - 25 * c.latencySteps) <= 1e-12 * 25 * c.latencySteps, "\(c) latency")
        }
    }
}
