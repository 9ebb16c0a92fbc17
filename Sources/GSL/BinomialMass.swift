import RealModule

/// Binomial, negative-binomial and Poisson probability mass with full relative precision for large n (used by
/// `IncompleteBeta` to restart tail sums, and by DS3's exact majority voting): Loader's saddle-point form (as in R's
/// `dbinom`), P(k; n, p) = exp(−δ(k) − δ(n−k) + δ(n) − D(k, np) − D(n−k, nq)) · √(n / (2π k (n − k))), with the
/// Stirling remainder δ and the deviance D = x ln(x/μ) + μ − x evaluated without cancellation. Log-factorial
/// differences would lose ~|ln n!|·ε ≈ 1e-11 relative at n = 10⁴; this keeps ~1e-15.
package enum BinomialMass {
    /// δ(n) = ln n! − ln(√(2πn) (n/e)^n) for n = 1…15 (exact to double precision; index 0 unused).
    public static let stirlingTable: [Double] = [
        0.0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
        0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
        0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
        0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
    ]

    public static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            if n == n.rounded() { return stirlingTable[Int(n)] }
            return Double.logGamma(n + 1) - ((n + 0.5) * Double.log(n) - n + 0.5 * Double.log(2 * Double.pi))
        }
        let s0 = 1.0 / 12
        let s1 = 1.0 / 360
        let s2 = 1.0 / 1260
        let s3 = 1.0 / 1680
        let s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// D(x, μ) = x ln(x/μ) + μ − x ≥ 0.
    public static func deviance(_ x: Double, _ mu: Double) -> Double {
        if abs(x - mu) < 0.1 * (x + mu) {
            var v = (x - mu) / (x + mu)
            var s = (x - mu) * v
            var ej = 2 * x * v
            v *= v
            var j = 1.0
            while j < 1000 {
                ej *= v
                let s1 = s + ej / (2 * j + 1)
                if s1 == s { return s1 }
                s = s1
                j += 1
            }
            return s
        }
        return x * Double.log(x / mu) + mu - x
    }

    /// P(X = k), X ~ Bin(n, p).
    public static func pmf(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if k < 0 || k > n { return 0 }
        let q = 1 - p
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        let nd = Double(n)
        if k == 0 { return Double.exp(nd * Double.log(onePlus: -p)) }
        if k == n { return Double.exp(nd * Double.log(p)) }
        let x = Double(k)
        let lc =
            stirlingError(nd) - stirlingError(x) - stirlingError(nd - x) - deviance(x, nd * p)
            - deviance(nd - x, nd * q)
        let lf =
            Double.log(2 * Double.pi) + Double.log(x)
            + (x < 0.5 * nd ? Double.log(onePlus: -x / nd) : Double.log((nd - x) / nd))
        return Double.exp(lc - 0.5 * lf)
    }

    /// Loader's dbinom_raw for real k, n: the binomial "mass" Γ(n+1)/(Γ(k+1)Γ(n−k+1)) p^k q^{n−k}, 0 < k < n.
    public static func rawMass(_ k: Double, _ n: Double, _ p: Double, _ q: Double) -> Double {
        let lc =
            stirlingError(n) - stirlingError(k) - stirlingError(n - k) - deviance(k, n * p) - deviance(n - k, n * q)
        // ln(2π k (n − k)/n); for k close to n, (n − k)/n directly (log1p(−k/n) would cancel).
        let lf =
            Double.log(2 * Double.pi) + Double.log(k)
            + (k < 0.5 * n ? Double.log(onePlus: -k / n) : Double.log((n - k) / n))
        return Double.exp(lc - 0.5 * lf)
    }

    /// ln of the negative-binomial term t_j (see `negativeBinomialTerm`), finite also where t_j underflows.
    public static func logNegativeBinomialTerm(_ j: Double, _ b: Double, _ x: Double) -> Double {
        if j == 0 { return b * Double.log(onePlus: -x) }
        let n = b + j
        let lc = stirlingError(n) - stirlingError(b) - stirlingError(j) - deviance(b, n * (1 - x)) - deviance(j, n * x)
        // ln(2π b j / n), with j/n taken directly: log1p(−b/n) loses ~ε·n/j relative when b ≫ j.
        let lf = Double.log(2 * Double.pi) + Double.log(b) + Double.log(j / n)
        return Double.log(b / n) + lc - 0.5 * lf
    }

    /// Negative-binomial term t_j = Γ(b+j)/(Γ(b) j!) x^j (1−x)^b = b/(b+j) · rawMass(b, b+j, 1−x, x).
    public static func negativeBinomialTerm(_ j: Double, _ b: Double, _ x: Double) -> Double {
        if j == 0 { return Double.exp(b * Double.log(onePlus: -x)) }
        return b / (b + j) * rawMass(b, b + j, 1 - x, x)
    }

    /// Poisson mass Pois(k; λ) = e^{−λ} λ^k / k! (Loader: exp(−δ(k) − D(k, λ)) / √(2πk)).
    public static func poisson(_ k: Int, _ lambda: Double) -> Double {
        if lambda <= 0 { return k == 0 ? 1 : 0 }
        if k == 0 { return Double.exp(-lambda) }
        let x = Double(k)
        return Double.exp(-stirlingError(x) - deviance(x, lambda)) / (2 * Double.pi * x).squareRoot()
    }
}
