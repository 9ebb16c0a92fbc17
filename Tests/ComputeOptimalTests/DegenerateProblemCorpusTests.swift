import ComputeOptimal
import DS3
import ScalingCore
import Testing

/// A corpus of infeasible and degenerate problems (issue 18, item 7), each with the error or warning it must
/// produce: infeasible problems throw `ParameterError.infeasible` naming the parameter to change, bad input throws a
/// plain `ParameterError`, and solvable-but-degenerate problems return an optimum carrying the named warning. All
/// in process; the whole corpus runs in well under a second in a debug build.
@Suite("Corpus of infeasible and degenerate problems")
struct DegenerateProblemCorpusTests {
    enum Expected: CustomStringConvertible {
        /// `ParameterError.infeasible` for this parameter.
        case infeasible(String)
        /// A plain `ParameterError` (bad input) for this parameter.
        case invalid(String)
        /// No error; the optimum's warnings include this code.
        case warning(String)

        var description: String {
            switch self {
            case .infeasible(let p): "infeasible \(p)"
            case .invalid(let p): "invalid \(p)"
            case .warning(let code): "warning \(code)"
            }
        }
    }

    struct Problem: Sendable {
        let name: String
        let expected: Expected
        /// Solves the problem and returns the optimum's warnings.
        let solve: @Sendable () throws -> [OptimumWarning]
    }

    static let laws: [(String, ChinchillaLossLaw)] = [
        ("chinchilla", .chinchilla), ("chinchilla-tex", .chinchillaTeX), ("sardana", .sardana), ("epoch", .epoch),
        ("epoch-log-space", .epochLogSpace),
    ]

    static func largestLoss(_ law: ChinchillaLossLaw) -> Double {
        law.E + min(law.A * (1 + law.alpha / law.beta), law.B * (1 + law.beta / law.alpha))
    }

    static let bridgeModel: BridgeAccuracyModel = try! BridgeAccuracyModel(
        law: .chinchilla, tasks: (1...10).flatMap { m in [1.0, 2, 3].map { try! .init(m: m, L0: $0) } })
    static let singleTask: BridgeAccuracyModel = try! BridgeAccuracyModel(
        law: .chinchilla, tasks: [try! .init(m: 1, L0: 3)], slope: 20)

    static var problems: [Problem] {
        var list: [Problem] = []
        func add(_ name: String, _ expected: Expected, _ solve: @escaping @Sendable () throws -> [OptimumWarning]) {
            list.append(Problem(name: name, expected: expected, solve: solve))
        }
        for (name, law) in laws {
            for f in [1e-300, 1e-9, 0.01, 0.5, 0.999] {
                add("\(name) chinchilla C = \(f)·C_min", .infeasible("compute")) {
                    _ = try law.computeOptimal(compute: f * law.minimumCompute)
                    return []
                }
            }
            for C in [0, -1, Double.nan, .infinity, -.infinity] {
                add("\(name) chinchilla C = \(C)", .invalid("compute")) {
                    _ = try law.computeOptimal(compute: C)
                    return []
                }
            }
            for ell in [law.E, law.E - 0.1, 0, -1, law.E - 1e-12] {
                add("\(name) chinchilla loss \(ell) ≤ E", .infeasible("loss")) {
                    _ = try law.computeOptimal(loss: ell)
                    return []
                }
            }
            for ell in [largestLoss(law) * 1.01, largestLoss(law) * 2, largestLoss(law) * 10, 1e6, 1e300] {
                add("\(name) chinchilla loss \(ell) above N ≥ 1", .infeasible("loss")) {
                    _ = try law.computeOptimal(loss: ell)
                    return []
                }
            }
            for T in [1e3, 1e12, 1e20, 1e30] {
                for C in [1, T] {
                    add("\(name) fixed budget C = \(C) < 6 + 2T, T = \(T)", .infeasible("compute")) {
                        _ = try InferenceAware.fixedBudget(law: law, compute: C, inferenceTokens: T)
                        return []
                    }
                }
            }
            for f in [0.7, 0.8, 0.9] {
                add("\(name) fixed budget C = \(f)·C_min, T = 0 (N < 1)", .infeasible("compute")) {
                    _ = try InferenceAware.fixedBudget(law: law, compute: f * law.minimumCompute, inferenceTokens: 0)
                    return []
                }
            }
            for ell in [law.E, law.E - 1, 0, largestLoss(law) * 3, 1e200] {
                let expected: Expected = .infeasible("loss")
                add("\(name) fixed loss \(ell)", expected) {
                    _ = try InferenceAware.fixedLoss(law: law, loss: ell, inferenceTokens: 1e9)
                    return []
                }
            }
            for ell in [law.E - 1e-9, law.E - 0.5, 0, -3] {
                add("\(name) bridge loss \(ell) < E", .infeasible("loss")) {
                    _ = try EmpiricalBridge(law: law, difficulty: 2).stepSuccess(loss: ell)
                    return []
                }
            }
        }
        for C in [1e-320, 1e-5, 1, 5.99] {
            for I in [1.0, 1e9] {
                add("joint C = \(C) < 6, I = \(I)", .infeasible("compute")) {
                    try JointOptimum.global(model: bridgeModel, compute: C, queries: I).best.convergence.warnings
                }
            }
        }
        for I in [0, -1, Double.nan] {
            add("joint queries \(I)", .invalid("queries")) {
                try JointOptimum.global(model: bridgeModel, compute: 1e20, queries: I).best.convergence.warnings
            }
        }
        for C in [1.0, 100, 1e3, 3999] {
            add("single query C = \(C) below 2·Ω_min·N_min = 4000", .infeasible("inference compute")) {
                try SingleQueryOptimum(model: singleTask, compute: C, minimumTokens: 2000).convergence.warnings
            }
            add("single query C = \(C)·1e6 below N_min = 1e9", .infeasible("inference compute")) {
                try SingleQueryOptimum(
                    model: singleTask, compute: C * 1e6, minimumTokens: 2000, minimumParameters: 1e9
                ).convergence.warnings
            }
        }
        // Degenerate but solvable: one easy skill (m = 1) saturates at any budget well above the floor.
        for C in [1e15, 1e18, 1e20] {
            add("single query C = \(C): one easy skill saturates", .warning("saturated")) {
                try SingleQueryOptimum(model: singleTask, compute: C, minimumTokens: 25).convergence.warnings
            }
        }
        // The issue's joint problem at 1e27 (flat and saturated) and its small budget (Ω below one 25-token step).
        add("joint 1e27 flat", .warning("flat-optimum")) {
            try JointOptimum.global(model: bridgeModel, compute: 1e27, queries: 1e9).best.convergence.warnings
        }
        add("joint 1e27 saturated", .warning("saturated")) {
            try JointOptimum.global(model: bridgeModel, compute: 1e27, queries: 1e9).best.convergence.warnings
        }
        add("joint 1e18 below one step", .warning("below-one-step")) {
            try JointOptimum.global(model: bridgeModel, compute: 1e18, queries: 1e9).best.convergence.warnings
        }
        // Degenerate strategies: no samples, one answer, more votes than the exact computation holds.
        for n in [0, -1, -100] {
            add("best-of-N with \(n) samples", .invalid("samples")) {
                _ = try BestOfN(samples: n)
                return []
            }
            add("refinement with \(n) passes", .invalid("passes")) {
                _ = try IterativeRefinement(passes: n)
                return []
            }
            add("majority voting with \(n) samples", .invalid("samples")) {
                _ = try MajorityVoting.uniform(samples: n, answers: 3)
                return []
            }
        }
        for answers in [1, 0, -5] {
            add("majority voting with \(answers) answers", .invalid("answers")) {
                _ = try MajorityVoting.uniform(samples: 3, answers: answers)
                return []
            }
        }
        add("majority voting beyond the exact limit", .invalid("samples")) {
            _ = try MajorityVoting.binary(samples: MajorityVoting.exactLimit + 1).accuracy(sampleSuccess: 0.5)
            return []
        }
        return list
    }

    @Test("At least 200 problems, every one with its expected error or warning")
    func corpus() {
        let problems = Self.problems
        #expect(problems.count >= 200, "\(problems.count) problems")
        for problem in problems {
            switch problem.expected {
            case .warning(let code):
                do {
                    let warnings = try problem.solve()
                    #expect(warnings.map(\.code).contains(code), "\(problem.name): \(warnings)")
                } catch {
                    Issue.record("\(problem.name): expected \(problem.expected), got \(error)")
                }
            case .infeasible(let parameter), .invalid(let parameter):
                do {
                    _ = try problem.solve()
                    Issue.record("\(problem.name): expected \(problem.expected), got no error")
                } catch let error as ParameterError {
                    let wantInfeasible = if case .infeasible = problem.expected { true } else { false }
                    #expect(error.isInfeasibility == wantInfeasible, "\(problem.name): \(error)")
                    #expect(error.parameter == parameter, "\(problem.name): \(error)")
                } catch {
                    Issue.record("\(problem.name): expected \(problem.expected), got \(error)")
                }
            }
        }
    }
}
