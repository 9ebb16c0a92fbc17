import GSL
import RealModule
import ScalingCore
import Tripartite

/// The link from training to inference (ds3-theory §4.2): the tripartite model turns training compute C_tr into
/// per-level skill competence p_l and reachability γ_l; a task (l, m) is re-expressed at every learned level l'
/// (m' skills, relevant set M' = ⌈(1+β)m'⌉, per-step success r' = p_l' (ρ/M' + 1 − ρ) q(p_l'), q(p) = p) and
/// solved by chain-of-thought at the level of highest accuracy γ_l'^{m'} I_{r'}(m', K − m' + 1), K = C_inf/(2Nω).
public struct TripartiteLink: Sendable, Hashable {
    /// How faithfully to follow the authors' released code.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// As released (`compute_optimal_utils_v6`): P̄ = 1 (the LDPC result is never propagated), real-valued K
        /// in I_r(m, K − m + 1), cost 2Nω min(K, m*/r*) for the chosen level.
        case published
        /// As the theory intends: P̄ = 1 − P_b/ε, the learned-concept probability of the LDPC (peeling) model on
        /// R = N/ζ concepts and T = D/τ texts; whole-step budgets ⌊K⌋; exact expected steps including the γ^m
        /// reachability factor (an unreachable task spends the whole budget).
        case theory
    }

    /// Constants of the instantiation (defaults: the authors' final figures), immutable and checked when made
    /// (each in its own valid range; the ranges that involve several constants are checked by `TripartiteLink`).
    public struct Constants: Sendable, Hashable {
        /// L, skill levels (≥ 1).
        public let levels: Int
        /// L_min (≥ 1).
        public let minLevel: Int
        /// L_max (L_min ≤ L_max ≤ L, checked by `TripartiteLink`).
        public let maxLevel: Int
        /// m_min (≥ 1).
        public let minSkills: Int
        /// m_max (≥ m_min, checked by `TripartiteLink`).
        public let maxSkills: Int
        /// S_l, skills per level (> 0).
        public let skillsPerLevel: Double
        /// d_t, concepts per text (> 0).
        public let textDegree: Double
        /// ζ, parameters per concept (> 0).
        public let parametersPerConcept: Double
        /// τ, tokens per text (> 0).
        public let tokensPerText: Double
        /// ω, tokens per skill step (> 0).
        public let tokensPerStep: Double
        /// κ = D/N (> 0).
        public let tokensPerParameter: Double
        /// β, distractors per required skill (≥ 0).
        public let distractorRatio: Double
        /// ρ ∈ [0, 1]: 1 uniform search, 0 perfectly directed.
        public let directionality: Double
        /// η, support threshold (≥ 0).
        public let supportThreshold: Double
        /// δ ∈ (0, 1), union-bound failure probability.
        public let unionDelta: Double
        /// ε ∈ (0, 1], text erasure probability.
        public let erasure: Double

        /// - Throws: `ParameterError` naming the first constant outside its range.
        public init(
            levels: Int = 100, minLevel: Int = 60, maxLevel: Int = 70, minSkills: Int = 2, maxSkills: Int = 15,
            skillsPerLevel: Double = 1e4, textDegree: Double = 6, parametersPerConcept: Double = 2.5e3,
            tokensPerText: Double = 1e4, tokensPerStep: Double = 25, tokensPerParameter: Double = 20,
            distractorRatio: Double = 5, directionality: Double = 0.5, supportThreshold: Double = 5,
            unionDelta: Double = 1e-5, erasure: Double = 0.5
        ) throws(ParameterError) {
            self.levels = try Validate.count(levels, "L")
            self.minLevel = try Validate.count(minLevel, "L_min")
            self.maxLevel = try Validate.count(maxLevel, "L_max")
            self.minSkills = try Validate.count(minSkills, "m_min")
            self.maxSkills = try Validate.count(maxSkills, "m_max")
            self.skillsPerLevel = try Validate.positive(skillsPerLevel, "S_l")
            self.textDegree = try Validate.positive(textDegree, "d_t")
            self.parametersPerConcept = try Validate.positive(parametersPerConcept, "zeta (parameters per concept)")
            self.tokensPerText = try Validate.positive(tokensPerText, "tau (tokens per text)")
            self.tokensPerStep = try Validate.positive(tokensPerStep, "omega (tokens per step)")
            self.tokensPerParameter = try Validate.positive(tokensPerParameter, "kappa (tokens per parameter)")
            self.distractorRatio = try Validate.nonNegative(distractorRatio, "beta")
            self.directionality = try Validate.inRange(directionality, "rho", 0, 1)
            self.supportThreshold = try Validate.nonNegative(supportThreshold, "eta (support threshold)")
            self.unionDelta = try Validate.probability(unionDelta, "delta (union bound)", .open)
            self.erasure = try Validate.probability(erasure, "epsilon (erasure)", .lowerOpen)
        }

        /// ξ_l = exp(−10 l / L): fraction of concepts connected to a level-l skill.
        public func xi(_ l: Int) -> Double { Double.exp(-10 * Double(l) / Double(levels)) }
        /// σ_l = ½ ln l (σ_1 = 0): prerequisites of a level-l skill.
        public func sigma(_ l: Int) -> Double { 0.5 * Double.log(Double(l)) }
    }

    public let constants: Constants
    public let mode: Mode

    /// - Parameters:
    ///   - given: the constants; nil for the authors' defaults (`Constants()`).
    ///   - mode: `.theory` (default) or `.published` (the released code).
    public init(constants given: Constants? = nil, mode: Mode = .theory) throws(ParameterError) {
        let constants: Constants
        if let given { constants = given } else { constants = try Constants() }
        try Validate.count(constants.levels, "L")
        try Validate.count(constants.minLevel, "L_min")
        guard constants.minLevel <= constants.maxLevel, constants.maxLevel <= constants.levels else {
            throw ParameterError(
                parameter: "L_max", value: "\(constants.maxLevel)", validRange: "L_min ≤ L_max ≤ L")
        }
        try Validate.count(constants.minSkills, "m_min")
        guard constants.minSkills <= constants.maxSkills else {
            throw ParameterError(parameter: "m_max", value: "\(constants.maxSkills)", validRange: "≥ m_min")
        }
        self.constants = constants
        self.mode = mode
    }

    /// Model of C_tr: R = √(C_tr/(6κζ²)) concepts, N = ζR parameters, D = κN tokens.
    public func model(trainingCompute: Double) throws(ParameterError) -> (
        concepts: Double, parameters: Double, tokens: Double
    ) {
        try Validate.positive(trainingCompute, "C_tr")
        let c = constants
        let R = (trainingCompute / (6 * c.tokensPerParameter * c.parametersPerConcept * c.parametersPerConcept))
            .squareRoot()
        let N = c.parametersPerConcept * R
        return (R, N, c.tokensPerParameter * N)
    }

    /// Per-level competence p_l and giant-component fraction γ_l, l = 1…L (index 0 holds γ_0 = 1, p_0 = 1).
    public struct Competence: Sendable, Hashable {
        public let p: [Double]
        public let gamma: [Double]
        /// P̄ used.
        public let learnedConcepts: Double
    }

    /// Learned-concept probability P̄ for C_tr under the mode.
    public func learnedConceptProbability(trainingCompute: Double) throws -> Double {
        switch mode {
        case .published: return 1
        case .theory:
            let (R, _, D) = try model(trainingCompute: trainingCompute)
            return try ConceptLearning.learnedProbability(
                concepts: R, texts: D / constants.tokensPerText, textDegree: constants.textDegree,
                erasure: constants.erasure, mode: .corrected)
        }
    }

    /// Steps 1–6 of §4.2: μ_l, the Chernoff lower bound d_l, the KL term, prerequisites and the giant component.
    public func competence(trainingCompute: Double, learnedConcepts: Double? = nil) throws -> Competence {
        try competence(supportKey: supportKey(trainingCompute: trainingCompute, learnedConcepts: learnedConcepts))
    }

    /// term1_l of §4.2: probability that a level-l skill has at least η learned supporting concepts, from the
    /// Chernoff lower bound d_l = max(0, 0.99 μ_l (1 − √(2 ln(S_l/δ)/μ_l))) on its μ_l = ξ_l R/S_l connections:
    /// 0 if η > d_l; 1 − exp(−d_l KL(η/d_l ‖ P̄)) if η/d_l < P̄; else exp(−d_l KL)/√(2 d_l). With P̄ = 1 it is the
    /// indicator 1{d_l > η} (at d_l = η exactly, the released code's second branch gives 1/√(2η)).
    public func supportProbability(level l: Int, concepts R: Double, learnedConcepts pBar: Double) -> Double {
        let c = constants
        let S = c.skillsPerLevel
        let mu = c.xi(l) * R / S
        guard mu > 0 else { return 0 }
        let d = max(0, 0.99 * mu * (1 - (2 * Double.log(S / c.unionDelta) / mu).squareRoot()))
        if c.supportThreshold > d || !(d > 0) { return 0 }
        let x = c.supportThreshold / d
        let kl = Self.bernoulliKL(x, pBar)
        return x < pBar ? -Double.expMinusOne(-d * kl) : Double.exp(-d * kl) / (2 * d).squareRoot()
    }

    /// Σ_{l=1}^{L} term1_l for a model trained with C_tr at κ tokens per parameter (F20: no prerequisite factor).
    public func supportSum(trainingCompute: Double, tokensPerParameter kappa: Double, learnedConcepts pBar: Double = 1)
        throws(ParameterError) -> Double
    {
        try Validate.positive(trainingCompute, "C_tr")
        try Validate.positive(kappa, "kappa")
        let N = (trainingCompute / (6 * kappa)).squareRoot()
        let R = N / constants.parametersPerConcept
        return (1...constants.levels).reduce(0.0) {
            $0 + supportProbability(level: $1, concepts: R, learnedConcepts: pBar)
        }
    }

    /// Bernoulli KL(x ‖ y) in nats; +∞ where undefined (the released code maps NaN/∞ to +∞).
    static func bernoulliKL(_ x: Double, _ y: Double) -> Double {
        func term(_ a: Double, _ b: Double) -> Double {
            if a == 0 { return 0 }
            if b == 0 { return .infinity }
            return a * Double.log(a / b)
        }
        let v = term(x, y) + term(1 - x, 1 - y)
        return v.isNaN ? .infinity : v
    }

    /// Outcome of a task at given training and inference compute.
    public struct TaskOutcome: Sendable, Hashable {
        /// Success probability.
        public let accuracy: Double
        /// Expected inference FLOPs used (≤ allocation).
        public let computeUsed: Double
        /// Level l* used (0 if none).
        public let level: Int
        /// Required skills m* and per-step success r* at that level.
        public let skills: Int
        public let stepSuccess: Double
    }

    /// m' for task (l, m) re-expressed at level l'.
    public func reexpressedSkills(level l: Int, skills m: Int, at lp: Int) -> Int {
        if lp == l { return m }
        var product = 1.0
        if lp < l {
            for k in (lp + 1)...l { product *= constants.sigma(k) }
            return Int((Double(m) * product).rounded(.up))
        }
        for k in (l + 1)...lp { product *= constants.sigma(k) }
        return max(Int((Double(m) / product).rounded(.up)), 2)
    }

    /// Best-level chain-of-thought on task (l, m) with per-task inference compute C_inf (FLOPs).
    public func evaluate(
        level l: Int, skills m: Int, competence: Competence, parameters N: Double, inferenceCompute: Double
    ) throws -> TaskOutcome {
        try Validate.count(l, "level")
        try Validate.count(m, "m")
        try Validate.nonNegative(inferenceCompute, "C_inf")
        let c = constants
        let perStep = 2 * N * c.tokensPerStep
        let realK = inferenceCompute / perStep
        let K = mode == .published ? realK : realK.rounded(.down)
        var best = 0.0
        var bestLevel = 0
        var bestM = 0
        var bestR = 0.0
        for lp in 1...c.maxLevel {
            let g = competence.gamma[lp]
            if g == 0 { break }
            let mp = reexpressedSkills(level: l, skills: m, at: lp)
            let M = (Double(mp) + c.distractorRatio * Double(mp)).rounded(.up)
            let pl = competence.p[lp]
            let r = pl * (c.directionality / M + 1 - c.directionality) * pl
            let b = K - Double(mp) + 1
            if b <= 0 || r <= 0 { continue }
            let acc =
                Double.exp(Double(mp) * Double.log(g))
                * (try NegativeBinomialTail.regularized(a: Double(mp), b: b, x: r))
            if acc > best {
                best = acc
                bestLevel = lp
                bestM = mp
                bestR = r
            }
        }
        guard bestLevel > 0 else {
            return TaskOutcome(accuracy: 0, computeUsed: perStep * realK, level: 0, skills: 0, stepSuccess: 0)
        }
        let steps = try expectedSteps(m: bestM, r: bestR, budget: K, reach: competence.gamma[bestLevel])
        return TaskOutcome(
            accuracy: best, computeUsed: perStep * steps, level: bestLevel, skills: bestM, stepSuccess: bestR)
    }

    /// Population outcome over φ(l, m) uniform on {L_min…L_max} × {m_min…m_max}.
    public struct PopulationOutcome: Sendable, Hashable {
        /// E[acc](C_tr, C_inf).
        public let accuracy: Double
        /// E[C_inf used] (FLOPs per task).
        public let computeUsed: Double
        /// Expected tokens per task, E[C_inf]/(2N).
        public let tokens: Double
        /// Model size N of C_tr.
        public let parameters: Double
    }

    public func population(trainingCompute: Double, inferenceCompute: Double, competence given: Competence? = nil)
        throws -> PopulationOutcome
    {
        let (_, N, _) = try model(trainingCompute: trainingCompute)
        let comp = try given ?? competence(trainingCompute: trainingCompute)
        let c = constants
        var acc = 0.0
        var used = 0.0
        var count = 0.0
        for l in c.minLevel...c.maxLevel {
            for m in c.minSkills...c.maxSkills {
                let o = try evaluate(
                    level: l, skills: m, competence: comp, parameters: N, inferenceCompute: inferenceCompute)
                acc += o.accuracy
                used += o.computeUsed
                count += 1
            }
        }
        return PopulationOutcome(
            accuracy: acc / count, computeUsed: used / count, tokens: used / count / (2 * N), parameters: N)
    }
}

extension TripartiteLink {
    /// Expected steps of the chosen chain at budget K: the released code's min(K, m/r) in `.published` mode; in
    /// `.theory` the exact CoT expectation when all m skills are reachable (probability γ^m), else the whole budget.
    func expectedSteps(m: Int, r: Double, budget K: Double, reach gamma: Double) throws -> Double {
        switch mode {
        case .published:
            return min(K, Double(m) / r)
        case .theory:
            let reach = Double.exp(Double(m) * Double.log(gamma))
            let chain = try ChainOfThought.expectedSteps(m: m, r: r, steps: K)
            return reach * chain + (1 - reach) * K
        }
    }
}
