import RealModule
import ScalingCore

/// The concept–text layer G₁ of the tripartite graph (Nayak & Varshney §2 of the reference notes).
///
/// R concepts still have to be learned; R̄ = R(1 − ε)/ε are known already, so n = R/ε concept nodes in total and a
/// fraction ε of them is "erased". Each of the T text pieces joins each concept node independently with
/// probability p = d_t/R (clipped to 1), so a text holds d_t to-be-learned concepts on average.
public struct ConceptTextGraph: Sendable, Equatable {
    /// R: concepts to be learned (model size N = ςR).
    public let concepts: Double
    /// T: text pieces (data size D = τT).
    public let texts: Double
    /// d_t: mean number of to-be-learned concepts per text (notebook: 6).
    public let textDegree: Double
    /// ε: fraction of concept nodes unknown at the start (BEC erasure probability; notebook: 0.5).
    public let erasure: Double

    public init(concepts: Double, texts: Double, textDegree: Double = 6, erasure: Double = 0.5) throws {
        self.concepts = try Validate.inRange(concepts, "R (concepts)", 1, .greatestFiniteMagnitude)
        self.texts = try Validate.inRange(texts, "T (texts)", 1, .greatestFiniteMagnitude)
        self.textDegree = try Validate.positive(textDegree, "d_t (text degree)")
        self.erasure = try Validate.probability(erasure, "ε (erasure)", .lowerOpen)
    }

    /// n = R/ε: all concept nodes (block length of the analogous code).
    public var conceptNodes: Double { concepts / erasure }
    /// p = min(1, d_t/R): probability that a given text contains a given concept.
    public var edgeProbability: Double { min(1, textDegree / concepts) }
    /// d_s = d_t T/R: mean number of texts per concept.
    public var meanConceptDegree: Double { textDegree * texts / concepts }
    /// d̄_t = d_t/ε: mean number of concepts (known or not) per text.
    public var meanTextDegree: Double { textDegree / erasure }
    /// T/R: texts per concept.
    public var textsPerConcept: Double { texts / concepts }

    /// The finite binomial–binomial ensemble λ_T, ρ̃_R.
    public func ensemble() throws -> BinomialEnsemble {
        try BinomialEnsemble(variableTrials: texts, checkTrials: conceptNodes, edgeProbability: edgeProbability)
    }

    /// The large-R Poisson limit at the same T/R.
    public func poissonEnsemble() throws -> PoissonEnsemble {
        try PoissonEnsemble(meanConceptDegree: meanConceptDegree, meanTextDegree: meanTextDegree)
    }
}

/// Physical units of the graph: parameters per concept ς, tokens per text τ, and FLOPs per parameter-token.
/// The notebook's calibration (ς = 2e5, τ = 8e5, C = 6ND) puts the compute-optimal curve near Chinchilla's
/// 63e9 parameters and 1.4e12 tokens at 5.73e23 FLOPs (§9.13: fitted, not derived).
public struct TrainingScales: Sendable, Equatable, Hashable {
    /// ς: parameters per concept, N = ςR.
    public let parametersPerConcept: Double
    /// τ: tokens per text piece, D = τT.
    public let tokensPerText: Double
    /// C = (FLOPs per parameter-token)·N·D; 6 for training.
    public let flopsPerParameterToken: Double

    public init(parametersPerConcept: Double, tokensPerText: Double, flopsPerParameterToken: Double = 6) throws {
        self.parametersPerConcept = try Validate.positive(parametersPerConcept, "ς (parameters per concept)")
        self.tokensPerText = try Validate.positive(tokensPerText, "τ (tokens per text)")
        self.flopsPerParameterToken = try Validate.positive(flopsPerParameterToken, "FLOPs per parameter-token")
    }

    /// ς = 2e5, τ = 8e5, C = 6ND (the notebook's calibration).
    public static let published = TrainingScales(uncheckedς: 2e5, τ: 8e5, flops: 6)

    private init(uncheckedς: Double, τ: Double, flops: Double) {
        parametersPerConcept = uncheckedς
        tokensPerText = τ
        flopsPerParameterToken = flops
    }

    /// R = N/ς.
    public func concepts(parameters N: Double) -> Double { N / parametersPerConcept }
    /// T = D/τ.
    public func texts(tokens D: Double) -> Double { D / tokensPerText }
    /// N = ςR.
    public func parameters(concepts R: Double) -> Double { R * parametersPerConcept }
    /// D = τT.
    public func tokens(texts T: Double) -> Double { T * tokensPerText }
    /// Graph compute F = R·T for training compute C: F = C/(6ςτ).
    public func graphCompute(flops C: Double) -> Double {
        C / (flopsPerParameterToken * parametersPerConcept * tokensPerText)
    }
    /// C = 6ςτF.
    public func flops(graphCompute F: Double) -> Double {
        F * flopsPerParameterToken * parametersPerConcept * tokensPerText
    }
}
