import ArgumentParser
import ComputeOptimal
import DS3
import ScalingCore

/// `ds3 optimum …`: compute-optimal model size, training data and inference.
struct OptimumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimum",
        abstract: "Solve compute-optimal allocations: Chinchilla, inference-aware, DS3 joint, dynamic.",
        subcommands: [Chinchilla.self, InferenceAwareCommand.self, Joint.self, Dynamic.self]
    )
}

/// Which loss law to use: a named constant set, optionally with individual constants overridden.
struct LawOptions: ParsableArguments {
    @Option(
        help:
            "Loss-law constants: chinchilla, chinchilla-tex, sardana, epoch (published table), epoch-log-space, muennighoff (base law of the data-constrained fit), in any letter case, or a saved fit FILE.json (ds3 fit loss --save)."
    )
    var law: LawChoice = .named(.chinchilla)

    @Option(name: .customLong("E"), help: "Override the irreducible loss E (nats/token).")
    var E: Double?
    @Option(name: .customLong("A"), help: "Override the model-size coefficient A.")
    var A: Double?
    @Option(name: .customLong("B"), help: "Override the data coefficient B.")
    var B: Double?
    @Option(name: .customLong("alpha"), help: "Override the model-size exponent α.")
    var alpha: Double?
    @Option(name: .customLong("beta"), help: "Override the data exponent β.")
    var beta: Double?

    /// The named set exists and the overridden constants form a valid law (called by the parser).
    func validate() throws {
        // Each override checked under its flag's name before the law is built.
        if let E { try Validate.nonNegative(E, "--E") }
        for (value, flag) in [(A, "--A"), (B, "--B"), (alpha, "--alpha"), (beta, "--beta")] {
            if let value { try Validate.positive(value, flag) }
        }
        _ = try resolve()
    }

    func resolve() throws -> ChinchillaLossLaw {
        let base = try law.law()
        return try ChinchillaLossLaw(
            E: E ?? base.E, A: A ?? base.A, B: B ?? base.B, alpha: alpha ?? base.alpha, beta: beta ?? base.beta)
    }

    var label: String {
        [E, A, B, alpha, beta].contains { $0 != nil } ? "\(law) (overridden)" : law.description
    }
}

extension OptimumCommand {
    struct Chinchilla: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Training-compute-optimal N and D at a FLOP budget (Hoffmann et al. 2022, Eq. 4).")

        @Option(
            help: """
                Training compute C in FLOPs (C = 6ND): one value, a comma list or a geometric range lo:hi:n (one row \
                per budget).
                """)
        var compute: SweepValues?
        @OptionGroup var lawOptions: LawOptions
        @OptionGroup var dataLimit: DataLimitOptions
        @OptionGroup var uncertainty: ReplicateOptions
        @OptionGroup var priceOptions: PriceOptions
        @Option(help: "Output format: table, json or csv (a sweep prints one row per budget; csv always does).")
        var format: RowFormat = .table

        func validate() throws {
            guard priceOptions.objective == .flops else {
                throw ValidationError(
                    "--objective dollars minimises the dollars of a target; optimum chinchilla has no target (give "
                        + "--dollars for a training budget in dollars)")
            }
            try priceOptions.checkGoal(
                [compute != nil], "give exactly one of --compute (FLOPs) or --dollars (a training budget in dollars)",
                target: "--compute", targetGiven: false)
            try compute?.validate { try Validate.positive($0, "--compute") }
        }

        func run() throws {
            let law = try lawOptions.resolve()
            // A dollar budget B buys C = B / p_tr training FLOPs (only the training price matters).
            let price = try priceOptions.budgetPrice()
            let goal = Sweep.Axis("compute", compute) ?? Sweep.Axis("dollars", priceOptions.dollars?.values ?? [])
            let axes = [goal] + [dataLimit.axis].compactMap { $0 }
            try Sweep.emit(axes, format: format) { point, quality in
                var copy = self
                copy.dataLimit = dataLimit.at(point.count > 1 ? point[1] : nil)
                guard goal.label == "dollars" else {
                    return try copy.record(law: law, compute: point[0], format: quality)
                }
                var record = Record()
                record.add("compute", point[0] / price)
                record.fields += try copy.record(law: law, compute: point[0] / price, format: quality).fields
                return record
            }
        }

        /// The optimum at one budget as a record (`format` says how convergence is reported).
        func record(law: ChinchillaLossLaw, compute: Double, format: OutputFormat) throws -> Record {
            if let constrained = try dataLimit.law(base: law) {
                let opt = try DataConstrainedOptimum.training(law: constrained, compute: compute)
                var record = Record()
                record.add("N", opt.parameters)
                record.add("D", opt.tokens)
                record.add("loss", opt.loss)
                record.add("tokens_per_parameter", opt.tokensPerParameter)
                dataLimit.add(constrained, tokens: opt.tokens, parameters: opt.parameters, to: &record)
                record.add("law", lawOptions.label)
                record.addQuality(opt.convergence, format: format)
                return record
            }
            let opt = try law.computeOptimal(compute: compute)
            var record = Record()
            record.add("N", opt.parameters)
            record.add("D", opt.tokens)
            record.add("loss", opt.loss)
            record.add("tokens_per_parameter", opt.tokensPerParameter)
            record.add("parameter_exponent", opt.parameterExponent)
            record.add("token_exponent", opt.tokenExponent)
            if let r = try uncertainty.trainingIntervals(lawPath: lawOptions.law.description, compute: compute) {
                record.add("intervals", r)
            }
            record.add("law", lawOptions.label)
            record.addQuality(.closedForm, format: format)
            return record
        }
    }

    struct InferenceAwareCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inference-aware",
            abstract: "Lifetime-compute-optimal N and D with T inference tokens (Sardana et al. 2024).",
            discussion: """
                Give --loss for the fixed-quality form (minimise 6ND + 2NT at that loss; also reports the \
                Chinchilla-style model of equal loss), or --compute for the fixed-budget form (minimise the loss \
                subject to 6ND + 2NT = C).
                """)

        @Option(
            help: "Target loss ℓ (nats/token): fixed-quality form. One value, a comma list or a range lo:hi:n.")
        var loss: SweepValues?
        @Option(
            help:
                "Lifetime compute C in FLOPs (training + inference): fixed-budget form. One value, a comma list or a range lo:hi:n."
        )
        var compute: SweepValues?
        @Option(
            name: [.customLong("inference-tokens"), .customLong("lifetime-inference-tokens")],
            help: """
                Lifetime inference tokens T: all queries together, input + output (not per query; optimum joint's \
                per-query tokens are Ω = tokens_per_query). A comma list or a range lo:hi:n sweeps it.
                """)
        var inferenceTokenValues: SweepValues
        /// T at the point being solved (a sweep solves each point on a copy holding one value).
        var inferenceTokens: Double { inferenceTokenValues.values[0] }
        @OptionGroup var lawOptions: LawOptions
        @OptionGroup var dataLimit: DataLimitOptions
        @OptionGroup var priceOptions: PriceOptions
        @Option(help: "Output format: table, json or csv (a sweep prints one row per value; csv always does).")
        var format: RowFormat = .table

        func validate() throws {
            try priceOptions.checkGoal(
                [loss != nil, compute != nil],
                "give exactly one of --loss (fixed quality), --compute or --dollars (fixed budget in FLOPs or dollars)",
                target: "--loss", targetGiven: loss != nil)
            try loss?.validate { try Validate.positive($0, "--loss") }
            try compute?.validate { try Validate.positive($0, "--compute") }
            try inferenceTokenValues.validate { try Validate.nonNegative($0, "--inference-tokens") }
        }

        func run() throws {
            let law = try lawOptions.resolve()
            // The goal (one of --loss, --compute, --dollars), then T, then U when given.
            let goal =
                Sweep.Axis("loss", loss) ?? Sweep.Axis("compute", compute)
                ?? Sweep.Axis("dollars", priceOptions.dollars) ?? Sweep.Axis("compute", [])
            let axes =
                [goal, Sweep.Axis("lifetime_inference_tokens", inferenceTokenValues.values)]
                + [dataLimit.axis].compactMap {
                    $0
                }
            let price = try priceOptions.budgetPrice()
            try Sweep.emit(axes, format: format) { point, quality in
                var copy = self
                copy.inferenceTokenValues = SweepValues([point[1]])
                copy.dataLimit = dataLimit.at(point.count > 2 ? point[2] : nil)
                let value = goal.label == "dollars" ? point[0] / price : point[0]
                return try copy.record(
                    law: law, loss: goal.label == "loss" ? value : nil, compute: goal.label == "loss" ? nil : value,
                    format: quality)
            }
        }

        /// The fixed-quality (`loss`) or fixed-budget (`compute`) optimum as a record (`format` says how convergence
        /// is reported).
        ///
        /// Priced (`--dollars`, `--objective dollars`): the FLOP problem with T' = T p_inf / p_tr and budget
        /// dollars / p_tr has the same optimum (`JointOptimum.Prices`); `compute` is then that budget, and the
        /// record reports T, the real FLOPs and the dollars.
        func record(law: ChinchillaLossLaw, loss: Double?, compute: Double?, format: OutputFormat) throws -> Record {
            let prices = priceOptions.isPriced ? try priceOptions.prices() : nil
            let inferenceTokens = prices?.equivalentQueries(self.inferenceTokens) ?? self.inferenceTokens
            /// The model with the real T restored.
            func real(_ m: LifetimeModel) -> LifetimeModel {
                guard prices != nil else { return m }
                return LifetimeModel(
                    parameters: m.parameters, tokens: m.tokens, inferenceTokens: self.inferenceTokens, loss: m.loss,
                    convergence: m.convergence)
            }
            func dollars(_ m: LifetimeModel, to record: inout Record) {
                guard let prices else { return }
                record.add("dollars", prices.training * m.trainingFLOPs + prices.inference * m.inferenceFLOPs)
            }
            var record = Record()
            record.add("lifetime_inference_tokens", self.inferenceTokens)
            if let loss {
                let constrained = try dataLimit.law(base: law)
                let opt: LifetimeModel
                let chin: LifetimeModel
                if let constrained {
                    opt = try DataConstrainedOptimum.fixedLoss(
                        law: constrained, loss: loss, inferenceTokens: inferenceTokens)
                    // The training-only model of the same loss under the same data limit, charged with the same T.
                    let training = try DataConstrainedOptimum.fixedLoss(
                        law: constrained, loss: loss, inferenceTokens: 0)
                    chin = LifetimeModel(
                        parameters: training.parameters, tokens: training.tokens, inferenceTokens: inferenceTokens,
                        loss: loss, convergence: training.convergence)
                } else {
                    opt = try InferenceAware.fixedLoss(law: law, loss: loss, inferenceTokens: inferenceTokens)
                    chin = try InferenceAware.chinchillaStyle(law: law, loss: loss, inferenceTokens: inferenceTokens)
                }
                Self.addFLOPs(real(opt), to: &record)
                dollars(real(opt), to: &record)
                if let constrained {
                    dataLimit.add(constrained, tokens: opt.tokens, parameters: opt.parameters, to: &record)
                }
                var baseline = Record()
                Self.addFLOPs(real(chin), to: &baseline)
                dollars(real(chin), to: &baseline)
                record.add("chinchilla_style", baseline)
                record.add("iterations", opt.convergence.iterations)
                record.addQuality(opt.convergence, format: format)
            } else if let compute {
                let constrained = try dataLimit.law(base: law)
                let opt =
                    try constrained.map {
                        try DataConstrainedOptimum.fixedBudget(
                            law: $0, compute: compute, inferenceTokens: inferenceTokens)
                    } ?? InferenceAware.fixedBudget(law: law, compute: compute, inferenceTokens: inferenceTokens)
                record.add("N", opt.parameters)
                record.add("D", opt.tokens)
                record.add("loss", opt.loss)
                if prices != nil {
                    record.add("total_flops", real(opt).totalFLOPs)
                    dollars(real(opt), to: &record)
                }
                if let constrained {
                    dataLimit.add(constrained, tokens: opt.tokens, parameters: opt.parameters, to: &record)
                }
                record.add("iterations", opt.convergence.iterations)
                record.addQuality(opt.convergence, format: format)
            }
            record.add("law", lawOptions.label)
            return record
        }

        static func addFLOPs(_ model: LifetimeModel, to record: inout Record) {
            record.add("N", model.parameters)
            record.add("D", model.tokens)
            record.add("training_flops", model.trainingFLOPs)
            record.add("inference_flops", model.inferenceFLOPs)
            record.add("total_flops", model.totalFLOPs)
        }
    }

    struct Joint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "DS3 joint optimum over N, D and inference tokens per query at a lifetime budget.",
            discussion: """
                Maximises the expected chain-of-thought accuracy of a task population (empirical bridge: \
                r = σ(b (L0 − L(N, D)))) subject to 6ND + 2N·I·Ω = C, by multi-start Nelder–Mead; compares with \
                the Chinchilla-constrained allocation D = κN and reports the extra compute it needs to match.
                """)

        @Option(
            help: """
                Lifetime compute C in FLOPs (training + inference): one value, a comma list (1e21,1e22) or a \
                geometric range lo:hi:n (1e21:1e25:9), solved on all cores and printed one row per budget in order.
                """)
        var compute: SweepValues?
        @Option(
            name: .customLong("target-accuracy"),
            help: """
                Instead of --compute: the least lifetime compute whose joint optimum reaches accuracy A ∈ (0, 1); \
                one value, a comma list or a range lo:hi:n like --compute.
                """)
        var targetAccuracy: SweepValues?
        @Option(
            name: .customLong("queries"),
            help: "Lifetime number of queries I; a comma list or a range lo:hi:n sweeps it.")
        var queryValues: SweepValues
        /// I at the point being solved (a sweep solves each point on a copy holding one value).
        var queries: Double { queryValues.values[0] }
        @Option(help: "Tokens per parameter κ of the Chinchilla-constrained comparison.")
        var kappa: Double = 20
        @OptionGroup var population: PopulationOptions
        @OptionGroup var saved: SavedFitOptions
        @OptionGroup var uncertainty: ReplicateOptions
        @OptionGroup var lawOptions: LawOptions
        @OptionGroup var dataLimit: DataLimitOptions
        @OptionGroup var capOptions: JointCapOptions
        @OptionGroup var priceOptions: PriceOptions
        @Option(help: "Output format: table, json or csv (a sweep prints one row per point; csv always does).")
        var format: RowFormat = .table

        func validate() throws {
            try priceOptions.checkGoal(
                [compute != nil, targetAccuracy != nil],
                "give exactly one of --compute (FLOPs), --dollars (a dollar budget) or --target-accuracy (a target)",
                target: "--target-accuracy", targetGiven: targetAccuracy != nil)
            try compute?.validate { try Validate.positive($0, "--compute") }
            try targetAccuracy?.validate { try Validate.probability($0, "--target-accuracy", .open) }
            try queryValues.validate { try Validate.positive($0, "--queries") }
            try Validate.positive(kappa, "--kappa")
        }

        /// What one run solves for: the best accuracy at a budget C (FLOPs) or B (dollars), or the least budget
        /// (FLOPs or dollars, by `--objective`) reaching accuracy A.
        enum Goal {
            case compute(Double)
            case dollars(Double)
            case accuracy(Double)

            /// The option it comes from, as echoed: "compute", "dollars" or "target_accuracy".
            var label: String {
                switch self {
                case .compute: "compute"
                case .dollars: "dollars"
                case .accuracy: "target_accuracy"
                }
            }

            /// The FLOP budget of the problem solved: C, or B / p_tr for a dollar budget; nil for a target.
            func budget(dollarsPerTrainingFLOP price: Double) -> Double? {
                switch self {
                case .compute(let C): C
                case .dollars(let B): B / price
                case .accuracy: nil
                }
            }
        }

        /// The points to solve, in the order given.
        var goals: [Goal] {
            targetAccuracy.map { $0.values.map(Goal.accuracy) } ?? priceOptions.dollars.map {
                $0.values.map(Goal.dollars)
            }
                ?? (compute?.values ?? []).map(Goal.compute)
        }

        func run() throws {
            let model = try saved.model(law: try lawOptions.resolve(), fallback: population)
            if goals.count == 1, queryValues.values.count == 1, dataLimit.axis?.values.count ?? 1 == 1,
                let single = format.single
            {
                try record(model: model, goal: goals[0], quality: single).emit(single)
                return
            }
            try Record.emitRows(try rows(model: model), format)
        }

        /// One row per point of goals × I × U (goal outermost, each in the order given), solved on all cores
        /// (`Parallel.map`: each point independent, results in input order, so the rows do not depend on the
        /// thread count). Each row starts with its target or budget and I.
        func rows(model: BridgeAccuracyModel) throws -> [Record] {
            let goals = goals
            let axes = [Sweep.Axis("queries", queryValues.values)] + [dataLimit.axis].compactMap { $0 }
            try Sweep.checkSize(
                [goals.first?.label ?? "compute"] + axes.map(\.label), [goals.count] + axes.map(\.values.count))
            let rest = try Sweep.points(axes)
            return try Parallel.map(count: goals.count * rest.count) { i in
                let (goal, point) = (goals[i / rest.count], rest[i % rest.count])
                var copy = self
                copy.queryValues = SweepValues([point[0]])
                copy.dataLimit = dataLimit.at(point.count > 1 ? point[1] : nil)
                return try copy.record(model: model, goal: goal, quality: .json)
            }
        }

        /// The joint optimum of one goal (with the data limit and the caps), and the Chinchilla-constrained
        /// comparison at its budget, as a record; `quality` says how convergence is reported (json: as fields,
        /// table: warnings on stderr). The record starts with its inputs: the target, the budget C and I.
        func record(model: BridgeAccuracyModel, goal: Goal, quality format: OutputFormat)
            throws -> Record
        {
            let constrained = try dataLimit.law(base: model.law)
            let caps = try capOptions.caps()
            // Priced: the equivalent FLOP problem, budget B / p_tr and I' = I p_inf / p_tr (JointOptimum.Prices).
            let prices = priceOptions.isPriced ? try priceOptions.prices() : nil
            let queries = prices?.equivalentQueries(self.queries) ?? self.queries
            let result: JointOptimum.Result
            switch goal {
            case .compute, .dollars:
                let C = goal.budget(dollarsPerTrainingFLOP: prices?.training ?? 1) ?? 0
                if let constrained {
                    result = try DataConstrainedOptimum.joint(
                        model: DataConstrainedAccuracyModel(bridge: model, uniqueTokens: constrained.uniqueTokens),
                        compute: C, queries: queries, caps: caps)
                } else if let caps {
                    result = try JointOptimum.global(model: model, compute: C, queries: queries, caps: caps)
                } else {
                    result = try JointOptimum.global(model: model, compute: C, queries: queries)
                }
            case .accuracy(let A):
                if let constrained {
                    result = try DataConstrainedOptimum.leastCompute(
                        model: DataConstrainedAccuracyModel(bridge: model, uniqueTokens: constrained.uniqueTokens),
                        accuracy: A, queries: queries, caps: caps)
                } else {
                    result = try JointOptimum.leastCompute(model: model, accuracy: A, queries: queries, caps: caps)
                }
            }
            let best = prices == nil ? result.best : result.best.serving(queries: self.queries)
            let compute = result.best.compute
            // The model the optimum was solved with (the data limit's loss if any): the comparison obeys the same
            // data limit and caps.
            let limited: any AccuracyModel =
                try constrained.map { try DataConstrainedAccuracyModel(bridge: model, uniqueTokens: $0.uniqueTokens) }
                ?? model
            let solvedChin = try JointOptimum.chinchillaConstrained(
                model: limited, compute: compute, queries: queries, tokensPerParameter: kappa, caps: caps)
            let chin = prices == nil ? solvedChin : solvedChin.serving(queries: self.queries)
            let extra = try JointOptimum.extraComputeToMatch(
                model: limited, targetAccuracy: best.accuracy, compute: compute, queries: queries,
                tokensPerParameter: kappa, caps: caps)
            var record = Record()
            if case .accuracy(let A) = goal { record.add("target_accuracy", A) }
            if let prices {
                record.add("dollars", prices.dollars(best, queries: self.queries))
                record.add("training_dollars", prices.training * best.trainingFLOPs)
                record.add("inference_dollars", prices.inference * best.inferenceFLOPs)
                record.add("compute", best.compute)
            } else {
                record.add("compute", compute)
            }
            record.add("queries", self.queries)
            Self.add(best, to: &record)
            if let constrained {
                dataLimit.add(constrained, tokens: best.trainingTokens, parameters: best.parameters, to: &record)
            }
            if let caps, caps.maxLatency.isFinite {
                record.add(
                    "latency",
                    try limited.latency(
                        parameters: best.parameters, trainingTokens: best.trainingTokens,
                        tokensPerQuery: best.tokensPerQuery))
            }
            var baseline = Record()
            Self.add(chin, to: &baseline)
            record.add("chinchilla_constrained", baseline)
            record.add("accuracy_gap", best.accuracy - chin.accuracy)
            // Priced: the extra is in dollars (the equivalent problem's budget is dollars / p_tr).
            let extraKey = prices == nil ? "extra_compute_fraction" : "extra_dollars_fraction"
            if let extra {
                record.add(extraKey, extra)
            } else {
                record.add(extraKey, "not reached within 1e6 x C")
            }
            try SavedFitOptions.add(wins: [], saved, to: &record)
            if let r = try uncertainty.jointIntervals(
                saved: saved, lawPath: lawOptions.law.description, law: try lawOptions.resolve(), fallback: population,
                compute: compute,
                queries: queries)
            {
                record.add("intervals", r)
            }
            record.add("starts", best.convergence.starts)
            record.add("iterations", best.convergence.iterations)
            var quality = best.convergence
            if quality.warnings.contains(where: { $0.code == "saturated" }) {
                // The answer a researcher wants from a saturated problem: the least budget that already reaches it.
                // On the model the optimum was solved with (the data limit's, if any) and within the same caps.
                let least = try JointOptimum.leastComputeReaching(
                    model: limited, accuracy: 1 - 1e-9, compute: compute, queries: queries, caps: caps)
                quality.warnings = quality.warnings.map { w in
                    guard case .saturated(let objective, let value, let ceiling, _) = w else { return w }
                    return .saturated(objective: objective, value: value, ceiling: ceiling, leastCompute: least)
                }
                if let least {
                    if let prices {
                        record.add("least_dollars_for_saturated_accuracy", least * prices.training)
                    } else {
                        record.add("least_compute_for_saturated_accuracy", least)
                    }
                }
            }
            record.addQuality(quality, format: format)
            return record
        }

        static func add(_ a: JointAllocation, to record: inout Record) {
            record.add("N", a.parameters)
            record.add("D", a.trainingTokens)
            record.add("tokens_per_query", a.tokensPerQuery)
            record.add("accuracy", a.accuracy)
            record.add("tokens_per_parameter", a.tokensPerParameter)
            record.add("inference_share", a.inferenceShare)
        }
    }

    struct Dynamic: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-difficulty inference budgets and strategies at an average budget, vs uniform.",
            discussion: """
                For a model of the given loss, chooses each task class's token budget and strategy (CoT, ToT, \
                BoN, MV, refine) to maximise expected accuracy at an average budget per task (exact, by the \
                concave hull / Lagrangian relaxation), and compares with the best uniform allocation.
                """)

        @Option(
            name: .customLong("loss"),
            help: """
                Model loss L (nats/token) that sets the per-step success of every task class; a comma list or a \
                range lo:hi:n sweeps it.
                """)
        var lossValues: SweepValues
        @Option(
            name: .customLong("average-tokens"),
            help: "Average inference tokens per task; a comma list or a range lo:hi:n sweeps it.")
        var averageTokenValues: SweepValues
        /// L and the average budget at the point being solved (a sweep solves each point on a copy holding one
        /// value of each).
        var loss: Double { lossValues.values[0] }
        var averageTokens: Double { averageTokenValues.values[0] }
        /// The strategy menu of `--strategies`.
        enum Menu: String, ExpressibleByArgument, CaseIterable {
            case standard, cot
        }

        @Option(help: "Strategy menu: standard (CoT, ToT, BoN, MV, refine) or cot.")
        var strategies: Menu = .standard
        @Option(
            help:
                "Hull resolution: continuous (vertices located between candidate budgets; exact over all budgets) or grid (exact on the 61 candidate budgets only)."
        )
        var resolution: DynamicAllocation.Resolution = .continuous
        @OptionGroup var population: PopulationOptions
        @OptionGroup var saved: SavedFitOptions
        @OptionGroup var floor: IrreducibleLossOptions
        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        func validate() throws {
            let E = try floor.resolve().E
            try lossValues.validate { loss in
                try Validate.finite(loss, "--loss")
                guard loss >= E else {
                    throw ParameterError.infeasible(
                        "--loss", loss, feasibleRange: "≥ \(E)",
                        constraint: "no model reaches a loss below the irreducible term E = \(E) of --law \(floor.law)"
                            + (floor.E == nil ? "" : " with --E"))
                }
            }
            try averageTokenValues.validate { try Validate.nonNegative($0, "--average-tokens") }
        }

        func run() throws {
            guard lossValues.values.count == 1, averageTokenValues.values.count == 1 else {
                // A sweep: one row per (L, average budget), the summary of each plan (the per-task plans of one
                // point are printed by a single run).
                let rowFormat = RowFormat(format)
                let axes = [
                    Sweep.Axis("loss", lossValues.values), Sweep.Axis("average_tokens", averageTokenValues.values),
                ]
                try Sweep.emit(axes, format: rowFormat) { point, quality in
                    var copy = self
                    copy.lossValues = SweepValues([point[0]])
                    copy.averageTokenValues = SweepValues([point[1]])
                    return try copy.solve(quality: quality).record
                }
                return
            }
            let (record, rows) = try solve(quality: format)
            if format != .table {
                var record = record
                record.add("tasks", rows.map { Record.Value.record($0) })
                try record.emit(format)
            } else {
                // The summary, then the per-task plans as a tab-separated table (header m, L0, r, success, tokens,
                // strategy; numbers in shortest round-trip form).
                try record.emit(format)
                try Record.emitRows(rows, .table)
            }
        }

        /// The plan at this command's (single) L and average budget: the summary record (`quality` says how
        /// convergence is reported) and the per-task rows.
        func solve(quality format: OutputFormat) throws -> (record: Record, rows: [Record]) {
            let model = try saved.model(law: try floor.resolve(), fallback: population, referenceLoss: loss)
            let menu: [StrategyOption]
            switch strategies {
            case .standard: menu = try StrategyMenu.standard()
            case .cot: menu = try StrategyMenu.chainOfThought()
            }
            let omega = model.tokensPerStep
            let tasks = try model.tasks.map { try model.skillTask($0, loss: loss) }
            let taskPopulation = try TaskPopulation(tasks: tasks, weights: model.tasks.map(\.weight))
            let plan = try DynamicAllocation(
                population: taskPopulation, averageSteps: averageTokens / omega,
                budgets: try Grid.geom(1, 1e6, 61), menu: menu, cost: CostModel(tokensPerStep: omega),
                resolution: resolution)
            var record = Record()
            record.add("loss", loss)
            record.add("average_tokens", averageTokens)
            record.add("strategies", strategies.rawValue)
            record.add("resolution", resolution.rawValue)
            record.add("accuracy", plan.accuracy)
            record.add("uniform_accuracy", plan.uniformAccuracy)
            record.add("uniform_strategy", plan.uniformLabel)
            record.add("accuracy_gain", plan.accuracy - plan.uniformAccuracy)
            record.add("compute_saved_at_uniform_accuracy", plan.computeSaved)
            var warnings: [OptimumWarning] = []
            if plan.accuracy >= 1 - 1e-9 {
                warnings.append(.saturated(objective: "accuracy", value: plan.accuracy, ceiling: 1, leastCompute: nil))
            }
            record.addQuality(
                Convergence(
                    method: "concave hull (vertices by Brent between budgets) + LP fill",
                    iterations: plan.refinementEvaluations, finalWidth: 0, tolerance: 1e-15, warnings: warnings),
                format: format)
            var rows: [Record] = []
            for (taskClass, taskPlan) in zip(model.tasks, plan.plans) {
                var row = Record()
                row.add("m", taskClass.m)
                row.add("L0", taskClass.L0)
                row.add("r", taskPlan.task.r)
                row.add("success", taskPlan.success)
                row.add("tokens", taskPlan.allocatedSteps * omega)
                let strategy = taskPlan.assignments.map { a in
                    "\(a.label)@\(Table.format(a.allocatedSteps * omega))"
                        + (a.fraction < 1 ? "x\(Table.format(a.fraction))" : "")
                }.joined(separator: "+")
                row.add("strategy", strategy)
                rows.append(row)
            }
            return (record, rows)
        }
    }
}

extension DynamicAllocation.Resolution: ExpressibleByArgument {}

/// The loss law of a command that takes the loss L itself (`optimum dynamic`): the bridge r = σ(b (L0 − L)) depends
/// on L alone, so of the law only the irreducible term E matters, as the floor that L is checked against. A, B, α
/// and β (which map N, D to L) cannot change the answer and are not offered.
struct IrreducibleLossOptions: ParsableArguments {
    @Option(
        help:
            "Loss law whose irreducible term E bounds --loss from below: chinchilla, chinchilla-tex, sardana, epoch, epoch-log-space, muennighoff (any letter case) or a saved fit FILE.json."
    )
    var law: LawChoice = .named(.chinchilla)
    @Option(name: .customLong("E"), help: "Override the irreducible loss E (nats/token), the least feasible --loss.")
    var E: Double?

    /// The named set exists and E is valid (called by the parser).
    func validate() throws { _ = try resolve() }

    func resolve() throws -> ChinchillaLossLaw {
        let base = try law.law()
        return try ChinchillaLossLaw(E: E ?? base.E, A: base.A, B: base.B, alpha: base.alpha, beta: base.beta)
    }
}

/// The task population of the empirical bridge: task classes (m, L0) on a grid, uniform weights.
struct PopulationOptions: ParsableArguments {
    @Option(name: .customLong("l0-min"), help: "Smallest skill difficulty L0 (nats/token).")
    var l0Min: Double = 0.1
    @Option(name: .customLong("l0-max"), help: "Largest skill difficulty L0 (nats/token).")
    var l0Max: Double = 4.0
    @Option(name: .customLong("l0-count"), help: "Number of L0 values, evenly spaced.")
    var l0Count: Int = 8
    @Option(name: .customLong("m-min"), help: "Fewest required skills m.")
    var mMin: Int = 1
    @Option(name: .customLong("m-max"), help: "Most required skills m.")
    var mMax: Int = 50
    @Option(help: "Sigmoid slope b of the bridge r = σ(b (L0 − L)).")
    var slope: Double = 5
    @Option(name: .customLong("tokens-per-step"), help: "Tokens ω per skill step.")
    var tokensPerStep: Double = 25

    /// Validates the grid of task classes and the bridge constants (called by the parser).
    func validate() throws {
        try Validate.count(l0Count, "--l0-count")
        try Validate.count(mMin, "--m-min")
        try Validate.count(mMax, "--m-max", minimum: mMin)
        guard l0Count <= 1000, mMax - mMin < 1000 else {
            throw ParameterError(
                parameter: "population size", value: "\(l0Count) x \(mMax - mMin + 1)",
                validRange: "at most 1000 L0 values and 1000 values of m")
        }
        try Validate.finite(l0Min, "--l0-min")
        try Validate.inRange(l0Max, "--l0-max", l0Min, .greatestFiniteMagnitude)
        try Validate.positive(slope, "--slope")
        try Validate.positive(tokensPerStep, "--tokens-per-step")
    }

    func model(law: ChinchillaLossLaw) throws -> BridgeAccuracyModel {
        var tasks: [BridgeAccuracyModel.TaskClass] = []
        for L0 in try Grid.lin(l0Min, l0Max, l0Count) {
            for m in mMin...mMax { tasks.append(try .init(m: m, L0: L0)) }
        }
        return try BridgeAccuracyModel(
            law: law, tasks: tasks, slope: slope, tokensPerStep: tokensPerStep)
    }
}

/// A limit of U unique training tokens, valued by the data-constrained law of Muennighoff et al. 2023
/// (`DataConstrainedLossLaw`, published R*_D and R*_N, the base law of `--law`).
struct DataLimitOptions: ParsableArguments {
    @Option(
        name: .customLong("unique-tokens"),
        help:
            "Unique training tokens U: repeated epochs are valued by the data-constrained law of Muennighoff et al. 2023 (R*_D = 15.39, R*_N = 5.31); a comma list or a range lo:hi:n sweeps it. Omit for unlimited data."
    )
    var uniqueTokens: SweepValues?

    /// U is finite and > 0 (called by the parser); U < 1 is refused by the solvers as infeasible.
    func validate() throws {
        try uniqueTokens?.validate { try Validate.positive($0, "--unique-tokens") }
    }

    /// The sweep axis of U (nil without `--unique-tokens`).
    var axis: Sweep.Axis? { Sweep.Axis("unique_tokens", uniqueTokens) }

    /// These options at one point `U` of the sweep.
    func at(_ U: Double?) -> DataLimitOptions {
        var copy = self
        if let U { copy.uniqueTokens = SweepValues([U]) }
        return copy
    }

    /// The data-constrained law over `base` (a Chinchilla-form law), or nil without `--unique-tokens` (its first
    /// value: a sweep solves each point with `at(_:)`).
    func law(base: any LossLaw) throws -> DataConstrainedLossLaw? {
        guard let uniqueTokens = uniqueTokens?.values[0] else { return nil }
        guard let chinchilla = base.chinchillaForm else {
            throw ValidationError("--unique-tokens needs a loss law of the Chinchilla form (E + A/N^α + B/D^β)")
        }
        return try DataConstrainedLossLaw(base: chinchilla, uniqueTokens: uniqueTokens)
    }

    /// U, epochs D/U and whether the limit binds (the optimum lies where the law differs from its base law).
    func add(_ law: DataConstrainedLossLaw, tokens D: Double, parameters N: Double, to record: inout Record) {
        record.add("unique_tokens", law.uniqueTokens)
        record.add("epochs", D / law.uniqueTokens)
        record.add("data_limit_binds", !law.agreesWithBase(parameters: N, tokens: D))
    }
}
