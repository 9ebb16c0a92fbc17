import RealModule
import ScalingCore

extension TripartiteLink {
    /// The training computes C_tr (FLOPs) at which a level's support indicator switches on, in ascending order: the
    /// C_tr where the Chernoff bound d_l = 0.99 μ_l (1 − √(2 ln(S_l/δ)/μ_l)) of level l reaches η: the smallest
    /// double at which `supportProbability` returns 1 (the closed form, corrected by a few ulps). With √μ = s and c = √(2 ln(S_l/δ)),
    /// d_l = η is 0.99 (s² − c s) = η, so s = (c + √(c² + 4η/0.99))/2, R_l = s² S_l/ξ_l and C_tr = 6κζ² R_l².
    ///
    /// In `.published` mode (P̄ = 1) the support probabilities are indicators, so the competence (p_l, γ_l) is
    /// constant between consecutive thresholds: a function of C_tr that depends on the competence alone changes
    /// only at these points. Levels whose bound never reaches η (S_l ≤ δ) have no threshold.
    public func competenceThresholds() -> [Double] {
        let c = constants
        let logRatio = Double.log(c.skillsPerLevel / c.unionDelta)
        guard logRatio > 0 else { return [] }
        let root = (2 * logRatio).squareRoot()
        let s = (root + (root * root + 4 * c.supportThreshold / 0.99).squareRoot()) / 2
        let perConcept = 6 * c.tokensPerParameter * c.parametersPerConcept * c.parametersPerConcept
        var thresholds: [Double] = []
        for l in 1...c.levels {
            let R = s * s * c.skillsPerLevel / c.xi(l)
            let estimate = perConcept * R * R
            guard estimate.isFinite, estimate > 0 else { continue }
            func on(_ trainingCompute: Double) -> Bool {
                let concepts = (trainingCompute / perConcept).squareRoot()
                return supportProbability(level: l, concepts: concepts, learnedConcepts: 1) == 1
            }
            // Rounding puts the closed form a few ulps from the switch: bracket it (off at `low`, on at `high`,
            // steps doubling from one ulp) and bisect to adjacent doubles; the indicator is monotone in C_tr.
            var high = estimate
            var step = estimate.ulp
            while !on(high) && high.isFinite {
                high += step
                step *= 2
            }
            var low = high
            step = high.ulp
            while on(low) && low > step {
                low = high - step
                step *= 2
            }
            guard on(high), !on(low) else { continue }
            while low.nextUp < high {
                let middle = low + (high - low) / 2
                if on(middle) { high = middle } else { low = middle }
            }
            let trainingCompute = high
            thresholds.append(trainingCompute)
        }
        return thresholds.sorted()
    }
}
