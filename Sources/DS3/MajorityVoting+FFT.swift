import GSL
import RealModule

/// Fast evaluation of W(s, n) when many wrong answers compete (e.g. equal error weights), by Poissonization and
/// FFT: with independent X_j ~ Poisson(n c_j), the multinomial is (X | Σ X = n), so
///
///     W(s, n) = ∫₀¹ [x^n] Π_j g_{j,y}(x) · h(x) dy / Pois(n; n),
///     g_{j,y}(x) = Σ_{k<s} Pois(k; n c_j) x^k + y Pois(s; n c_j) x^s,   h = the untruncated lumped answers,
///
/// since 1/(1 + t) = ∫₀¹ y^t dy turns the tie weight into a polynomial in y of degree ≤ J (exact Gauss–Legendre
/// with ⌈(J+1)/2⌉ nodes). Each factor is kept on its window of Poisson mass (mean ± 14 SD: dropped mass < 1e-40),
/// transformed once by FFT (the y-term is an impulse whose transform is a twiddle), multiplied pointwise, and only
/// the one needed coefficient is read back. Rounding: ~1e-15 absolute on the product's coefficients, divided by
/// Pois(n; n) ≈ 1/√(2πn): ~1e-13 absolute on W at n = 10⁴.
extension MajorityVoting {
    /// Pois(k; λ) for k in `range`: exactly (Loader's form: Stirling terms, a deviance and an exponential) every 16
    /// values from its start and by the ratio λ/k in between (≤ 15 steps of two roundings: ≤ 32ε relative on each
    /// value; the FFT form's rounding, ~1e-15 absolute on its coefficients, is larger).
    static func poissonRun(_ range: ClosedRange<Int>, _ lambda: Double) -> [Double] {
        var values = [Double](repeating: 0, count: range.count)
        for (i, k) in range.enumerated() {
            values[i] = i % 16 == 0 ? BinomialMass.poisson(k, lambda) : values[i - 1] * (lambda / Double(k))
        }
        return values
    }

    /// `fftWinProbability(correct:wrong:constrained:plans:)` with tables of its own.
    func fftWinProbability(correct s: Int, wrong n: Int, constrained: [Int]) -> Double {
        var plans = RealFFTPlans()
        return fftWinProbability(correct: s, wrong: n, constrained: constrained, plans: &plans)
    }

    /// W(s, n) for the given constrained answers (indices into `errorWeights`); the others are lumped, untruncated.
    /// `plans` caches the transform's tables across calls of one worker.
    func fftWinProbability(correct s: Int, wrong n: Int, constrained: [Int], plans: inout RealFFTPlans) -> Double {
        let c = errorWeights
        let nd = Double(n)
        struct Factor {
            var lo: Int
            var values: [Double]
            var tie: Double  // Pois(s; λ) at index s − lo, or 0 when s is beyond the window
        }
        func window(_ lambda: Double, cap: Int) -> (Int, Int) {
            let sd = lambda.squareRoot()
            let lo = max(0, Int((lambda - 14 * sd - 10).rounded(.down)))
            let hi = min(cap, Int((lambda + 14 * sd + 10).rounded(.up)))
            return (lo, hi)
        }
        var factors: [Factor] = []
        for j in constrained {
            let lambda = nd * c[j]
            let (lo, hiWindow) = window(lambda, cap: s)
            if lo > hiWindow { return 0 }
            let top = min(hiWindow, s - 1)
            var values = top >= lo ? Self.poissonRun(lo...top, lambda) : []
            var tie = 0.0
            if hiWindow == s {
                tie = BinomialMass.poisson(s, lambda)
                values.append(0)  // the tie coefficient is added per Gauss–Legendre node
            }
            factors.append(Factor(lo: lo, values: values.isEmpty ? [0] : values, tie: tie))
        }
        let restWeight = c.indices.filter { !constrained.contains($0) }.reduce(0.0) { $0 + c[$1] }
        if restWeight > 0 {
            let lambda = nd * restWeight
            let (lo, hi) = window(lambda, cap: n)
            factors.append(Factor(lo: lo, values: Self.poissonRun(lo...hi, lambda), tie: 0))
        }
        let target = n - factors.reduce(0) { $0 + $1.lo }
        let span = factors.reduce(0) { $0 + $1.values.count - 1 }
        if target < 0 || target > span { return 0 }
        var size = 1
        while size <= span { size <<= 1 }
        let fft = plans.complexPlan(size: size)
        // Transforms of each factor (without its tie term).
        var spectra: [([Double], [Double])] = []
        for f in factors {
            var re = [Double](repeating: 0, count: size)
            var im = [Double](repeating: 0, count: size)
            for (i, v) in f.values.enumerated() { re[i] = v }
            fft.forward(&re, &im)
            spectra.append((re, im))
        }
        // Gauss–Legendre on [0, 1] (GSL's rule on [−1, 1], mapped).
        // The order is ≥ 1, so GSL fails only when it cannot allocate the table: then the exact dynamic programme.
        guard let rule = try? GaussLegendreRule(order: constrained.count / 2 + 1) else {
            return dynamicProgrammeWinProbability(correct: s, wrong: n)
        }
        let nodes = zip(rule.nodes, rule.weights).map { ((1 + $0) / 2, $1 / 2) }
        var numerator = 0.0
        for (y, weight) in nodes {
            var accRe = [Double](repeating: 1, count: size)
            var accIm = [Double](repeating: 0, count: size)
            for (f, spectrum) in zip(factors, spectra) {
                let d = f.values.count - 1
                for k in 0..<size {
                    var re = spectrum.0[k]
                    var im = spectrum.1[k]
                    if f.tie > 0 {
                        // y · tie · e^{−2πi k d / L}
                        let idx = (k * d) & (size - 1)
                        re += y * f.tie * fft.cosTable[idx]
                        im -= y * f.tie * fft.sinTable[idx]
                    }
                    let r = accRe[k] * re - accIm[k] * im
                    accIm[k] = accRe[k] * im + accIm[k] * re
                    accRe[k] = r
                }
            }
            // Coefficient `target` of the inverse transform: (1/L) Σ_k P(k) e^{+2πi k t / L}.
            var sum = 0.0
            for k in 0..<size {
                let idx = (k * target) & (size - 1)
                sum += accRe[k] * fft.cosTable[idx] - accIm[k] * fft.sinTable[idx]
            }
            numerator += weight * sum / Double(size)
        }
        let win = numerator / BinomialMass.poisson(n, nd)
        return min(1, max(0, win))
    }
}

/// Radix-2 complex FFT of a fixed power-of-two size (iterative, precomputed twiddles).
struct FFT {
    let size: Int
    let cosTable: [Double]
    let sinTable: [Double]

    init(size: Int) {
        self.size = size
        cosTable = (0..<size).map { Double.cos(2 * Double.pi * Double($0) / Double(size)) }
        sinTable = (0..<size).map { Double.sin(2 * Double.pi * Double($0) / Double(size)) }
    }

    /// With precomputed cos(2πk/L), sin(2πk/L), k = 0…L−1.
    init(size: Int, cosTable: [Double], sinTable: [Double]) {
        self.size = size
        self.cosTable = cosTable
        self.sinTable = sinTable
    }

    /// In-place forward transform X_k = Σ_j x_j e^{−2πi jk/L}.
    func forward(_ re: inout [Double], _ im: inout [Double]) {
        let n = size
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                cosTable.withUnsafeBufferPointer { cosTable in
                    sinTable.withUnsafeBufferPointer { sinTable in
                        Self.transform(n, re, im, cosTable, sinTable)
                    }
                }
            }
        }
    }

    /// The iterative radix-2 transform (bit reversal, then butterflies of doubling length) on raw buffers.
    private static func transform(
        _ n: Int, _ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>,
        _ cosTable: UnsafeBufferPointer<Double>, _ sinTable: UnsafeBufferPointer<Double>
    ) {
        var j = 0
        for i in 1..<max(n, 1) {
            var bit = n >> 1
            while j & bit != 0 {
                j ^= bit
                bit >>= 1
            }
            j |= bit
            if i < j {
                re.swapAt(i, j)
                im.swapAt(i, j)
            }
        }
        var length = 2
        while length <= n {
            let step = n / length
            let halfLength = length / 2
            for k in 0..<halfLength {
                let wr = cosTable[k * step]
                let wi = -sinTable[k * step]
                var a = k
                while a < n {
                    let b = a + halfLength
                    let tr = re[b] * wr - im[b] * wi
                    let ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr
                    im[b] = im[a] - ti
                    re[a] += tr
                    im[a] += ti
                    a += length
                }
            }
            length <<= 1
        }
    }
}
