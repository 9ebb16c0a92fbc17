import Foundation
import ScalingCore

/// Monte Carlo of concept learning on explicit random text–concept graphs, decoded by peeling.
///
/// One trial: n = round(R/ε) concept nodes, each unknown independently with probability ε (`.independent`, the
/// BEC of the theory) or exactly round(R) of them unknown (`.exact`); T = round(T) texts; every (text, unknown
/// concept) pair is an edge with probability p = min(1, d_t/R) (known concepts never block a text, so they are not
/// stored). Edges are drawn by geometric skipping over the T × K pairs, stored in CSR arrays for both sides, and
/// peeled with a stack of texts that hold exactly one unknown concept. Work and memory are O(T + K + edges); no
/// per-edge allocation.
public struct PeelingSimulator: Sendable, Equatable {
    /// How the unknown concepts are chosen.
    public enum ErasureModel: String, Sendable, CaseIterable {
        /// Each of the n concept nodes is unknown with probability ε (the theory's channel).
        case independent
        /// Exactly R concepts are unknown.
        case exact
    }

    public let graph: ConceptTextGraph
    public let erasureModel: ErasureModel
    /// A trial "stalls" when more than this fraction of R stays unlearned.
    public let stallThreshold: Double

    public init(graph: ConceptTextGraph, erasureModel: ErasureModel = .independent, stallThreshold: Double = 0.1) throws
    {
        try Validate.inRange(graph.texts, "T (texts)", 1, 2e9)
        try Validate.inRange(graph.conceptNodes, "n (concept nodes)", 1, 2e9)
        self.graph = graph
        self.erasureModel = erasureModel
        self.stallThreshold = try Validate.probability(stallThreshold, "stall threshold")
    }

    /// Outcome of one trial.
    public struct Trial: Sendable, Equatable {
        /// K: unknown concepts at the start.
        public let unknown: Int
        /// Unknown concepts still unknown after peeling.
        public let unlearned: Int
        /// Edges of the sampled graph between texts and unknown concepts.
        public let edges: Int
    }

    /// Runs one trial with the given random stream.
    public func trial(rng: inout Xoshiro256StarStar) -> Trial {
        let n = Int(graph.conceptNodes.rounded())
        let texts = Int(graph.texts.rounded())
        let K = unknownCount(nodes: n, rng: &rng)
        if K == 0 { return Trial(unknown: 0, unlearned: 0, edges: 0) }
        let p = graph.edgeProbability
        // Text-side CSR, filled in index order (index = text·K + concept).
        var textStart = [Int32](repeating: 0, count: texts + 1)
        var textConcepts: [Int32] = []
        textConcepts.reserveCapacity(Int(Double(texts) * Double(K) * p * 1.1) + 16)
        let pairs = texts * K
        let logQ = Foundation.log1p(-p)
        var index = -1
        var currentText = 0
        while true {
            let skip = p >= 1 ? 0 : Int(min(Foundation.log(rng.uniformOpen()) / logQ, Double(pairs)))
            index += 1 + skip
            if index >= pairs { break }
            let t = index / K
            while currentText < t {
                currentText += 1
                textStart[currentText] = Int32(textConcepts.count)
            }
            textConcepts.append(Int32(index - t * K))
        }
        while currentText < texts {
            currentText += 1
            textStart[currentText] = Int32(textConcepts.count)
        }
        // Concept-side CSR.
        var conceptStart = [Int32](repeating: 0, count: K + 1)
        for c in textConcepts { conceptStart[Int(c) + 1] += 1 }
        for c in 0..<K { conceptStart[c + 1] += conceptStart[c] }
        var fill = conceptStart
        var conceptTexts = [Int32](repeating: 0, count: textConcepts.count)
        for t in 0..<texts {
            for e in Int(textStart[t])..<Int(textStart[t + 1]) {
                let c = Int(textConcepts[e])
                conceptTexts[Int(fill[c])] = Int32(t)
                fill[c] += 1
            }
        }
        // Peeling.
        var remaining = [Int32](repeating: 0, count: texts)
        var stack: [Int32] = []
        stack.reserveCapacity(texts)
        for t in 0..<texts {
            remaining[t] = textStart[t + 1] - textStart[t]
            if remaining[t] == 1 { stack.append(Int32(t)) }
        }
        var known = [Bool](repeating: false, count: K)
        var learned = 0
        while let top = stack.popLast() {
            let t = Int(top)
            guard remaining[t] == 1 else { continue }
            var concept = -1
            for e in Int(textStart[t])..<Int(textStart[t + 1]) where !known[Int(textConcepts[e])] {
                concept = Int(textConcepts[e])
                break
            }
            guard concept >= 0 else { continue }
            known[concept] = true
            learned += 1
            for e in Int(conceptStart[concept])..<Int(conceptStart[concept + 1]) {
                let u = Int(conceptTexts[e])
                remaining[u] -= 1
                if remaining[u] == 1 { stack.append(Int32(u)) }
            }
        }
        return Trial(unknown: K, unlearned: K - learned, edges: textConcepts.count)
    }

    /// K: how many of the n concept nodes are unknown in one trial — R under `.exact`, else one Bernoulli(ε) draw
    /// per node (n draws from `rng`). Shared by the reference and the fast trial.
    func unknownCount(nodes n: Int, rng: inout Xoshiro256StarStar) -> Int {
        switch erasureModel {
        case .exact: return min(n, Int(graph.concepts.rounded()))
        case .independent:
            var count = 0
            let threshold = graph.erasure
            for _ in 0..<n where rng.uniform() < threshold { count += 1 }
            return count
        }
    }

    /// Summary over repeats.
    public struct Summary: Sendable, Equatable {
        public let repeats: Int
        public let seed: UInt64
        /// Mean of (unlearned concepts)/R: the Monte Carlo estimate of δ = P_b/ε, unbiased. Under independent
        /// erasures a trial starts with K ~ Binomial(n, ε) unknown concepts (mean R, not exactly R), so one trial can
        /// leave more than R unlearned and, where almost nothing is learned (δ near 1), the mean can exceed 1 by a
        /// few standard errors; `warnings` says so. Clipping it at 1 would bias it; `.exact` erasures keep it ≤ 1.
        public let meanUnlearnedFraction: Double
        /// Its standard error (sample SD/√repeats).
        public let standardError: Double
        /// Fraction of trials that stalled (unlearned > stallThreshold·R).
        public let stallProbability: Double
        /// Its binomial standard error.
        public let stallStandardError: Double
        /// Mean edges per trial.
        public let meanEdges: Double
        /// Mean of (unlearned concepts)/R over the stalled trials only (nil when no trial stalled): the Monte Carlo
        /// counterpart of the stall prefactor γ/ε of P_b = γ P_B.
        public let meanStalledFraction: Double?
        /// Its standard error (sample SD/√stalls; nil with fewer than two stalls).
        public let stalledStandardError: Double?

        /// What a reader of the estimates must know: an unlearned fraction above 1 (see `meanUnlearnedFraction`),
        /// with its distance from 1 in standard errors. Empty when there is nothing to say.
        public var warnings: [String] {
            var out: [String] = []
            for (name, estimand, value, se) in [
                ("unlearned fraction", "δ = E[unlearned]/R", meanUnlearnedFraction, standardError),
                (
                    "stalled unlearned fraction", "E[unlearned | stall]/R", meanStalledFraction ?? 0,
                    stalledStandardError ?? 0
                ),
            ] where value > 1 {
                let z = se > 0 ? String(format: "%.1f", (value - 1) / se) : "∞"
                out.append(
                    "the Monte Carlo \(name) \(value) exceeds 1 by \(z) standard errors: it estimates "
                        + "\(estimand) ≤ 1 without bias, but each trial draws its unknown concepts "
                        + "K ~ Binomial(n, ε) with mean R, so a trial can leave more than R unlearned "
                        + "(--erasures exact fixes K = R)")
            }
            return out
        }
    }

    /// Work a `simulate` run may start: graph operations (concept nodes, texts and edges visited), at 4e7 per
    /// core-second, measured in a release build (Benchmarks/README.md, "Work bounds"); 4.8e9 operations.
    public static let work = WorkBound(unit: "graph operations", ratePerCoreSecond: 4e7, parallel: true)

    /// Refuses, before allocating anything, a run whose per-trial results would not fit in a quarter of physical
    /// memory or whose estimated work — repeats × (n concept nodes + T texts + T·d_t expected edges) — exceeds
    /// `work`, naming the estimate.
    public func checkWork(repeats: Int) throws(ParameterError) {
        let bytes = Double(repeats) * Double(MemoryLayout<Trial>.stride)
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 4
        guard bytes <= memory else {
            throw ParameterError(
                parameter: "repeats", value: "\(repeats)",
                validRange:
                    "≤ \(Int(memory) / MemoryLayout<Trial>.stride) (its results need \(bytes) bytes, more than a "
                    + "quarter of this machine's memory); lower --repeats")
        }
        try Self.work.check(
            Double(repeats) * (graph.conceptNodes + graph.texts * (1 + graph.textDegree)), parameter: "repeats",
            value: "\(repeats)", formula: "repeats × (n + T (1 + d_t))", lower: "lower --repeats, --texts or --concepts"
        )
    }

    /// Runs `repeats` independent trials, trial i on stream i of `seed`, on `threads` threads: the result does not
    /// depend on the thread count.
    public func simulate(repeats: Int, seed: UInt64, threads: Int = Parallel.defaultThreads) throws -> Summary {
        try run(repeats: repeats, seed: seed, threads: threads) { sim, rng in sim.trial(rng: &rng) }
    }

    /// Runs `repeats` trials with `play` (trial i on stream i of `seed`, any thread count) and summarises them:
    /// shared by the reference and the fast path, which differ only in how one trial is played.
    func run(
        repeats: Int, seed: UInt64, threads: Int,
        _ play: @escaping @Sendable (PeelingSimulator, inout Xoshiro256StarStar) -> Trial
    ) throws -> Summary {
        try Validate.count(repeats, "repeats", minimum: 2)
        try checkWork(repeats: repeats)
        let sim = self
        let trials = try Parallel.map(count: repeats, threads: threads) { i -> Trial in
            var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
            return play(sim, &rng)
        }
        let R = graph.concepts
        let fractions = trials.map { Double($0.unlearned) / R }
        let count = Double(repeats)
        let mean = fractions.reduce(0, +) / count
        let variance = fractions.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
        let stalled = fractions.filter { $0 > stallThreshold }
        let stalls = Double(stalled.count) / count
        var stalledMean: Double?
        var stalledSE: Double?
        if !stalled.isEmpty {
            let k = Double(stalled.count)
            let m = stalled.reduce(0, +) / k
            stalledMean = m
            if stalled.count > 1 {
                stalledSE = (stalled.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (k - 1) / k).squareRoot()
            }
        }
        return Summary(
            repeats: repeats, seed: seed, meanUnlearnedFraction: mean, standardError: (variance / count).squareRoot(),
            stallProbability: stalls, stallStandardError: (stalls * (1 - stalls) / count).squareRoot(),
            meanEdges: trials.reduce(0.0) { $0 + Double($1.edges) } / count, meanStalledFraction: stalledMean,
            stalledStandardError: stalledSE)
    }
}
