import GSL
import RealModule

/// W(s, n) when the J wrong answers are equally likely (c_j = 1/J), from one real FFT per (s, n).
///
/// Poissonised as in `fftWinProbability` (X_j ~ Poisson(λ), λ = n c, independent; the multinomial is
/// (X | Σ X_j = n)), but with equal weights every factor is the same polynomial, so the product over the wrong
/// answers expands binomially in the tie term:
///
///     W(s, n) · Pois(n; n) = Σ_{t=0}^{J} C(J, t) / (t + 1) · Pois(s; λ)^t · [x^{n − t s}] L(x)^{J − t},
///     L(x) = Σ_{k<s} Pois(k; λ) x^k,
///
/// (t answers tie with s votes, the others stay below s; a tie with t answers wins with probability 1/(t + 1)).
/// The coefficients of the powers of L are read from one forward transform of L: for a cyclic length S,
/// [x^m] L^q = (1/S) Σ_ω L̂(ω)^q ω^{−m}, a direct O(S) sum per (q, m) with no inverse transform, exact as long as
/// no other index m ± S falls in the support [0, q·deg L] (S > max(m, q·deg L − m)) — or, with a shorter S, up to
/// the aliased coefficients n ± jS of the whole product, which e^{n(x−1)} dominates: S ≥ 23 + √(529 + 138 n)
/// (≈ √(138 n), against q·deg L ≈ J·2√(138 λ)) makes them < 2e^{−69} in all. L is real, so half the spectrum
/// suffices, and the spectrum comes from a complex FFT of half the length.
///
/// **Truncation.** L is kept on its window of Poisson mass [λ − w, λ + w] ∩ [0, s − 1] with
/// w = 23 + √(529 + 138 λ), the solution of w² = 2·69·(λ + w/3): by Bernstein's inequality each side's dropped mass
/// is ≤ exp(−w²/(2(λ + w/3))) = e^{−69} ≈ 1e-30 (the lower tail obeys the smaller exp(−w²/(2λ))). Since every
/// factor has total mass ≤ 1, the product's coefficient changes by at most J·2e-30, i.e. W by at most
/// J·2e-30 / Pois(n; n) ≤ J·2e-30·√(2πn)·e^{1/(12n)} (< 1e-26 for J ≤ 100, n ≤ 10⁵); aliasing adds at most
/// 2e-30 to the numerator. Terms with
/// C(J, t)·Pois(s; λ)^t < 1e-35 are dropped (they change W by < 1e-35·J/Pois(n; n)). **Rounding:** the
/// transform's error is ~ε·log S relative to ‖L‖₂, raised to the q-th power it stays ~q·ε·log S·‖L‖₂²; divided
/// by Pois(n; n) ≈ 1/√(2πn) this is ~1e-14 absolute on W at n = 10⁴ (tested against the general FFT form, the
/// dynamic programme and exact enumeration).
extension MajorityVoting {
    /// True when all wrong answers have the same weight (then `equalWeightWinProbability` applies).
    var hasEqualErrorWeights: Bool { errorWeights.allSatisfy { $0 == errorWeights[0] } }

    /// W(s, n) for equally likely wrong answers (see the extension's documentation), any s ≥ 1, n ≥ 1.
    func equalWeightWinProbability(correct s: Int, wrong n: Int, plans: inout RealFFTPlans) -> Double {
        let J = errorWeights.count
        let nd = Double(n)
        let lambda = nd * errorWeights[0]
        let w = 23 + (529 + 138 * lambda).squareRoot()
        let lo = max(0, Int((lambda - w).rounded(.down)))
        let hi = Int((lambda + w).rounded(.up))
        let top = min(s - 1, hi)
        let degree = top - lo  // deg L̃, L = x^lo L̃; negative when L vanishes on the window
        let tie = s >= lo && s <= hi ? BinomialMass.poisson(s, lambda) : 0
        // The terms (t, q = J − t, m = index into L̃^q) that contribute.
        struct Term {
            var q: Int
            var m: Int
            var weight: Double
        }
        var terms: [Term] = []
        var constant = 0.0  // the q = 0 term: [x^{n − J s}] 1
        var choose = 1.0  // C(J, t)
        var tiePower = 1.0  // tie^t
        // Cyclic length S: it must exceed deg L̃ (so the transform of L̃ is exact). The sum below returns, for each
        // term, Σ_j [x^{m+jS}] L̃^q, i.e. Σ_j [x^{n+jS}] of the term's polynomial in the full product; all terms
        // together are dominated coefficientwise by (Pois(s; λ) x^s + L)^J ≤ e^{n(x−1)} (L ≤ e^{λ(x−1)}, Jλ = n), so
        // the aliases j ≠ 0 add at most P(Y ≥ n + S) + P(Y ≤ n − S) ≤ 2e^{−69}, Y ~ Poisson(n), once
        // S ≥ w_n = 23 + √(529 + 138 n) (Bernstein, as for the window). Below that, S must keep every alias out of
        // every term's support (S > max(m, q·deg L̃ − m)).
        let aliasFree = Int((23 + (529 + 138 * nd).squareRoot()).rounded(.up))
        var exactSize = 4
        for t in 0...J {
            if t > 0 {
                choose = choose * Double(J - t + 1) / Double(t)
                tiePower *= tie
            }
            let weight = choose * tiePower / Double(t + 1)
            if weight < 1e-35 { continue }
            let q = J - t
            let target = n - t * s
            if q == 0 {
                if target == 0 { constant += weight }
                continue
            }
            if degree < 0 { continue }
            let m = target - q * lo
            if m < 0 || m > q * degree { continue }
            terms.append(Term(q: q, m: m, weight: weight))
            while exactSize <= max(m, q * degree - m, degree) { exactSize <<= 1 }
        }
        var size = 4
        while size <= degree || size < aliasFree { size <<= 1 }
        size = min(size, exactSize)
        var numerator = constant
        if !terms.isEmpty {
            let plan = plans.plan(size: size)
            var signal = [Double](repeating: 0, count: size)
            // ≤ 32ε relative on each coefficient (`poissonRun`), ≤ 32qε ≈ 7e-14 relative on the positive sum for
            // q ≤ 10.
            for (k, value) in Self.poissonRun(lo...(lo + degree), lambda).enumerated() { signal[k] = value }
            let (re, im) = plan.forward(signal)
            let half = size / 2
            let mask = size - 1
            let maxQ = terms.reduce(0) { max($0, $1.q) }
            // Frequencies where L̂ is negligible are left out: L̂(ω) ≈ e^{−λ(1 − cos ω)} falls fast, so with J − t
            // powers only the first few dozen of the S/2 frequencies matter. If every |L̂(ω_k)|² (as computed, whose
            // error is ≤ 1e-14 in modulus here) from k = `cut` on is ≤ τ, the terms change by at most
            // Σ_t weight_t · 2(S/2)/S · τ^{q/2} ≤ (Σ_t weight_t) · τ^{q_min/2} = 1e-30 with
            // τ = (1e-30 / Σ_t weight_t)^{2/q_min}.
            let minQ = terms.reduce(maxQ) { min($0, $1.q) }
            let weightSum = terms.reduce(0.0) { $0 + $1.weight }
            let tau = min(1, Double.pow(1e-30 / weightSum, 2 / Double(minQ)))
            let rootTau = tau.squareRoot() - 1e-14
            var cut = half
            if rootTau > 0 {
                let threshold = rootTau * rootTau
                while cut > 1, re[cut - 1] * re[cut - 1] + im[cut - 1] * im[cut - 1] <= threshold { cut -= 1 }
            }
            // Σ_{ω=1}^{cut−1} Re(L̂(ω)^q e^{2πi ω m / S}) for every term: the powers L̂^q at all these frequencies
            // at once, one q after the other (the same products as a recurrence per frequency, but independent
            // across frequencies), each term's sum taken when its power is reached.
            let count = max(0, cut - 1)
            var powRe = Array(re[1..<(1 + count)])
            var powIm = Array(im[1..<(1 + count)])
            var sums = [Double](repeating: 0, count: terms.count)
            re.withUnsafeBufferPointer { re in
                im.withUnsafeBufferPointer { im in
                    plan.cosTable.withUnsafeBufferPointer { cosTable in
                        plan.sinTable.withUnsafeBufferPointer { sinTable in
                            powRe.withUnsafeMutableBufferPointer { pr in
                                powIm.withUnsafeMutableBufferPointer { pi in
                                    for q in 1...maxQ {
                                        if q > 1 {
                                            for k in 0..<count {
                                                let xr = re[k + 1]
                                                let xi = im[k + 1]
                                                let r = pr[k] * xr - pi[k] * xi
                                                pi[k] = pr[k] * xi + pi[k] * xr
                                                pr[k] = r
                                            }
                                        }
                                        for i in terms.indices where terms[i].q == q {
                                            let m = terms[i].m
                                            var index = 0
                                            var sum = 0.0
                                            for k in 0..<count {
                                                index = (index + m) & mask
                                                sum += pr[k] * cosTable[index] - pi[k] * sinTable[index]
                                            }
                                            sums[i] = sum
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (i, term) in terms.enumerated() {
                // The real end points ω = 0 and ω = S/2 (whose twiddle is (−1)^m), once; the rest twice.
                let endZero = Double.pow(re[0], term.q)
                let endHalf = Double.pow(re[half], term.q) * (term.m % 2 == 0 ? 1 : -1)
                let coefficient = (endZero + endHalf + 2 * sums[i]) / Double(size)
                numerator += term.weight * coefficient
            }
        }
        let win = numerator / BinomialMass.poisson(n, nd)
        return min(1, max(0, win))
    }
}

/// Real-input FFTs of power-of-two sizes, built on demand (one set per worker; not shared between threads).
struct RealFFTPlans {
    private var bySize: [Int: RealFFT] = [:]
    private var complexBySize: [Int: FFT] = [:]

    /// The complex transform of `fftWinProbability` (its twiddle tables: 2 × size sines and cosines, once per size
    /// and worker instead of once per W).
    mutating func complexPlan(size: Int) -> FFT {
        if let plan = complexBySize[size] { return plan }
        let plan = FFT(size: size)
        complexBySize[size] = plan
        return plan
    }

    mutating func plan(size: Int) -> RealFFT {
        if let plan = bySize[size] { return plan }
        let plan = RealFFT(size: size)
        bySize[size] = plan
        return plan
    }
}

/// The DFT X_k = Σ_j x_j e^{−2πi jk/S}, k = 0…S/2, of a real sequence of power-of-two length S ≥ 4, from a complex
/// FFT of length S/2 on z_j = x_{2j} + i x_{2j+1} and the split X_k = E_k + e^{−2πik/S} O_k.
struct RealFFT {
    let size: Int
    let halfTransform: FFT
    /// cos(2πk/S), sin(2πk/S), k = 0…S−1.
    let cosTable: [Double]
    let sinTable: [Double]

    init(size: Int) {
        self.size = size
        let (c, s) = Self.unitRoots(size: size)
        cosTable = c
        sinTable = s
        // The half-length transform's roots are every second one of these.
        halfTransform = FFT(
            size: size / 2, cosTable: stride(from: 0, to: size, by: 2).map { c[$0] },
            sinTable: stride(from: 0, to: size, by: 2).map { s[$0] })
    }

    /// (cos, sin)(2πk/S), k = 0…S−1: computed on the first octant and mirrored (cos(π/2 − θ) = sin θ, …), so a
    /// table costs S/4 instead of 2S trigonometric calls (each entry stays within an ulp of the true value).
    static func unitRoots(size: Int) -> ([Double], [Double]) {
        func angle(_ k: Int) -> Double { 2 * Double.pi * Double(k) / Double(size) }
        guard size >= 8 else {
            return ((0..<size).map { Double.cos(angle($0)) }, (0..<size).map { Double.sin(angle($0)) })
        }
        var c = [Double](repeating: 0, count: size)
        var s = [Double](repeating: 0, count: size)
        let quarter = size / 4
        let half = size / 2
        for k in 0...(size / 8) {
            c[k] = Double.cos(angle(k))
            s[k] = Double.sin(angle(k))
        }
        for k in (size / 8 + 1)...quarter {
            c[k] = s[quarter - k]
            s[k] = c[quarter - k]
        }
        for k in (quarter + 1)..<half {
            c[k] = -c[half - k]
            s[k] = s[half - k]
        }
        for k in half..<size {
            c[k] = k == half ? -1 : c[size - k]
            s[k] = k == half ? 0 : -s[size - k]
        }
        return (c, s)
    }

    /// (Re X_k, Im X_k) for k = 0…S/2 of the real sequence `x` (length S).
    func forward(_ x: [Double]) -> ([Double], [Double]) {
        let h = size / 2
        var zr = [Double](repeating: 0, count: h)
        var zi = [Double](repeating: 0, count: h)
        for j in 0..<h {
            zr[j] = x[2 * j]
            zi[j] = x[2 * j + 1]
        }
        halfTransform.forward(&zr, &zi)
        var re = [Double](repeating: 0, count: h + 1)
        var im = [Double](repeating: 0, count: h + 1)
        for k in 0...h {
            let front = k == h ? 0 : k
            let back = k == 0 ? 0 : h - k
            let ar = zr[front]
            let ai = zi[front]
            let br = zr[back]
            let bi = zi[back]
            // E = (Z_k + conj Z_{h−k})/2, O = (Z_k − conj Z_{h−k})/(2i).
            let er = 0.5 * (ar + br)
            let ei = 0.5 * (ai - bi)
            let or = 0.5 * (ai + bi)
            let oi = -0.5 * (ar - br)
            let c = cosTable[k]
            let s = sinTable[k]
            re[k] = er + c * or + s * oi
            im[k] = ei + c * oi - s * or
        }
        return (re, im)
    }
}
