import ArgumentParser
import ComputeOptimal
import DS3
import Foundation
import ScalingCore

/// `--population FILE.json`: a saved budget fit (`ds3 fit budget --save`) in place of built-in task parameters,
/// for `strategy compare`, `optimum dynamic` and `optimum joint` (docs/fit-schema.md).
struct SavedFitOptions: ParsableArguments {
    @Option(
        help:
            "Saved budget fit (ds3 fit budget --save FILE.json): your model's task (m, r) or Beta task population and its tokens per step, in place of the built-in tasks."
    )
    var population: String?
    @Option(name: .customLong("population-model"), help: "The curve of --population to use when it holds several.")
    var populationModel: String?
    @Option(
        name: .customLong("reference-loss"),
        help:
            "Loss L (nats/token) of the model whose curve was fitted: the bridge L0 = L + logit(r)/b carries the fit to other N and D (optimum joint; optimum dynamic defaults to --loss)."
    )
    var referenceLoss: Double?
    @Option(
        name: .customLong("quantile-nodes"),
        help: "Equal-weight Beta quantiles r_i standing for a fitted population (1 … 1000).")
    var nodes: Int = 64

    func validate() throws {
        if let referenceLoss { try Validate.finite(referenceLoss, "--reference-loss") }
        try Validate.count(nodes, "--quantile-nodes")
        try Validate.inRange(Double(nodes), "--quantile-nodes", 1, 1000)
        if let populationModel, populationModel.isEmpty {
            throw ValidationError("--population-model needs the name of a curve (the model column of the fitted data)")
        }
        if population == nil, populationModel != nil || referenceLoss != nil {
            throw ValidationError("--population-model and --reference-loss go with --population")
        }
        if let population {
            try FitCommand.checkInput(population, "--population")
            _ = try fit()
        }
    }

    /// The saved budget fit, nil without `--population`.
    func fit() throws -> SavedFit? {
        guard let population else { return nil }
        do {
            return try SavedFitFile.load(population).fit(.budgetTask, .budgetPopulation, model: populationModel)
        } catch let error as SavedFitError {
            throw ValidationError("--population \(error.description)")
        }
    }

    /// The cost model with the fit's tokens per step ω.
    func cost(_ base: CostModel) throws -> CostModel {
        guard let fit = try fit() else { return base }
        return try CostModel(
            parameters: base.parameters, tokensPerStep: try fit.tokensPerStep, attention: base.attention)
    }

    /// The bridge accuracy model with the fitted task classes (L0 = L_ref + logit(r)/b, the fit's ω), or
    /// `fallback`'s built-in grid without `--population`.
    func model(law: ChinchillaLossLaw, fallback: PopulationOptions, referenceLoss defaultLoss: Double? = nil) throws
        -> BridgeAccuracyModel
    {
        guard let fit = try fit() else { return try fallback.model(law: law) }
        return try bridge(fit, set: nil, law: law, slope: fallback.slope, referenceLoss: defaultLoss)
    }

    func bridge(_ fit: SavedFit, set: Int?, law: ChinchillaLossLaw, slope: Double, referenceLoss defaultLoss: Double?)
        throws -> BridgeAccuracyModel
    {
        guard let L = referenceLoss ?? defaultLoss else {
            throw ValidationError("--population needs --reference-loss L, the loss of the model whose curve was fitted")
        }
        let tasks = try fit.bridgeTasks(replicate: set, referenceLoss: L, slope: slope, nodes: nodes)
        return try BridgeAccuracyModel(law: law, tasks: tasks, slope: slope, tokensPerStep: try fit.tokensPerStep)
    }

    /// `strategy compare` over the saved population: the rows, and (with `--replicates`) the share of replicates in
    /// which each strategy is the most successful. Nil without `--population`.
    func compare(
        budget: StepBudget, cost: CostModel, strategies: [(String, any InferenceStrategy)], replicates: Int
    ) throws
        -> (rows: [StrategyComparison.Row], wins: [(String, Double)])?
    {
        guard let fit = try fit() else { return nil }
        let rows = try StrategyComparison.compare(
            population: fit.taskPopulation(nodes: nodes), budget: budget, cost: cost, strategies: strategies)
        let populations = try fit.replicateTaskPopulations(nodes: nodes, limit: replicates)
        guard !populations.isEmpty else { return (rows, []) }
        let winners = try Parallel.map(count: populations.count) { k in
            StrategyComparison.mostSuccessful(
                try StrategyComparison.compare(
                    population: populations[k], budget: budget, cost: cost, strategies: strategies))
        }
        let wins = strategies.map { label, _ in
            (label, Double(winners.filter { $0 == label }.count) / Double(winners.count))
        }
        return (rows, wins)
    }

    /// Echo of the saved fit in a result record.
    func add(to record: inout Record) throws {
        guard let fit = try fit() else { return }
        var r = Record()
        r.add("file", population ?? "")
        r.add("kind", fit.kind.rawValue)
        if !fit.model.isEmpty { r.add("model", fit.model) }
        // The file's parameter names (docs/fit-schema.md) in the output's snake_case: tokensPerStep → tokens_per_step.
        for (name, value) in fit.parameters.sorted(by: { $0.key < $1.key }) { r.add(Self.snakeCase(name), value) }
        if let referenceLoss { r.add("reference_loss", referenceLoss) }
        record.add("population", r)
    }

    /// `name` in snake_case: an underscore before each capital that follows a lower-case letter, then lower case
    /// for those capitals ("tokensPerStep" → "tokens_per_step"; paper symbols such as "A" or "L0" unchanged).
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previousLower = false
        for c in name {
            if c.isUppercase && previousLower {
                out += "_" + c.lowercased()
            } else {
                out.append(c)
            }
            previousLower = c.isLowercase
        }
        return out
    }

    /// The fit echo and, with replicates, `best_success_share`: strategy → share of replicates it wins.
    static func add(wins: [(String, Double)], _ saved: SavedFitOptions, to record: inout Record) throws {
        try saved.add(to: &record)
        guard !wins.isEmpty else { return }
        var shares = Record()
        for (label, share) in wins { shares.add(label, share) }
        record.add("best_success_share", shares)
    }

    /// The law of `--law FILE.json` (a saved `ds3 fit loss`).
    static func law(_ path: String) throws -> ChinchillaLossLaw {
        try savedLaw(path).lossLaw()
    }

    static func savedLaw(_ path: String) throws -> SavedFit {
        do {
            return try SavedFitFile.load(path).fit(.lossLaw)
        } catch let error as SavedFitError {
            throw ValidationError("--law \(error.description)")
        }
    }

    /// "best success across replicates: cot 0.82, tot 0.18" (strategies that win at least once).
    static func line(wins: [(String, Double)]) -> String {
        "best success across replicates: "
            + wins.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.map { "\($0.0) \(Table.format($0.1))" }
            .joined(separator: ", ")
    }
}

/// `--replicates N`: carry the saved fits' bootstrap replicates through the solver.
struct ReplicateOptions: ParsableArguments {
    @Option(
        help:
            "With saved bootstrap replicates (--law FILE.json, --population FILE.json): re-solve for this many of them (0 = none) and report 95 % intervals, or the share of replicates each strategy wins."
    )
    var replicates: Int = 0

    func validate() throws {
        try Validate.count(replicates, "--replicates", minimum: 0)
        try Validate.inRange(Double(replicates), "--replicates", 0, 10_000)
    }

    /// 95 % percentile interval record {lower, upper, replicates} of `values`.
    static func interval(_ values: [Double]) throws -> Record {
        var r = Record()
        r.add("lower", try FitStatistics.quantile(values, 0.025))
        r.add("upper", try FitStatistics.quantile(values, 0.975))
        return r
    }

    /// Training-only optimum N, D at `compute` for every replicate law of `--law FILE.json` (nil otherwise).
    func trainingIntervals(lawPath: String, compute: Double) throws -> Record? {
        guard replicates > 0, lawPath.hasSuffix(".json") else { return nil }
        let laws = Array(try SavedFitOptions.savedLaw(lawPath).replicateLossLaws().prefix(replicates))
        guard laws.count >= 2 else { throw ValidationError("--law \(lawPath) holds no bootstrap replicates") }
        let optima = try laws.map { try $0.computeOptimal(compute: compute) }
        var r = Record()
        r.add("N", try Self.interval(optima.map(\.parameters)))
        r.add("D", try Self.interval(optima.map(\.tokens)))
        r.add("loss", try Self.interval(optima.map(\.loss)))
        r.add("replicates", laws.count)
        return r
    }

    /// Joint optimum N, D, Ω and accuracy re-solved for each replicate: the population replicates of
    /// `--population` and the law replicates of `--law FILE.json`, paired by index (a side without replicates
    /// keeps its point estimate). Nil without `--replicates`.
    func jointIntervals(
        saved: SavedFitOptions, lawPath: String, law: ChinchillaLossLaw, fallback: PopulationOptions,
        compute: Double, queries: Double
    ) throws -> Record? {
        guard replicates > 0 else { return nil }
        let laws = lawPath.hasSuffix(".json") ? try SavedFitOptions.savedLaw(lawPath).replicateLossLaws() : []
        let fit = try saved.fit()
        let populations = fit?.replicates.count ?? 0
        let count = min(replicates, max(laws.count, populations))
        guard count >= 2 else {
            throw ValidationError("--replicates needs saved bootstrap replicates in --law FILE.json or --population")
        }
        let models = try (0..<count).map { k in
            let lawK = laws.isEmpty ? law : laws[k % laws.count]
            if let fit, populations > 0 {
                return try saved.bridge(
                    fit, set: k % populations, law: lawK, slope: fallback.slope, referenceLoss: nil)
            }
            return try saved.model(law: lawK, fallback: fallback)
        }
        let optima = try Parallel.map(count: count) { k in
            try JointOptimum.global(model: models[k], compute: compute, queries: queries).best
        }
        var r = Record()
        r.add("N", try Self.interval(optima.map(\.parameters)))
        r.add("D", try Self.interval(optima.map(\.trainingTokens)))
        r.add("tokens_per_query", try Self.interval(optima.map(\.tokensPerQuery)))
        r.add("accuracy", try Self.interval(optima.map(\.accuracy)))
        r.add("replicates", count)
        return r
    }
}
