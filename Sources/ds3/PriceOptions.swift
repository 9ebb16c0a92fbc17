import ArgumentParser
import ComputeOptimal
import ScalingCore

/// Priced optima (`optimum joint`, `optimum inference-aware`): a dollar budget (`--dollars`) or the least dollars for
/// a target (`--objective dollars`), training and inference each priced per accelerator-hour at a peak throughput
/// and a model-FLOPs utilisation (Sardana et al. 2024's cost form; inference tokens are priced at the decode
/// utilisation: the joint problem's Ω are generated tokens, and `inference-aware` treats T the same way).
struct PriceOptions: ParsableArguments {
    /// What a target is minimised in.
    enum Objective: String, ExpressibleByArgument, CaseIterable {
        case flops, dollars
    }

    @Option(
        help: """
            Lifetime budget in dollars instead of --compute (one value, a comma list or a range lo:hi:n): the best \
            accuracy for p_tr·6ND + p_inf·2NIΩ = B.
            """)
    var dollars: SweepValues?
    @Option(
        help: "What a target (--target-accuracy, --loss) minimises: flops (lifetime FLOPs) or dollars (lifetime $).")
    var objective: Objective = .flops
    @Option(
        name: .customLong("dollars-per-hour"),
        help: "Accelerator price in $ per hour: one value for both phases, or training,inference.")
    var dollarsPerHour = PhasePair(training: 2.00, inference: 2.00)
    @Option(
        name: .customLong("peak-flops"),
        help: "Accelerator peak throughput in FLOP/s (H100 bf16 9.89e14 by default): one value, or training,inference.")
    var peakFLOPs = PhasePair(training: Accelerator.Peak.h100BF16, inference: Accelerator.Peak.h100BF16)
    @Option(
        help: """
            Model-FLOPs utilisation in (0, 1] of training and of decoding (the joint problem's Ω are generated \
            tokens): one value, or training,inference. Equal defaults (0.4): equal prices per FLOP.
            """)
    var mfu = PhasePair(training: 0.4, inference: 0.4)

    /// True when the run is priced: a dollar budget or a dollar objective.
    var isPriced: Bool { dollars != nil || objective == .dollars }

    /// Each value valid (called by the parser).
    func validate() throws {
        try dollars?.validate { try Validate.positive($0, "--dollars") }
        for (phase, i) in [("training", 0), ("inference", 1)] {
            let pick = { (pair: PhasePair) in i == 0 ? pair.training : pair.inference }
            try Validate.positive(pick(dollarsPerHour), "--dollars-per-hour (\(phase))")
            try Validate.positive(pick(peakFLOPs), "--peak-flops (\(phase))")
            try Validate.probability(pick(mfu), "--mfu (\(phase))", .lowerOpen)
        }
        _ = try prices()
    }

    /// The goal of a priced command: exactly one of the command's own goals (`given`) and `--dollars`, and
    /// `--objective dollars` only with the target it minimises (`target`, given or not).
    func checkGoal(_ given: [Bool], _ message: String, target: String, targetGiven: Bool) throws {
        guard (given + [dollars != nil]).filter({ $0 }).count == 1 else { throw ValidationError(message) }
        guard objective == .flops || targetGiven else {
            throw ValidationError("--objective dollars is what \(target) minimises: give \(target)")
        }
    }

    /// What a `--dollars` budget is divided by to give the FLOP budget solved: $ per training FLOP (1 without
    /// `--dollars`).
    func budgetPrice() throws -> Double { dollars == nil ? 1 : try prices().training }

    /// $ per training and per inference FLOP.
    func prices() throws -> JointOptimum.Prices {
        let cost = try DollarCostModel(
            training: Accelerator(peakFLOPsPerSecond: peakFLOPs.training, dollarsPerHour: dollarsPerHour.training),
            inference: Accelerator(peakFLOPsPerSecond: peakFLOPs.inference, dollarsPerHour: dollarsPerHour.inference),
            trainingUtilization: mfu.training, prefillUtilization: mfu.inference, decodeUtilization: mfu.inference)
        return try JointOptimum.Prices(cost)
    }
}

/// A value for each phase, training and inference: `x` (both) or `x,y` (training x, inference y).
struct PhasePair: ExpressibleByArgument, Sendable {
    let training: Double
    let inference: Double

    init(training: Double, inference: Double) {
        self.training = training
        self.inference = inference
    }

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        guard (1...2).contains(parts.count), let first = parts[0], let last = parts[parts.count - 1] else {
            return nil
        }
        self.init(training: first, inference: last)
    }

    var defaultValueDescription: String {
        training == inference ? "\(training)" : "\(training),\(inference)"
    }
}
