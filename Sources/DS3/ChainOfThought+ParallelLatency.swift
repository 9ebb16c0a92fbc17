import GSL
import RealModule
import ScalingCore

extension ChainOfThought {
    /// Expected latency (steps) of `chains` independent chain-of-thought chains run in parallel:
    /// E[max_i min(T_i, K)] = Σ_{k=0}^{⌊K⌋−1} (1 − F(k)^n) + (K − ⌊K⌋)(1 − F(⌊K⌋)^n), F(k) = P(T_m ≤ k).
    /// The sum is truncated once n (1 − F(k)) < 1e-18 (the remaining terms decay geometrically).
    public static func expectedMaximumSteps(m: Int, r: Double, steps K: Double, chains n: Int) throws -> Double {
        try expectedMaximumSteps(m: m, r: r, steps: K, chains: n, loopLimit: 2e6)
    }

    static func expectedMaximumSteps(m: Int, r: Double, steps K: Double, chains n: Int, loopLimit: Double) throws
        -> Double
    {
        try validate(m: m, r: r, K: K)
        try Validate.count(n, "chains")
        let K0 = K.rounded(.down)
        let frac = K - K0
        if r == 0 { return K }
        let md = Double(m)
        if K0 < md { return K }
        let nd0 = Double(n)
        let mu = md / r
        let sigma = (md * (1 - r)).squareRoot() / r
        let horizon = min(K0, mu + 20 * sigma + (100 + Double.log(nd0)) / r)
        if horizon - md > loopLimit {
            return try integratedMaximumSteps(m: m, r: r, K0: K0, frac: frac, chains: nd0, upper: horizon)
        }
        // k < m: F(k) = 0, every term is 1.
        var total = md
        let nd = Double(n)
        let logQ = Double.log(onePlus: -r)
        // pmf(k) = C(k−1, m−1) r^m (1−r)^{k−m}, starting at k = m.
        var logPmf = md * Double.log(r)
        var survival = 1.0  // 1 − F(k − 1)
        var k = md
        while true {
            // F(k) now includes pmf(k). Every 4096 steps the running survival is re-synchronised with the exact
            // 1 − I_r(m, k − m + 1), so rounding cannot leave a spurious positive residue.
            if Int(k - md) % 4096 == 4095 {
                survival = try NegativeBinomialTail.complement(a: md, b: k - md + 1, x: r)
            } else {
                survival -= Double.exp(logPmf)
            }
            if survival < 0 { survival = 0 }
            let term = -Double.expMinusOne(nd * Double.log(onePlus: -survival))
            if k < K0 {
                total += term
            } else {
                total += frac * term
                break
            }
            // Beyond the horizon every remaining term is below 1e-40 (see `integratedMaximumSteps`).
            if nd * survival < 1e-18 || k >= horizon { break }
            logPmf += Double.log(k / (k - md + 1)) + logQ
            k += 1
        }
        return total
    }
}

extension ChainOfThought {
    /// Long sums (over more than 2·10⁶ steps, tiny r): Σ_{k=m}^{K0−1} f(k) by Euler–Maclaurin,
    /// ∫_m^U f + (f(m) − f(U))/2, f(k) = 1 − I_r(m, k − m + 1)^n, which varies on the scale 1/r ≫ 1 (the next
    /// correction is O(r²) relative); beyond U = min(K0, m/r + 20σ + (100 + ln n)/r) every term is below 1e-40.
    static func integratedMaximumSteps(
        m: Int, r: Double, K0: Double, frac: Double, chains n: Double, upper: Double
    ) throws -> Double {
        let md = Double(m)
        func f(_ k: Double) throws -> Double {
            let b = k - md + 1
            if b <= 0 { return 1 }
            let survival = try NegativeBinomialTail.complement(a: md, b: b, x: r)
            return -Double.expMinusOne(n * Double.log(onePlus: -survival))
        }
        let mu = md / r
        var integral = 0.0
        var a = md
        for b in [min(mu, upper), upper] where b > a {
            integral += try Integrate.qags(lower: a, upper: b, absoluteTolerance: 1e-9, relativeTolerance: 1e-12, f)
                .value
            a = b
        }
        var total = md + integral + (try f(md) - f(upper)) / 2
        if upper >= K0 { total += frac * (try f(K0)) }
        return total
    }
}
