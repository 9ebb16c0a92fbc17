import ArgumentParser
import ComputeOptimal
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
    @Option(help: "Loss-law constants: chinchilla, chinchilla-tex, sardana or epoch.")
    var law: String = "chinchilla"

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

    func resolve() throws -> ChinchillaLossLaw {
        let base = try ChinchillaLossLaw.named(law)
        return try ChinchillaLossLaw(
            E: E ?? base.E, A: A ?? base.A, B: B ?? base.B, alpha: alpha ?? base.alpha, beta: beta ?? base.beta)
    }

    var label: String {
        [E, A, B, alpha, beta].contains { $0 != nil } ? law + " (overridden)" : law
    }
}

extension OptimumCommand {
    struct Chinchilla: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Training-compute-optimal N and D at a FLOP budget (Hoffmann et al. 2022, Eq. 4).")

        @Option(help: "Training compute C in FLOPs (C = 6ND).")
        var compute: Double
        @OptionGroup var lawOptions: LawOptions
        @Option(help: "Output format: table or json.")
        var format: OutputFormat = .table

        func run() throws {
            let law = try lawOptions.resolve()
            let opt = try law.computeOptimal(compute: compute)
            var record = Record()
            record.add("N", opt.parameters)
            record.add("D", opt.tokens)
            record.add("loss", opt.loss)
            record.add("tokensPerParameter", opt.tokensPerParameter)
            record.add("parameterExponent", opt.parameterExponent)
            record.add("tokenExponent", opt.tokenExponent)
            record.add("law", lawOptions.label)
            try record.emit(format)
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

        @Option(help: "Target loss ℓ (nats/token): fixed-quality form.")
        var loss: Double?
        @Option(help: "Lifetime compute C in FLOPs (training + inference): fixed-budget form.")
        var compute: Double?
        @Option(name: .customLong("inference-tokens"), help: "Lifetime inference tokens T (input + output).")
        var inferenceTokens: Double
        @OptionGroup var lawOptions: LawOptions
        @Option(help: "Output format: table or json.")
        var format: OutputFormat = .table

        func validate() throws {
            guard (loss == nil) != (compute == nil) else {
                throw ValidationError("give exactly one of --loss (fixed quality) or --compute (fixed budget)")
            }
        }

        func run() throws {
            let law = try lawOptions.resolve()
            var record = Record()
            if let loss {
                let opt = try InferenceAware.fixedLoss(law: law, loss: loss, inferenceTokens: inferenceTokens)
                let chin = try InferenceAware.chinchillaStyle(law: law, loss: loss, inferenceTokens: inferenceTokens)
                Self.addFLOPs(opt, to: &record)
                var baseline = Record()
                Self.addFLOPs(chin, to: &baseline)
                record.add("chinchillaStyle", baseline)
                record.add("iterations", opt.convergence.iterations)
            } else if let compute {
                let opt = try InferenceAware.fixedBudget(law: law, compute: compute, inferenceTokens: inferenceTokens)
                record.add("N", opt.parameters)
                record.add("D", opt.tokens)
                record.add("loss", opt.loss)
                record.add("iterations", opt.convergence.iterations)
            }
            record.add("law", lawOptions.label)
            try record.emit(format)
        }

        static func addFLOPs(_ model: LifetimeModel, to record: inout Record) {
            record.add("N", model.parameters)
            record.add("D", model.tokens)
            record.add("trainingFLOPs", model.trainingFLOPs)
            record.add("inferenceFLOPs", model.inferenceFLOPs)
            record.add("totalFLOPs", model.totalFLOPs)
        }
    }

    struct Joint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "DS3 joint optimum over N, D and inference tokens per query (not yet available).")
        func run() throws { throw UsageError("'ds3 optimum joint' is not available in this build yet") }
    }

    struct Dynamic: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-difficulty inference budgets and strategies (not yet available).")
        func run() throws { throw UsageError("'ds3 optimum dynamic' is not available in this build yet") }
    }
}
