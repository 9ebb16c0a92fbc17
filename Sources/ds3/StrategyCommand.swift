import ArgumentParser
import DS3
import Foundation
import ScalingCore

/// `ds3 strategy`: closed-form success and cost of DS3 inference strategies, comparisons at equal compute, and
/// the traversal Monte Carlo.
struct StrategyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategy",
        abstract: "Evaluate, compare and simulate DS3 inference strategies (CoT, ToT, best-of-N, voting, …).",
        subcommands: [Evaluate.self, Compare.self, Simulate.self, Map.self]
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case cot, strict, tot, bon, mv, refine
    }

    enum Steps: String, ExpressibleByArgument, CaseIterable {
        case exact
        case piecewiseLinear = "piecewise-linear"
        case gaussian

        var method: ChainOfThought.StepCount {
            switch self {
            case .exact: .exact
            case .piecewiseLinear: .piecewiseLinear
            case .gaussian: .gaussian
            }
        }
    }

    /// The task (m, r) and the step budget K.
    struct TaskOptions: ParsableArguments {
        @Option(help: "Number of required skills m (≥ 1).")
        var m: Int?
        @Option(
            name: .customLong("r"),
            help: "Per-step success probability r, in (0, 1] (strategy evaluate: a comma list or lo:hi:n sweeps it).")
        var rValues: SweepValues?
        @Option(
            name: .customLong("steps"),
            help: """
                Step budget K per chain (per depth path for tot), ≥ 0; tokens = K × omega (strategy evaluate: a \
                comma list or lo:hi:n sweeps it).
                """)
        var stepValues: SweepValues?
        @Option(
            name: .customLong("tokens"),
            help: "The same budget in generated tokens per query, Ω = K × omega (instead of --steps; sweeps alike).")
        var tokenValues: SweepValues?

        /// r, K and Ω at the point being solved (a sweep solves each point on a copy holding one value of each).
        var r: Double? { rValues?.values[0] }
        var steps: Double? { stepValues?.values[0] }
        var tokens: Double? { tokenValues?.values[0] }

        /// Validates every given value, whether or not the chosen strategy uses it (called by the parser).
        func validate() throws {
            if let m { try Validate.count(m, "--m") }
            try rValues?.validate { try Validate.probability($0, "--r", .lowerOpen) }
            try stepValues?.validate { try Validate.nonNegative($0, "--steps") }
            try tokenValues?.validate { try Validate.nonNegative($0, "--tokens") }
            guard (stepValues == nil) != (tokenValues == nil) else {
                throw ValidationError("give the budget once: --steps K or --tokens Ω (= K × omega)")
            }
        }

        /// The sweep axes of r and of the budget (those given), in that order.
        var axes: [Sweep.Axis] {
            [Sweep.Axis("r", rValues), Sweep.Axis("steps", stepValues), Sweep.Axis("tokens", tokenValues)]
                .compactMap { $0 }
        }

        /// Refuses a list where `command` takes one value (only `strategy evaluate` sweeps).
        func requireSingle(_ command: String) throws {
            for (name, values) in [("--r", rValues), ("--steps", stepValues), ("--tokens", tokenValues)]
            where (values?.values.count ?? 1) > 1 {
                throw ValidationError(
                    "\(name) takes one value in \(command) (a list or a range sweeps only in strategy evaluate)")
            }
        }

        /// These options at the point `values`, one per axis of `axes`.
        func at(_ values: ArraySlice<Double>) -> TaskOptions {
            var copy = self
            var rest = values
            if rValues != nil { copy.rValues = SweepValues([rest.removeFirst()]) }
            if stepValues != nil { copy.stepValues = SweepValues([rest.removeFirst()]) }
            if tokenValues != nil { copy.tokenValues = SweepValues([rest.removeFirst()]) }
            return copy
        }

        /// The task (m, r); nil without both when `required` is false. Values were checked by `validate()`.
        func task(required: Bool) throws -> SkillTask? {
            guard let m, let r else {
                if required {
                    throw ValidationError(
                        "--m and --r are required (or give a Beta population with --beta-alpha/--beta-beta)")
                }
                return nil
            }
            return try SkillTask(m: m, r: r)
        }

        /// The step budget K: `--steps`, or `--tokens` / ω (`omega`, tokens per step). One of them was given (checked
        /// by `validate()`).
        func budget(omega: Double) throws -> StepBudget { try StepBudget(steps: resolvedSteps(omega: omega)) }

        func resolvedSteps(omega: Double) -> Double { steps ?? (tokens ?? 0) / omega }
    }

    /// Strategy parameters.
    struct StrategyOptions: ParsableArguments {
        @Option(help: "ToT branching factor b (≥ 1).")
        var branches: Int = 4
        @Option(help: "Samples N for bon and mv, passes for refine (≥ 1).")
        var samples: Int = 8
        @Option(help: "Number of distinct answers A for mv (≥ 2; A − 1 wrong answers).")
        var answers: Int = 2
        @Option(help: "Truncated-geometric ratio λ in (0, 1) of the mv error weights (default: equal weights).")
        var lambda: Double?
        @Option(help: "ToT evaluator reliability v in (0, 1].")
        var evaluator: Double = 1
        @Option(help: "Verifier sensitivity P(accept | correct) for bon/refine, in [0, 1].")
        var verifierSensitivity: Double = 1
        @Option(help: "Verifier false acceptance P(accept | wrong) for bon/refine, in [0, 1].")
        var verifierFalseAccept: Double = 0
        @Option(help: "Expected-steps method: exact, piecewise-linear (min(K, m/r)) or gaussian.")
        var stepCount: Steps = .exact

        /// Validates every option, whether or not the chosen strategy uses it (called by the parser).
        func validate() throws {
            try Validate.count(branches, "--branches")
            try Validate.count(samples, "--samples")
            try Validate.count(answers, "--answers", minimum: 2)
            if let lambda { try Validate.probability(lambda, "--lambda", .open) }
            try Validate.probability(evaluator, "--evaluator", .lowerOpen)
            try Validate.probability(verifierSensitivity, "--verifier-sensitivity")
            try Validate.probability(verifierFalseAccept, "--verifier-false-accept")
        }

        func verifier() throws -> Verifier {
            try Verifier(sensitivity: verifierSensitivity, falseAcceptance: verifierFalseAccept)
        }

        func errorWeights() throws -> [Double] {
            if let lambda { return try MajorityVoting.truncatedGeometricWeights(answers: answers, lambda: lambda) }
            return Array(repeating: 1, count: answers - 1)
        }

        /// The strategy of `kind` built from these options (values checked by `validate()`; what only one strategy
        /// needs, such as the exact-voting sample limit, is checked here).
        func strategy(_ kind: Kind) throws -> any InferenceStrategy {
            let method = stepCount.method
            switch kind {
            case .cot: return ChainOfThought(stepCount: method)
            case .strict: return StrictChain()
            case .tot: return try TreeOfThought(branches: branches, evaluator: evaluator, stepCount: method)
            case .bon: return try BestOfN(samples: samples, verifier: verifier(), stepCount: method)
            case .mv:
                try Validate.inRange(Double(samples), "--samples", 1, Double(MajorityVoting.exactLimit))
                return try MajorityVoting(samples: samples, errorWeights: errorWeights(), stepCount: method)
            case .refine: return try IterativeRefinement(passes: samples, verifier: verifier(), stepCount: method)
            }
        }
    }

    /// Cost model options.
    struct CostOptions: ParsableArguments {
        @Option(
            name: .customLong("params"),
            help: "Model parameters N (FLOPs per token 2N; strategy evaluate: a comma list or lo:hi:n sweeps it).")
        var paramValues = SweepValues([1e10])
        /// N at the point being solved.
        var params: Double { paramValues.values[0] }
        @Option(help: "Tokens per skill step ω.")
        var omega: Double = 25
        @Flag(help: "Add the attention term 2 n_layer d_attn per (token, context) pair.")
        var attention = false
        @Option(help: "Transformer layers n_layer (with --attention).")
        var layers: Double = 96
        @Option(help: "Attention width d_attn (with --attention).")
        var dAttn: Double = 12288
        @Option(help: "Prompt length ω_p in tokens (with --attention).")
        var prompt: Double = 200

        /// Validates every option, with or without --attention (called by the parser).
        func validate() throws {
            try paramValues.validate { try Validate.positive($0, "--params") }
            try Validate.positive(omega, "--omega")
            try Validate.positive(layers, "--layers")
            try Validate.positive(dAttn, "--d-attn")
            try Validate.nonNegative(prompt, "--prompt")
        }

        /// Refuses a list of `--params` where `command` takes one value.
        func requireSingle(_ command: String) throws {
            guard paramValues.values.count == 1 else {
                throw ValidationError(
                    "--params takes one value in \(command) (a list or a range sweeps only in strategy evaluate)")
            }
        }

        func model() throws -> CostModel {
            let a = attention ? try AttentionCost(layers: layers, width: dAttn, promptTokens: prompt) : nil
            return try CostModel(parameters: params, tokensPerStep: omega, attention: a)
        }
    }

    /// A Beta task population of single-sample success: p ~ (1 − A) δ0 + A Beta(α, β).
    struct PopulationOptions: ParsableArguments {
        @Option(help: "α of the Beta population of per-sample success (> 0).")
        var betaAlpha: Double?
        @Option(help: "β of the Beta population of per-sample success (> 0).")
        var betaBeta: Double?
        @Option(help: "Fraction A of solvable tasks in the Beta population, in (0, 1].")
        var solvable: Double = 1

        /// Validates every given value and that α and β come together (called by the parser).
        func validate() throws {
            if let betaAlpha { try Validate.positive(betaAlpha, "--beta-alpha") }
            if let betaBeta { try Validate.positive(betaBeta, "--beta-beta") }
            try Validate.probability(solvable, "--solvable", .lowerOpen)
            if (betaAlpha == nil) != (betaBeta == nil) {
                throw ValidationError("--beta-alpha and --beta-beta go together")
            }
        }

        func population() throws -> BetaTaskPopulation? {
            guard let betaAlpha, let betaBeta else { return nil }
            return try BetaTaskPopulation(alpha: betaAlpha, beta: betaBeta, solvable: solvable)
        }
    }

    /// Refuses results that overflowed (inputs too large for double precision).
    static func checkFinite(_ e: StrategyEvaluation) throws {
        for (name, v) in [("success", e.success), ("flops", e.flops), ("tokens", e.tokens), ("latency", e.latency)]
        where !v.isFinite {
            throw ParameterError(parameter: "result \(name)", value: v, validRange: "finite (inputs too large)")
        }
    }

    static func add(_ e: StrategyEvaluation, to record: inout Record) {
        record.add("success", e.success)
        record.add("flops", e.flops)
        record.add("tokens", e.tokens)
        record.add("latency", e.latency)
    }

    static func echo(_ task: TaskOptions, _ cost: CostOptions, into record: inout Record) {
        if let m = task.m { record.add("m", m) }
        if let r = task.r { record.add("r", r) }
        record.add("steps", task.resolvedSteps(omega: cost.omega))
        record.add("params", cost.params)
        record.add("omega", cost.omega)
        record.add("attention", cost.attention)
    }

    static func echo(_ kind: Kind, _ options: StrategyOptions, into record: inout Record) {
        switch kind {
        case .tot:
            record.add("branches", options.branches)
            record.add("evaluator", options.evaluator)
        case .bon, .refine:
            record.add(kind == .bon ? "samples" : "passes", options.samples)
            record.add("verifier_sensitivity", options.verifierSensitivity)
            record.add("verifier_false_accept", options.verifierFalseAccept)
        case .mv:
            record.add("samples", options.samples)
            record.add("answers", options.answers)
            if let lambda = options.lambda { record.add("lambda", lambda) }
        case .cot, .strict: break
        }
        if kind != .strict { record.add("step_count", options.stepCount.rawValue) }
    }

    /// Closed form over a Beta population (success from the population law; cost = every sample using its full
    /// budget K, an upper bound, since the chain behind each sample is not modelled).
    static func populationEvaluation(
        _ kind: Kind, _ options: StrategyOptions, population: BetaTaskPopulation, budget: StepBudget, cost: CostModel
    ) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let full = StepMoments.deterministic(K)
        let n = Double(options.samples)
        switch kind {
        case .cot:
            let usage = cost.usage(chains: 1, width: 1, steps: full, latencySteps: K)
            return StrategyEvaluation(success: population.meanSuccess, usage: usage, cost: cost)
        case .bon:
            guard try options.verifier().isOracle else {
                throw UsageError("a Beta population supports bon with the oracle verifier only")
            }
            let usage = cost.usage(chains: n, width: 1, steps: full, latencySteps: K)
            return StrategyEvaluation(success: try population.passAtN(n), usage: usage, cost: cost)
        case .mv:
            guard let mv = try options.strategy(.mv) as? MajorityVoting else { throw UsageError("mv unavailable") }
            let usage = cost.usage(chains: n, width: 1, steps: full, latencySteps: K)
            return StrategyEvaluation(success: try mv.accuracy(population: population), usage: usage, cost: cost)
        case .strict, .tot, .refine:
            throw UsageError("--beta-alpha/--beta-beta apply to --strategy cot, bon or mv")
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Closed-form success, expected FLOPs, tokens and latency of one strategy on one task.",
            discussion: """
                Example: ds3 strategy evaluate --strategy cot --m 5 --r 0.2 --steps 25 --format json
                With --beta-alpha/--beta-beta (and --solvable) the success is over a Beta task population \
                (pass@N for bon, exact voting for mv).
                """)

        @Option(help: "Strategy: cot, strict, tot, bon, mv or refine.")
        var strategy: Kind
        @OptionGroup var task: TaskOptions
        @OptionGroup var options: StrategyOptions
        @OptionGroup var cost: CostOptions
        @OptionGroup var populationOptions: PopulationOptions
        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        func validate() throws {
            if try populationOptions.population() != nil {
                guard [.cot, .bon, .mv].contains(strategy) else {
                    throw ValidationError("--beta-alpha/--beta-beta apply to --strategy cot, bon or mv")
                }
                if strategy == .bon, try !options.verifier().isOracle {
                    throw ValidationError("a Beta population supports bon with the oracle verifier only")
                }
                if strategy == .mv { _ = try options.strategy(.mv) }
            } else {
                _ = try task.task(required: true)
                _ = try options.strategy(strategy)
            }
        }

        func run() throws {
            let axes = task.axes + [Sweep.Axis("params", cost.paramValues.values)]
            guard axes.contains(where: { $0.values.count > 1 }) else {
                try record().emit(format)
                return
            }
            // A sweep: one row per point of r × budget × N, in that order (the first outermost).
            let rowFormat = RowFormat(format)
            try Sweep.emit(axes, format: rowFormat) { point, _ in
                var copy = self
                copy.task = task.at(point.dropLast())
                copy.cost.paramValues = SweepValues([point[point.count - 1]])
                return try copy.record()
            }
        }

        /// The evaluation at this command's (single) r, budget and N, echoing every input.
        func record() throws -> Record {
            let budget = try task.budget(omega: cost.omega)
            let model = try cost.model()
            var record = Record()
            record.add("strategy", strategy.rawValue)
            let population = try populationOptions.population()
            let evaluation: StrategyEvaluation
            if let population {
                evaluation = try StrategyCommand.populationEvaluation(
                    strategy, options, population: population, budget: budget, cost: model)
                record.add("beta_alpha", population.alpha)
                record.add("beta_beta", population.beta)
                record.add("solvable", population.solvable)
            } else {
                guard let skillTask = try task.task(required: true) else {
                    throw UsageError("--m and --r are required")
                }
                let s = try options.strategy(strategy)
                evaluation = try s.evaluate(skillTask, budget: budget, cost: model)
            }
            try StrategyCommand.checkFinite(evaluation)
            StrategyCommand.echo(task, cost, into: &record)
            StrategyCommand.echo(strategy, options, into: &record)
            StrategyCommand.add(evaluation, to: &record)
            return record
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every strategy on one task at the compute of a CoT chain with budget K.",
            discussion: """
                Each strategy gets the nominal compute of one chain of K steps: ToT the equal-compute depth (K/b, or \
                the attention quadratic with --attention), bon/mv/refine K/N steps per sample (attention: the same \
                quadratic). Prints success, expected FLOPs, tokens and latency, the success per PFLOP, the best \
                per unit compute and the most successful.
                """)

        @OptionGroup var task: TaskOptions
        @OptionGroup var options: StrategyOptions
        @OptionGroup var cost: CostOptions
        @OptionGroup var saved: SavedFitOptions
        @OptionGroup var uncertainty: ReplicateOptions
        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        func validate() throws {
            try task.requireSingle("strategy compare")
            try cost.requireSingle("strategy compare")
            if saved.population == nil { _ = try task.task(required: true) }
            for kind in Kind.allCases { _ = try options.strategy(kind) }
        }

        func run() throws {
            let model = try saved.cost(cost.model())
            let budget = try task.budget(omega: model.tokensPerStep)
            let strategies = try Kind.allCases.map { ($0.rawValue, try options.strategy($0)) }
            let fitted = try saved.compare(
                budget: budget, cost: model, strategies: strategies, replicates: uncertainty.replicates)
            let rows: [StrategyComparison.Row]
            if let fitted {
                rows = fitted.rows
            } else {
                guard let skillTask = try task.task(required: true) else { return }
                rows = try StrategyComparison.compare(skillTask, budget: budget, cost: model, strategies: strategies)
            }
            for row in rows { try StrategyCommand.checkFinite(row.evaluation) }
            let bestPerCompute = StrategyComparison.bestPerCompute(rows)
            let bestSuccess = StrategyComparison.mostSuccessful(rows)
            switch format {
            case .json, .csv:
                var record = Record()
                StrategyCommand.echo(task, cost, into: &record)
                var list: [Record.Value] = []
                for row in rows {
                    var r = Record()
                    r.add("strategy", row.label)
                    r.add("name", row.name)
                    r.add("budget_steps", row.budgetSteps)
                    StrategyCommand.add(row.evaluation, to: &r)
                    r.add("success_per_pflop", row.successPerPetaFLOP)
                    list.append(.record(r))
                }
                record.add("strategies", list)
                record.add("best_per_compute", bestPerCompute)
                record.add("best_success", bestSuccess)
                try SavedFitOptions.add(wins: fitted?.wins ?? [], saved, to: &record)
                try record.emit(format)
            case .table:
                let header = ["strategy", "budget_steps", "success", "flops", "tokens", "latency", "success/PFLOP"]
                var lines = [header]
                for row in rows {
                    lines.append([
                        row.name, Table.format(row.budgetSteps), Table.format(row.evaluation.success),
                        Table.format(row.evaluation.flops), Table.format(row.evaluation.tokens),
                        Table.format(row.evaluation.latency), Table.format(row.successPerPetaFLOP),
                    ])
                }
                let widths = header.indices.map { j in lines.map { $0[j].count }.max() ?? 0 }
                for line in lines {
                    print(
                        line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                            .joined(separator: "  "))
                }
                print("best per unit compute: \(bestPerCompute)")
                print("best success: \(bestSuccess)")
                if let wins = fitted?.wins, !wins.isEmpty { print(SavedFitOptions.line(wins: wins)) }
            }
        }
    }

    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play a strategy step by step (seeded Monte Carlo) and compare with its closed form.")

        @Option(help: "Strategy: cot, strict, tot, bon, mv or refine.")
        var strategy: Kind
        @OptionGroup var task: TaskOptions
        @OptionGroup var options: StrategyOptions
        @OptionGroup var cost: CostOptions
        @Option(help: "Random seed.")
        var seed: UInt64 = 1
        @Option(help: "Number of simulated queries (1 … 10⁸).")
        var trials: Int = 10_000
        @Flag(help: "Jump over failed attempts with geometric waiting times (chain-of-thought chains).")
        var fast = false
        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        func validate() throws {
            try task.requireSingle("strategy simulate")
            try cost.requireSingle("strategy simulate")
            try Validate.count(trials, "--trials")
            try Validate.inRange(Double(trials), "--trials", 1, 1e8)
            // Keep a simulation bounded: trials × parallel chains (or branches) ≤ 1e9.
            try Validate.inRange(
                Double(trials) * Double(width), "--trials × " + (strategy == .tot ? "--branches" : "--samples"), 1, 1e9)
            _ = try task.task(required: true)
            _ = try options.strategy(strategy)
        }

        /// Parallel chains (or ToT branches) per simulated query.
        var width: Int {
            strategy == .tot ? options.branches : ([.bon, .mv, .refine].contains(strategy) ? options.samples : 1)
        }

        func run() throws {
            guard let skillTask = try task.task(required: true) else { return }
            let budget = try task.budget(omega: cost.omega)
            let model = try cost.model()
            let s = try options.strategy(strategy)
            let closed = try s.evaluate(skillTask, budget: budget, cost: model)
            try StrategyCommand.checkFinite(closed)
            try Self.checkWork(
                trials: trials, stepsPerQuery: fast ? Double(width * skillTask.m) : closed.tokens / model.tokensPerStep)
            let sim = try TraversalSimulator.run(
                s, tasks: skillTask, budget: budget, cost: model, trials: trials, seed: seed, fastPath: fast)
            var record = Record()
            record.add("strategy", strategy.rawValue)
            StrategyCommand.echo(task, cost, into: &record)
            StrategyCommand.echo(strategy, options, into: &record)
            record.add("seed", seed)
            record.add("trials", trials)
            record.add("fast", fast)
            for (name, value, estimate) in [
                ("success", closed.success, sim.success), ("flops", closed.flops, sim.flops),
                ("tokens", closed.tokens, sim.tokens), ("latency", closed.latency, sim.latency),
            ] {
                var r = Record()
                r.add("closed_form", value)
                r.add("simulated", estimate.mean)
                r.add("standard_error", estimate.standardError)
                // With zero spread (every trial identical) the z-score is undefined and is left out.
                if estimate.standardError > 0 { r.add("z", estimate.zScore(of: value)) }
                record.add(name, r)
            }
            try record.emit(format)
        }

        /// Work a simulation may start: skill steps (trials × expected steps per query), at 2e8 per core-second,
        /// measured in a release build with chain-of-thought and majority voting (Benchmarks/README.md, "Work
        /// bounds"); 2.4e10 steps.
        static let work = WorkBound(unit: "skill steps", ratePerCoreSecond: 2e8, parallel: true)

        /// Refuses a simulation whose expected work (trials × expected steps per query, from the closed form)
        /// exceeds `work`, naming the estimate and the flags to lower.
        static func checkWork(trials: Int, stepsPerQuery: Double) throws {
            try work.check(
                Double(trials) * stepsPerQuery, parameter: "--trials", value: "\(trials)",
                formula: "trials × expected steps per query", lower: "lower --trials or --steps (or use --fast)")
        }
    }
}
