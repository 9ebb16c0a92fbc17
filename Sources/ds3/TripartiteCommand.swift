import ArgumentParser
import ScalingCore
import Tripartite

extension TripartiteMode: ExpressibleByArgument {}
extension PeelingSimulator.ErasureModel: ExpressibleByArgument {}

/// `ds3 tripartite`: the training theory of the text–concept–skill graph.
struct TripartiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tripartite",
        abstract: "Tripartite training theory (arXiv 2410.01243): compute-optimal size, concept-learning Monte Carlo.",
        subcommands: [Optimum.self, Simulate.self]
    )

    struct Optimum: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute-optimal N*, D*, R* and concepts learned at a training budget C = 6ND.")

        @Option(help: "Training compute C in FLOPs (e.g. 5.76e23).")
        var compute: Double

        @Option(help: "Formula variant: 'corrected' (default, consistent maths) or 'published' (the authors' code).")
        var mode: TripartiteMode = .corrected

        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        func validate() throws { try Validate.positive(compute, "--compute") }

        func run() throws {
            let o: GraphTrainingOptimum
            do {
                o = try ComputeOptimalTraining(mode: mode).optimum(flops: compute)
            } catch let error as ParameterError where error.parameter.hasPrefix("F (graph compute") {
                // The library speaks of the graph compute F = R·T; the user gave --compute.
                throw ParameterError(
                    parameter: "--compute", value: compute,
                    validRange: "large enough that the concept–text graph has R·T ≥ 1 "
                        + "(this budget gives R·T = \(error.value))")
            }
            var record = Record()
            record.add("mode", mode.rawValue)
            record.add("C", o.flops)
            record.add("N_star", o.parameters)
            record.add("D_star", o.tokens)
            record.add("R_star", o.concepts)
            record.add("T_star", o.texts)
            record.add("concepts_learned", o.conceptsLearned)
            record.add("unlearned_fraction", o.learning.unlearnedFraction)
            record.add("eps_BP", o.learning.threshold.epsilon)
            record.add("alpha", o.learning.alpha)
            record.add("tokens_per_parameter", o.tokensPerParameter)
            record.add("near_ties", o.nearTies.map { Record.Value.number($0) })
            try record.emit(format)
        }
    }

    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Monte Carlo peeling on explicit random text–concept graphs vs the finite-size prediction.")

        @Option(help: "R: concepts to be learned.")
        var concepts: Double

        @Option(help: "T: text pieces.")
        var texts: Double

        @Option(help: "d_t: mean to-be-learned concepts per text.")
        var textDegree: Double = 6

        @Option(help: "ε: fraction of concept nodes unknown at the start.")
        var erasure: Double = 0.5

        @Option(help: "Erasures: 'independent' (each node unknown with probability ε) or 'exact' (exactly R).")
        var erasures: PeelingSimulator.ErasureModel = .independent

        @Option(help: "Number of independent graphs.")
        var repeats: Int = 100

        @Option(help: "Random seed (repeat i uses stream i).")
        var seed: UInt64 = 1

        @Option(help: "Worker threads (default: all cores; results do not depend on it).")
        var threads: Int?

        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        func validate() throws {
            let graph = try ConceptTextGraph(concepts: concepts, texts: texts, textDegree: textDegree, erasure: erasure)
            _ = try PeelingSimulator(graph: graph, erasureModel: erasures)
            try Validate.count(repeats, "--repeats", minimum: 2)
            if let threads { try Validate.count(threads, "--threads") }
        }

        func run() throws {
            let graph = try ConceptTextGraph(concepts: concepts, texts: texts, textDegree: textDegree, erasure: erasure)
            let sim = try PeelingSimulator(graph: graph, erasureModel: erasures)
            let mc = try ParameterError.naming("--repeats", for: "repeats") {
                try sim.simulate(repeats: repeats, seed: seed, threads: threads ?? Parallel.defaultThreads)
            }
            let corrected = try ConceptLearning.evaluate(graph, mode: .corrected)
            let published = try ConceptLearning.evaluate(graph, mode: .published)
            let firstOrder = try ConceptLearning.evaluate(graph, mode: .corrected, law: .firstOrder)
            var record = Record()
            record.add("R", concepts)
            record.add("T", texts)
            record.add("repeats", repeats)
            record.add("seed", seed)
            record.add("mc_unlearned_fraction", mc.meanUnlearnedFraction)
            record.add("mc_standard_error", mc.standardError)
            record.add("mc_stall_probability", mc.stallProbability)
            record.add("mc_stall_standard_error", mc.stallStandardError)
            if let stalled = mc.meanStalledFraction { record.add("mc_stalled_unlearned_fraction", stalled) }
            if let se = mc.stalledStandardError { record.add("mc_stalled_standard_error", se) }
            record.add("mc_mean_edges", mc.meanEdges)
            record.add("predicted_corrected", corrected.unlearnedFraction)
            record.add("predicted_published", published.unlearnedFraction)
            record.add("Q_corrected", corrected.blockErasureProbability)
            record.add("Q_first_order", firstOrder.blockErasureProbability)
            record.add("stall_prefactor", corrected.stallErasure / erasure)
            record.add("eps_BP", corrected.threshold.epsilon)
            record.add("shift", corrected.shift)
            record.addWarnings(mc.warnings, format: format)
            try record.emit(format)
        }
    }
}
