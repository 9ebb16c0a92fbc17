// Extending DS3Kit from another package: a custom strategy, loss law, task population and figure, each run
// through the library's solvers. Every check prints its numbers; the process exits 1 if one fails (CI runs it).
import DS3Kit
import Foundation

var failures = 0
@MainActor func check(_ ok: Bool, _ what: String) {
    print((ok ? "ok    " : "FAILED ") + what)
    if !ok { failures += 1 }
}
func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(a), abs(b), .leastNormalMagnitude) }

// 1. A custom multi-chain strategy is charged the FLOPs of the built-in best-of-N at equal samples.
let task = try SkillTask(m: 6, r: 0.3)
let cost = try CostModel(parameters: 7e9, tokensPerStep: 25)
let budget = try StepBudget(steps: 120)
let rows = try StrategyComparison.compare(
    task, budget: budget, cost: cost,
    strategies: [("cot", ChainOfThought()), ("any-of-4", AnyOfChains(chains: 4)), ("bon(4)", BestOfN(samples: 4))])
for row in rows {
    print(
        "  \(row.label): \(row.budgetSteps) steps per chain, success \(row.evaluation.success), FLOPs \(row.evaluation.flops)"
    )
}
check(
    relative(rows[1].evaluation.flops, rows[2].evaluation.flops) <= 1e-12,
    "custom 4-chain strategy charged best-of-4's FLOPs (\(rows[1].evaluation.flops) vs \(rows[2].evaluation.flops))")
check(
    relative(rows[1].evaluation.success, rows[2].evaluation.success) <= 1e-12,
    "with an oracle it succeeds as best-of-4 (\(rows[1].evaluation.success))")

// 2. A custom loss law with Chinchilla's constants reproduces the Chinchilla optimum through the training, the
//    inference-aware and the joint solvers (it reports no `chinchillaForm`, so each takes its numerical path).
let chinchilla = ChinchillaLossLaw.chinchilla
let mine = UserLossLaw(
    E: chinchilla.E, A: chinchilla.A, B: chinchilla.B, alpha: chinchilla.alpha, beta: chinchilla.beta)
let exact = try chinchilla.computeOptimal(compute: 5.76e23)
let numeric = try LawTrainingOptimum(law: mine, compute: 5.76e23)
print(
    "  user law at 5.76e23 FLOPs: N* = \(numeric.optimum.parameters), D* = \(numeric.optimum.tokens) (\(numeric.convergence.method))"
)
check(
    relative(numeric.optimum.parameters, exact.parameters) <= 1e-9
        && relative(numeric.optimum.tokens, exact.tokens) <= 1e-9,
    "user loss law reproduces the Chinchilla optimum N* = \(exact.parameters) to 1e-9")
// Inference-aware (Sardana et al. 2024): the numerical paths solve their first-order conditions to ~1e-10.
let budgetExact = try InferenceAware.fixedBudget(law: chinchilla, compute: 1e23, inferenceTokens: 1e13)
let budgetMine = try InferenceAware.fixedBudget(law: mine, compute: 1e23, inferenceTokens: 1e13)
let lossExact = try InferenceAware.fixedLoss(law: chinchilla, loss: 2.1, inferenceTokens: 1e13)
let lossMine = try InferenceAware.fixedLoss(law: mine, loss: 2.1, inferenceTokens: 1e13)
print("  user law, 1e23 lifetime FLOPs, T = 1e13: N = \(budgetMine.parameters) (\(budgetMine.convergence))")
check(
    relative(budgetMine.parameters, budgetExact.parameters) <= 1e-8
        && relative(budgetMine.tokens, budgetExact.tokens) <= 1e-8
        && relative(lossMine.parameters, lossExact.parameters) <= 1e-8
        && relative(lossMine.tokens, lossExact.tokens) <= 1e-8,
    "user loss law reproduces the inference-aware optima (fixed budget, fixed loss) to 1e-8")
// The DS3 joint optimum: the user law's losses differ from Chinchilla's in the last bits, so Nelder–Mead may stop
// elsewhere in its final simplex (1e-5): N to 1e-3, the accuracy (flat at the maximum) to 1e-9.
let lawClasses = try [(4, 2.0), (8, 2.2)].map { try BridgeAccuracyModel.TaskClass(m: $0.0, L0: $0.1) }
let jointExact = try JointOptimum.global(
    model: try BridgeAccuracyModel(law: chinchilla, tasks: lawClasses), compute: 1e22, queries: 1e10
).best
let jointMine = try JointOptimum.global(
    model: try BridgeAccuracyModel(law: mine, tasks: lawClasses), compute: 1e22, queries: 1e10
).best
print(
    "  user law, joint optimum at 1e22 FLOPs, 1e10 queries: N = \(jointMine.parameters) (built-in \(jointExact.parameters)), accuracy \(jointMine.accuracy) (built-in \(jointExact.accuracy))"
)
check(
    relative(jointMine.parameters, jointExact.parameters) <= 1e-3
        && abs(jointMine.accuracy - jointExact.accuracy) <= 1e-9,
    "user loss law reproduces the joint optimum (N to 1e-3, accuracy to 1e-9)")

// 3. A custom task population (log-uniform per-step success over 12 tasks of 3 to 14 skills) through the strategy
//    map, dynamic allocation and the joint optimum.
let tasks = try (0..<12).map { i in try SkillTask(m: 3 + i, r: pow(10, -0.1 - 0.9 * Double(i) / 11)) }
let population = try TaskPopulation(tasks: tasks, weights: [Double](repeating: 1, count: 12))
let menu = [try StrategyOption(ChainOfThought()), try StrategyOption(AnyOfChains(chains: 4))]
for B in [20.0, 200.0] {
    let choice = try StrategyChoice(task: tasks[6], allocatedSteps: B, menu: menu, cost: cost)
    print("  strategy map, task m = \(tasks[6].m), r = \(tasks[6].r), \(B) steps: \(choice)")
}
let plan = try DynamicAllocation(
    population: population, averageSteps: 60, budgets: try Grid.geom(1, 1e4, 41), menu: menu, cost: cost)
print("  dynamic allocation at 60 steps on average: accuracy \(plan.accuracy) (uniform \(plan.uniformAccuracy))")
check(plan.accuracy >= plan.uniformAccuracy, "dynamic allocation is at least as good as the uniform budget")
let classes = try [(2, 1.6), (5, 2.0), (9, 2.4)].map { try BridgeAccuracyModel.TaskClass(m: $0.0, L0: $0.1) }
let customJoint = try JointOptimum.global(
    model: try BridgeAccuracyModel(tasks: classes, strategy: AnyOfChains(chains: 4)), compute: 1e22, queries: 1e9
).best
let builtInJoint = try JointOptimum.global(
    model: try BridgeAccuracyModel(tasks: classes, strategy: BestOfN(samples: 4)), compute: 1e22, queries: 1e9
).best
print(
    "  joint optimum at 1e22 FLOPs, 1e9 queries: custom \(customJoint.accuracy), built-in best-of-4 \(builtInJoint.accuracy)"
)
check(
    abs(customJoint.accuracy - builtInJoint.accuracy) <= 1e-9,
    "the joint optimum treats the custom strategy as best-of-4 (accuracy to 1e-9)")

// 4. A custom figure through the catalogue and the writer (CSV with the standard metadata).
let figure = FigureSpec(
    id: "user-any-of-chains", paper: .project, title: "Any-of-4 chains vs chain-of-thought at equal compute",
    columns: ["steps", "cot", "any_of_4"]
) {
    let steps = try Grid.geom(10, 1e3, 21)
    let rows = try steps.map { K -> [Double] in
        let r = try StrategyComparison.compare(
            task, budget: try StepBudget(steps: K), cost: cost,
            strategies: [("cot", ChainOfThought()), ("any", AnyOfChains(chains: 4))])
        return [K, r[0].evaluation.success, r[1].evaluation.success]
    }
    return try Table(names: ["steps", "cot", "any_of_4"], rows: rows)
}
let catalogue = try FigureCatalogue.builtIn.adding(figure)
check(try catalogue.figure(id: "user-any-of-chains").title == figure.title, "the figure joins the built-in catalogue")
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ds3kit-example-\(getpid())").path
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
try FigureCatalogue([figure]).writeAll(to: directory)
let csv = try String(contentsOfFile: directory + "/user-any-of-chains.csv", encoding: .utf8)
check(csv.contains("# figure: user-any-of-chains") && csv.contains("steps,cot,any_of_4"), "the writer writes its CSV")

print(failures == 0 ? "all checks passed" : "\(failures) check(s) failed")
exit(failures == 0 ? 0 : 1)
