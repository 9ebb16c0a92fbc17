import GSL
import RealModule
import ScalingCore

/// Majority voting / self-consistency (ds3-theory §3.7): N independent chain-of-thought samples, each correct with
/// probability p = I_r(m, K − m + 1), otherwise giving wrong answer j with relative weight c_j (Σ c_j = 1). The
/// most frequent answer is returned; ties are broken uniformly at random among the tied answers.
///
/// Accuracy is computed exactly (`accuracy(samples:sampleSuccess:)`): condition on the number s of correct votes
/// and compute the probability W(s, N − s) that the correct answer wins against the multinomial wrong votes by a
/// dynamic programme over the wrong answers (sequential conditional binomials, tie count tracked).
public struct MajorityVoting: InferenceStrategy {
    /// Number of samples (votes) N.
    public let samples: Int
    /// Error weights c_1 ≥ c_2 ≥ … of the M − 1 wrong answers, normalised to sum 1.
    public let errorWeights: [Double]
    public let stepCount: ChainOfThought.StepCount

    public init(samples: Int, errorWeights: [Double] = [1], stepCount: ChainOfThought.StepCount = .exact)
        throws(ParameterError)
    {
        self.samples = try Validate.count(samples, "samples")
        self.errorWeights = try Self.normalise(errorWeights)
        self.stepCount = stepCount
    }

    /// Binary voting: one wrong answer (strict majority, ties at random).
    public static func binary(samples: Int) throws(ParameterError) -> MajorityVoting {
        try MajorityVoting(samples: samples, errorWeights: [1])
    }

    /// A answers in total (A − 1 equally likely wrong answers).
    public static func uniform(samples: Int, answers: Int) throws(ParameterError) -> MajorityVoting {
        try Validate.count(answers, "answers", minimum: 2)
        return try MajorityVoting(samples: samples, errorWeights: Array(repeating: 1, count: answers - 1))
    }

    public var name: String { "mv(\(samples))" }

    public var budgetShape: BudgetShape { BudgetShape(uncheckedWidth: samples, passes: 1) }

    /// c* = max_j c_j.
    public var largestErrorWeight: Double { errorWeights[0] }

    static func normalise(_ weights: [Double]) throws(ParameterError) -> [Double] {
        guard !weights.isEmpty else {
            throw ParameterError(parameter: "error weights", value: "[]", validRange: "at least one wrong answer")
        }
        for w in weights { try Validate.nonNegative(w, "error weight") }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw ParameterError(parameter: "error weights", value: total, validRange: "sum > 0") }
        return weights.map { $0 / total }.filter { $0 > 0 }.sorted(by: >)
    }

    public func evaluate(_ task: SkillTask, budget: StepBudget, cost: CostModel) throws -> StrategyEvaluation {
        let K = budget.effectiveSteps
        let (p, pf, moments) = try ChainOfThought.tailsAndMoments(m: task.m, r: task.r, steps: K, method: stepCount)
        let latency = try BestOfN.latencySteps(
            task: task, steps: K, chains: samples, moments: moments, method: stepCount)
        let usage = cost.usage(chains: Double(samples), width: 1, steps: moments, latencySteps: latency)
        let (success, failure) = try accuracyTails(sampleSuccess: p, sampleFailure: pf)
        return StrategyEvaluation(success: success, failure: failure, usage: usage, cost: cost)
    }

    public func success(_ task: SkillTask, budget: StepBudget) throws -> Double {
        let (p, pf) = try ChainOfThought.sampleTails(
            m: task.m, r: task.r, steps: budget.effectiveSteps, method: stepCount)
        return try accuracyTails(sampleSuccess: p, sampleFailure: pf).success
    }

    public func play(in context: inout TraversalContext) throws -> Bool {
        let K = context.stepBudget
        let weights = errorWeights
        // Answer 0 is the correct one; 1…M−1 the wrong ones.
        let answers = context.parallel(samples) { _, ctx -> Int in
            if ctx.runChain(maxSteps: K).solved { return 0 }
            let u = ctx.uniform()
            var acc = 0.0
            for (j, c) in weights.enumerated() {
                acc += c
                if u < acc { return j + 1 }
            }
            return weights.count
        }
        var counts = Array(repeating: 0, count: weights.count + 1)
        for a in answers { counts[a] += 1 }
        let top = counts.max() ?? 0
        let tied = counts.indices.filter { counts[$0] == top }
        let pick = tied[min(tied.count - 1, Int(context.uniform() * Double(tied.count)))]
        return pick == 0
    }

    // MARK: exact accuracy

    /// Exact P(correct answer wins) with per-sample success p: Σ_s Bin(s; N, p) W(s, N − s).
    public func accuracy(sampleSuccess p: Double) throws -> Double {
        try Validate.probability(p, "sample success")
        try checkExactSize()
        let n = samples
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        // Window of non-negligible binomial weights around the mode (relative 1e-21).
        let mode = min(n, max(0, Int((Double(n + 1) * p).rounded(.down))))
        let peak = BinomialMass.pmf(mode, n, p)
        var lo = mode
        while lo > 0, BinomialMass.pmf(lo - 1, n, p) >= 1e-21 * peak { lo -= 1 }
        var hi = mode
        while hi < n, BinomialMass.pmf(hi + 1, n, p) >= 1e-21 * peak { hi += 1 }
        let weights = (lo...hi).map { BinomialMass.pmf($0, n, p) }
        return min(1, try weightedWins(first: lo, weights: weights))
    }

    /// Exact accuracy over a Beta task population: A Σ_s BetaBin(s; N, α, β) W(s, N − s).
    public func accuracy(population: BetaTaskPopulation) throws -> Double {
        try checkExactSize()
        let pmf = try population.betaBinomial(samples: samples)
        let total = try weightedWins(first: 0, weights: pmf)
        guard total.isFinite else {
            throw ParameterError(
                parameter: "Beta population", value: "\(population)", validRange: "finite Beta-binomial weights")
        }
        return population.solvable * min(1, total)
    }

    /// Σ_i w_i W(first + i, N − first − i), W evaluated in parallel: 32 fixed chunks, chunk c taking i = c, c + 32,
    /// … (interleaved, so the costly middle of the window is spread over the workers), each summed in increasing i
    /// and the chunk sums added in chunk order — the result does not depend on the thread count. Each W needs
    /// absolute accuracy only ~1e-24 / w_i, which sets its truncation.
    func weightedWins(first: Int, weights: [Double]) throws -> Double {
        let n = samples
        let count = weights.count
        let chunks = min(count, 32)
        // Small votes take microseconds: threads would cost more than they save (and the chunked sum is the same
        // on one thread).
        let threads = n > Self.parallelThreshold ? Parallel.defaultThreads : 1
        let partial = try Parallel.map(count: chunks, threads: threads) { chunk -> Double in
            var plans = RealFFTPlans()
            var sum = 0.0
            for i in stride(from: chunk, to: count, by: chunks) {
                let w = weights[i]
                if w <= 0 { continue }
                let s = first + i
                sum +=
                    w
                    * winProbability(
                        correct: s, wrong: n - s, tolerance: min(1e-6, 1e-24 / w), allowFFT: true, plans: &plans)
            }
            return sum
        }
        return partial.reduce(0, +)
    }
    /// Largest N summed on one thread in `weightedWins` (beyond it, on all cores).
    static let parallelThreshold = 256

    /// Largest N for the exact computation (memory and time grow with N).
    public static let exactLimit = 100_000

    func checkExactSize() throws(ParameterError) {
        guard samples <= Self.exactLimit else {
            throw ParameterError(
                parameter: "samples", value: "\(samples)", validRange: "≤ \(Self.exactLimit) for exact majority voting")
        }
    }

    /// W(s, n): probability that s correct votes beat n wrong votes spread multinomially over the wrong answers
    /// (strictly more than every wrong answer; a tie with t wrong answers wins with probability 1/(t + 1)).
    public func winProbability(correctVotes s: Int, wrongVotes n: Int) throws -> Double {
        try Validate.count(s, "correct votes", minimum: 0)
        try Validate.count(n, "wrong votes", minimum: 0)
        return winProbability(correct: s, wrong: n, tolerance: 1e-24)
    }

    /// Tail cut-off: a wrong answer whose Chernoff bound P(Bin(n, c) ≥ s) ≤ exp(−n KL(s/n ‖ c)) is below this is
    /// treated as never reaching s (total error ≤ (M − 1) × this).
    static let negligible = 1e-22

    /// The FFT form is used from this many constrained wrong answers and this many wrong votes on.
    static let fftMinimumAnswers = 4
    static let fftMinimumVotes = 300

    /// W(s, n) to absolute accuracy ~`tolerance`: answers whose Chernoff upper-tail bound is below
    /// `negligible` are lumped; W = 1 when the bounds of all constrained answers sum below `tolerance`, and W = 0
    /// when the top answer's lower-tail bound P(n_1 ≤ s) is below it.
    func winProbability(correct s: Int, wrong n: Int, tolerance: Double) -> Double {
        var plans = RealFFTPlans()
        return winProbability(correct: s, wrong: n, tolerance: tolerance, allowFFT: true, plans: &plans)
    }

    /// W(s, n) by the dynamic programme only (no FFT), for cross-checks.
    func dynamicProgrammeWinProbability(correct s: Int, wrong n: Int) -> Double {
        var plans = RealFFTPlans()
        return winProbability(correct: s, wrong: n, tolerance: 1e-30, allowFFT: false, plans: &plans)
    }

    /// W(s, n) as `winProbability(correct:wrong:tolerance:)`; `allowFFT: false` forces the dynamic programme.
    /// `plans` caches the FFT tables of the equal-weight form across calls of one worker.
    func winProbability(
        correct s: Int, wrong n: Int, tolerance: Double, allowFFT: Bool, plans: inout RealFFTPlans
    ) -> Double {
        if n == 0 { return s > 0 ? 1 : 0 }
        if s == 0 { return 0 }
        let c = errorWeights
        if s * c.count < n { return 0 }  // pigeonhole: some wrong answer gets more than s votes
        let nd = Double(n)
        let x = Double(s) / nd
        func kl(_ a: Double, _ b: Double) -> Double {
            (a == 0 ? 0 : a * Double.log(a / b)) + (a >= 1 ? 0 : (1 - a) * Double.log((1 - a) / (1 - b)))
        }
        // The correct answer wins only if the top wrong answer gets ≤ s votes: P(Bin(n, c_1) ≤ s).
        if x < c[0], c[0] < 1, Double.exp(-nd * kl(x, c[0])) < tolerance { return 0 }
        var constrained: [Int] = []
        var boundSum = 0.0
        for (j, cj) in c.enumerated() {
            if x > 1 { break }
            if x <= cj {
                constrained.append(j)
                boundSum += 1
                continue
            }
            let bound = Double.exp(-nd * kl(x, cj))
            // The weights fall (`normalise` sorts them), and KL(x ‖ c) grows as c falls below x: once an answer's
            // bound is negligible, so is every later one's (the loop used to compute them all).
            guard bound > Self.negligible else { break }
            constrained.append(j)
            boundSum += bound
        }
        if constrained.isEmpty || boundSum < min(tolerance, 1e-18) { return 1 }
        // Many competing answers: the Poissonized FFT form costs O(J L log L) instead of the DP's O(J · support ·
        // window) (equal agreement to ~1e-15; `MajorityVotingTests/fftFormEqualsDynamicProgramme`).
        if allowFFT, constrained.count >= Self.fftMinimumAnswers, n >= Self.fftMinimumVotes {
            // Equally likely wrong answers (all constrained): one real FFT and the binomial expansion in the ties
            // (`equalWeightWinProbability`, agreement with the general form to ~1e-14, tested).
            if constrained.count == c.count, hasEqualErrorWeights {
                return equalWeightWinProbability(correct: s, wrong: n, plans: &plans)
            }
            return fftWinProbability(correct: s, wrong: n, constrained: constrained, plans: &plans)
        }
        let cutoff = max(1e-30, min(1e-20, tolerance * 1e-4))
        var isConstrained = [Bool](repeating: false, count: c.count)
        for j in constrained { isConstrained[j] = true }
        let unconstrainedWeight = c.indices.filter { !isConstrained[$0] }.reduce(0.0) { $0 + c[$1] }
        // Each tie holds s of the n wrong votes, so at most n/s ties (not one state per constrained answer: with
        // 10⁵ answers and 8 votes that was 10⁵ × 10⁵ states).
        let maxTies = min(constrained.count, n / s)
        // probs[t · (n + 1) + u]: probability of t ties so far and u votes still to place (one flat buffer per
        // step, written through a raw pointer: nested arrays cost a uniqueness check per write in this, the
        // innermost loop of every exact vote; same additions in the same order, so the same bits).
        let width = n + 1
        var probs = [Double](repeating: 0, count: (maxTies + 1) * width)
        var lo = Array(repeating: n + 1, count: maxTies + 1)
        var hi = Array(repeating: -1, count: maxTies + 1)
        probs[n] = 1
        lo[0] = n
        hi[0] = n
        var remaining = 1.0
        for j in constrained.dropLast() {
            let q = min(1, c[j] / remaining)
            remaining -= c[j]
            var next = [Double](repeating: 0, count: (maxTies + 1) * width)
            var nlo = Array(repeating: n + 1, count: maxTies + 1)
            var nhi = Array(repeating: -1, count: maxTies + 1)
            next.withUnsafeMutableBufferPointer { next in
                nlo.withUnsafeMutableBufferPointer { nlo in
                    nhi.withUnsafeMutableBufferPointer { nhi in
                        for t in 0...maxTies where lo[t] <= hi[t] {
                            for u in lo[t]...hi[t] {
                                let mass = probs[t * width + u]
                                if mass == 0 { continue }
                                Self.spread(
                                    mass: mass, pool: u, q: q, cap: s, cutoff: cutoff
                                ) { k, pk in
                                    let t2 = k == s ? t + 1 : t
                                    let u2 = u - k
                                    next[t2 * width + u2] += pk
                                    if u2 < nlo[t2] { nlo[t2] = u2 }
                                    if u2 > nhi[t2] { nhi[t2] = u2 }
                                }
                            }
                        }
                    }
                }
            }
            probs = next
            lo = nlo
            hi = nhi
        }
        // The last constrained answer: where the votes it leaves go no longer matters (the lumped answers never
        // reach s), only whether it stays below s or ties, so each state (t, u) contributes
        // mass · [P(k < s)/(t + 1) + P(k = s)/(t + 2)], k ~ Bin(u, q), from one binomial tail (no spread over k).
        let last = constrained[constrained.count - 1]
        let q = unconstrainedWeight <= 0 ? 1 : min(1, c[last] / remaining)
        var win = 0.0
        for t in 0...maxTies where lo[t] <= hi[t] {
            var below = 0.0
            var tied = 0.0
            for u in lo[t]...hi[t] {
                let mass = probs[t * width + u]
                if mass == 0 { continue }
                let outcome = Self.belowOrTied(pool: u, q: q, votes: s, cutoff: cutoff / mass)
                below += mass * outcome.below
                tied += mass * outcome.tied
            }
            win += below / Double(t + 1) + tied / Double(t + 2)
        }
        return min(1, max(0, win))
    }

    /// (P(k < s), P(k = s)) for k ~ Bin(u, q): the tail on the far side of s from the mode is summed from s
    /// outward (its terms fall geometrically) until a term is below `cutoff`, and P(k < s) is that sum or 1 minus
    /// it, so the summed side keeps full relative precision.
    static func belowOrTied(pool u: Int, q: Double, votes s: Int, cutoff: Double) -> (below: Double, tied: Double) {
        if u < s || q <= 0 { return (1, 0) }
        if q >= 1 { return (0, u == s ? 1 : 0) }
        let atS = BinomialMass.pmf(s, u, q)
        let ratioUp = q / (1 - q)
        let ratioDown = (1 - q) / q
        if Double(s) >= Double(u + 1) * q {
            // s at or above the mode: P(k ≥ s) from s upward.
            var upper = atS
            var pk = atS
            var k = s
            while k < u {
                pk *= Double(u - k) / Double(k + 1) * ratioUp
                k += 1
                if pk < cutoff { break }
                upper += pk
            }
            return (1 - upper, atS)
        }
        // s below the mode: P(k < s) from s − 1 downward.
        var lower = 0.0
        var pk = atS
        var k = s
        while k > 0 {
            pk *= Double(k) / Double(u - k + 1) * ratioDown
            k -= 1
            if pk < cutoff { break }
            lower += pk
        }
        return (lower, atS)
    }

    /// Calls `body(k, mass · Bin(k; pool, q))` for k = 0…min(cap, pool), skipping terms below `cutoff`
    /// (absolute; the binomial pmf is unimodal, so each walk from the mode stops at the first negligible term).
    static func spread(
        mass: Double, pool u: Int, q: Double, cap: Int, cutoff: Double, _ body: (Int, Double) -> Void
    ) {
        let top = min(cap, u)
        if q >= 1 {
            if u <= cap { body(u, mass) }
            return
        }
        if q <= 0 {
            body(0, mass)
            return
        }
        let start = min(top, max(0, Int((Double(u + 1) * q).rounded(.down))))
        let pStart = BinomialMass.pmf(start, u, q)
        let ratioDown = (1 - q) / q
        let ratioUp = q / (1 - q)
        body(start, mass * pStart)
        var pk = pStart
        var k = start
        while k > 0 {
            pk *= Double(k) / Double(u - k + 1) * ratioDown
            k -= 1
            if mass * pk < cutoff { break }
            body(k, mass * pk)
        }
        pk = pStart
        k = start
        while k < top {
            pk *= Double(u - k) / Double(k + 1) * ratioUp
            k += 1
            if mass * pk < cutoff { break }
            body(k, mass * pk)
        }
    }

    // MARK: binary closed form, plateau, calibration

    /// Binary voting accuracy P(Bin(N, p) > N/2) + ½ P(Bin(N, p) = N/2).
    public static func binaryAccuracy(samples n: Int, sampleSuccess p: Double) throws -> Double {
        try Validate.count(n, "samples")
        try Validate.probability(p, "sample success")
        var result = try Binomial.atLeast(n / 2 + 1, n: n, p: p)
        if n % 2 == 0 { result += 0.5 * (try Binomial.pmf(k: n / 2, n: n, p: p)) }
        return result
    }

    /// N → ∞ accuracy for per-sample success p: 1 if p > (1 − p)c*, 0 if below; at equality with t tied wrong
    /// answers the t + 1 tied categories are exchangeable and the limit is 1/(t + 1).
    public func plateau(sampleSuccess p: Double) throws(ParameterError) -> Double {
        try Validate.probability(p, "sample success")
        let rival = (1 - p) * largestErrorWeight
        if p > rival { return 1 }
        if p < rival { return 0 }
        let tied = errorWeights.filter { (1 - p) * $0 == rival }.count
        return 1 / Double(tied + 1)
    }

    /// N → ∞ accuracy over a Beta population: A [1 − I_{r_c}(α, β)], r_c = c*/(1 + c*).
    public func plateau(population: BetaTaskPopulation) throws -> Double {
        let rc = largestErrorWeight / (1 + largestErrorWeight)
        return population.solvable * (try IncompleteBeta.complement(a: population.alpha, b: population.beta, x: rc))
    }

    /// Calibrates c* from an observed plateau P_∞: Δ = 1 − P_∞/A, r_c = I⁻¹(Δ; α, β), c* = r_c/(1 − r_c).
    public static func calibrateLargestErrorWeight(plateau: Double, population: BetaTaskPopulation) throws -> Double {
        try Validate.probability(plateau, "plateau", .open)
        guard plateau < population.solvable else {
            throw ParameterError(parameter: "plateau", value: plateau, validRange: "below A = \(population.solvable)")
        }
        let delta = 1 - plateau / population.solvable
        let rc = try IncompleteBeta.inverse(a: population.alpha, b: population.beta, p: delta)
        return rc / (1 - rc)
    }

    /// Truncated geometric error weights q_j = (1 − λ) λ^{j−1} / (1 − λ^{M−1}), j = 1…M−1.
    public static func truncatedGeometricWeights(answers M: Int, lambda: Double) throws(ParameterError) -> [Double] {
        try Validate.count(M, "answers", minimum: 2)
        try Validate.probability(lambda, "lambda", .open)
        let norm = (1 - lambda) / -Double.expMinusOne(Double(M - 1) * Double.log(lambda))
        return (0..<(M - 1)).map { norm * Double.exp(Double($0) * Double.log(lambda)) }
    }

    /// λ ∈ (0, 1) with c* = (1 − λ)/(1 − λ^{M−1}) for M answers; needs 1/(M − 1) < c* < 1.
    public static func geometricRatio(largestErrorWeight cStar: Double, answers M: Int) throws -> Double {
        try Validate.count(M, "answers", minimum: 3)
        let lower = 1 / Double(M - 1)
        guard cStar > lower, cStar < 1 else {
            throw ParameterError(parameter: "c*", value: cStar, validRange: "in (1/(M − 1), 1) = (\(lower), 1)")
        }
        let result = try Roots.brent(lower: 1e-12, upper: 1 - 1e-12, relativeTolerance: 1e-14) { lambda in
            (1 - lambda) / -Double.expMinusOne(Double(M - 1) * Double.log(lambda)) - cStar
        }
        return result.root
    }
}
