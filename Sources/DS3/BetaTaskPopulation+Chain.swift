import GSL
import RealModule
import ScalingCore

extension BetaTaskPopulation {
    /// Chain-of-thought accuracy over the population when every task needs m skill steps and the per-step success
    /// r of a task is drawn from this population: A · E_{r ~ Beta(α, β)}[I_r(m, K − m + 1)] (ds3-theory §3.2
    /// averaged over §3.6's population; unsolvable tasks have r = 0 and never succeed).
    ///
    /// Closed form for integer m and real b = K − m + 1 > 0: I_r(m, b) = 1 − Σ_{j<m} Γ(b + j)/(Γ(b) j!) r^j (1 − r)^b,
    /// so E[I] = 1 − Σ_{j<m} T_j with T_0 = B(α, β + b)/B(α, β) and T_{j+1}/T_j = (b + j)(α + j)/((j + 1)(α + β + b + j)),
    /// a beta–negative-binomial distribution; O(m) work, absolute error ~m·ε. With m = 1 it is pass@b.
    ///
    /// - Parameters:
    ///   - m: required skills (≥ 1).
    ///   - K: step budget K = Ω/ω (real, ≥ 0); 0 when K − m + 1 ≤ 0.
    public func chainSuccess(m: Int, steps K: Double) throws -> Double {
        try Validate.count(m, "m")
        try Validate.nonNegative(K, "steps")
        let b = K - Double(m) + 1
        guard b > 0 else { return 0 }
        if K.isInfinite { return solvable }
        // T_0 = B(α, β + b)/B(α, β): the probability that b steps of a random solvable task all fail.
        // Kept as value × e^logScale so that a T_0 below the smallest double (α ln b ≳ 745) does not zero the sum.
        var logScale = try logFailureRatio(b)
        // e^logScale, recomputed only when logScale changes (the same double as computing it per term).
        var scale = Double.exp(logScale)
        var value = 1.0
        var failed = 0.0
        let total = alpha + beta + b
        for j in 0..<m {
            failed += value * scale
            let jd = Double(j)
            value *= (b + jd) / (jd + 1) * (alpha + jd) / (total + jd)
            if value > 0x1p500 || value < 0x1p-500 {
                logScale += Double.log(value)
                scale = Double.exp(logScale)
                value = 1
            }
        }
        return solvable * max(0, 1 - failed)
    }
}
