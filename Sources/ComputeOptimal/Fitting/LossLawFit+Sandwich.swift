import RealModule
import ScalingCore

extension LossLawFit {
    /// How the intervals of a loss-law fit are obtained.
    public enum IntervalMethod: String, Sendable, CaseIterable {
        /// Percentile bootstrap: `Options.bootstrapReplicates` refits of resampled runs.
        case bootstrap
        /// Normal intervals from the asymptotic covariance of the Huber M-estimator (the sandwich A⁻¹BA⁻¹ at the
        /// optimum): one pass over the runs, for large numbers of runs where refitting hundreds of resamples is
        /// too slow. E, A and B get intervals on the log scale (positive, asymmetric).
        case sandwich
    }

    /// Label of the sandwich intervals in the output.
    public static let sandwichMethod = "sandwich (asymptotic normal, Huber M-estimator)"

    /// Sandwich estimates of E, A, B, α, β and a = β/(α+β) at log-space optimum `theta`.
    ///
    /// With residuals rᵢ(u) = L̂ᵢ − ln Lᵢ in centred coordinates u, Jacobian rows Jᵢ = ∂rᵢ/∂u and the Huber score
    /// ψ(r) = clamp(r, −δ, δ), the estimator solves Σ ψ(rᵢ) Jᵢ = 0, so (Huber 1967; Stefanski & Boos 2002)
    /// Cov(û) ≈ A⁻¹BA⁻¹ with B = Σ ψ(rᵢ)² JᵢJᵢᵀ and A the expected Hessian Σ E[ψ′(εᵢ)] JᵢJᵢᵀ. With δ = 10⁻³ far
    /// below the scatter of real log-losses only a few per cent of the runs lie inside the threshold (ψ′ = 1), so
    /// A is taken as m̂ Σ JᵢJᵢᵀ, m̂ the fraction inside, rather than Σ over the runs inside alone (whose 5 × 5
    /// shape is then estimated from a few dozen runs); this assumes the density of the log-loss errors at zero
    /// does not depend on N and D. The intervals are asymptotic: with σ = 0.01 log-loss noise they cover at their
    /// nominal level from a few thousand runs (`LossLawSandwichTests`), at 1,000 runs A and α only ≈ 88 % of the
    /// time at 95 %. Huber's (1981,
    /// §7.6) small-sample factor K² = (1 + (p/n) Var(ψ′)/m̂²)², p = 5, and n/(n − p) scale the result; with equal
    /// variances it reduces to Huber's covariance K² [Σψ²/(n − p)] / m̂² (JᵀJ)⁻¹. No intervals ("not identified")
    /// when JᵀJ is singular or ill-conditioned, no run lies inside the threshold, or a standard error is zero or
    /// not finite.
    static func sandwichEstimates(_ data: Objective, at theta: [Double], level: Double) throws -> [FitEstimate] {
        let u = data.centred(theta)
        var a = [Double](repeating: 0, count: 25)
        var b = [Double](repeating: 0, count: 25)
        var row = [Double](repeating: 0, count: 5)
        var insideCount = 0
        for i in data.logL.indices {
            let r = data.residual(u, i, jacobianRow: &row)
            let psi = min(max(r, -data.delta), data.delta)
            if abs(r) <= data.delta { insideCount += 1 }
            for j in 0..<5 {
                for k in j..<5 {
                    let product = row[j] * row[k]
                    a[j * 5 + k] += product
                    b[j * 5 + k] += psi * psi * product
                }
            }
        }
        for j in 0..<5 {
            for k in 0..<j {
                a[j * 5 + k] = a[k * 5 + j]
                b[j * 5 + k] = b[k * 5 + j]
            }
        }
        let n = Double(data.logL.count)
        let point = natural(theta)
        func unidentified(_ why: String) -> [FitEstimate] {
            names.indices.map { k in
                FitEstimate(
                    name: names[k], estimate: point[k], standardError: nil, lower: nil, upper: nil, level: level,
                    method: "not identified (\(why))")
            }
        }
        let inside = Double(insideCount) / n
        guard n > 5, insideCount > 0,
            let inverse = try? SymmetricMatrix(dimension: 5, entries: a).inverse(maximumCondition: conditionLimit)
        else { return unidentified("no runs within the Huber threshold, or JᵀJ singular") }
        let middle = try SymmetricMatrix(dimension: 5, entries: b)
        // Cov(u) = K² (m̂ JᵀJ)⁻¹ B (m̂ JᵀJ)⁻¹ · n/(n − 5), Var(ψ′) = m̂(1 − m̂).
        let k = 1 + 5 / n * inside * (1 - inside) / (inside * inside)
        let factor = k * k / (inside * inside) * n / (n - 5)
        let left = inverse.multiplied(by: middle)
        var covariance = [Double](repeating: 0, count: 25)
        for j in 0..<5 {
            for l in 0..<5 {
                var s = 0.0
                for m in 0..<5 { s += left[j * 5 + m] * inverse[m, l] }
                covariance[j * 5 + l] = s * factor
            }
        }
        // Gradients with respect to u of (ln E, ln A, ln B, α, β, β/(α+β)): a = u₀ + α m_N, b = u₁ + β m_D.
        let (alpha, beta) = (u[3], u[4])
        let sum = alpha + beta
        let gradients: [[Double]] = [
            [0, 0, 1, 0, 0], [1, 0, 0, data.meanLogN, 0], [0, 1, 0, 0, data.meanLogD], [0, 0, 0, 1, 0],
            [0, 0, 0, 0, 1], [0, 0, 0, -beta / (sum * sum), alpha / (sum * sum)],
        ]
        let standardErrors = gradients.map { g in
            var s = 0.0
            for j in 0..<5 {
                for k in 0..<5 { s += g[j] * covariance[j * 5 + k] * g[k] }
            }
            return s.squareRoot()
        }
        guard standardErrors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            return unidentified("zero or undefined sandwich variance")
        }
        let z = try FitStatistics.normalQuantile(level)
        return names.indices.map { k in
            let se = standardErrors[k]
            // E, A, B: normal on the log scale, so the interval stays positive; the reported standard error is the
            // delta-method one on the natural scale.
            let onLogScale = k < 3
            let (lower, upper) =
                onLogScale
                ? (point[k] * Double.exp(-z * se), point[k] * Double.exp(z * se))
                : (point[k] - z * se, point[k] + z * se)
            return FitEstimate(
                name: names[k], estimate: point[k], standardError: onLogScale ? point[k] * se : se, lower: lower,
                upper: upper, level: level, method: sandwichMethod)
        }
    }
}
