import ScalingCore

/// How an attempted step succeeds in the simulator.
public enum StepProcess: Sendable, Hashable {
    /// Each attempt succeeds independently with probability r.
    case bernoulli(Double)
    /// An explicit skill-search step: with probability ρ the next skill is drawn uniformly from the relevant set
    /// of M skills (1 required + M − 1 distractors), otherwise the walk goes straight to the required skill; the
    /// chosen required skill then applies correctly with probability `execution`. If a required skill of the
    /// task lies outside the learned graph's giant component (`reachable` false) no step ever succeeds.
    case directedSearch(relevantSet: Int, rho: Double, execution: Double, reachable: Bool)

    /// The per-step success probability r this process realises.
    public var stepSuccess: Double {
        switch self {
        case .bernoulli(let r): return r
        case .directedSearch(let M, let rho, let q, let reachable):
            return reachable ? q * (rho / Double(M) + 1 - rho) : 0
        }
    }

    @inline(__always)
    func attempt(using rng: inout Xoshiro256StarStar) -> Bool {
        switch self {
        case .bernoulli(let r): return rng.uniform() < r
        case .directedSearch(let M, let rho, let q, let reachable):
            guard reachable else { return false }
            if rng.uniform() < rho {
                // Uniform draw among the M relevant skills; index 0 is the required one.
                if Int(rng.uniform() * Double(M)) != 0 { return false }
            }
            return rng.uniform() < q
        }
    }
}
