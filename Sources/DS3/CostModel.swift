import ScalingCore

/// The attention term of inference cost (Kaplan-style): 2 n_layer d_attn FLOPs per (query token, context token)
/// pair. Generating Ω tokens after a prompt of ω_p tokens costs
/// C_att(Ω) = 2 n_layer d_attn (ω_p² + ω_p Ω + Ω(Ω − 1)/2)   (ds3-theory §3.1).
public struct AttentionCost: Sendable, Hashable {
    /// Number of layers n_layer.
    public let layers: Double
    /// Attention width d_attn.
    public let width: Double
    /// Prompt length ω_p (tokens).
    public let promptTokens: Double
    /// Whether the prompt's own ω_p² term is charged (once per query). One notebook cell omits it.
    public let includesPromptSquare: Bool

    public init(
        layers: Double = 96, width: Double = 12288, promptTokens: Double = 200, includesPromptSquare: Bool = true
    )
        throws(ParameterError)
    {
        self.layers = try Validate.positive(layers, "n_layer")
        self.width = try Validate.positive(width, "d_attn")
        self.promptTokens = try Validate.nonNegative(promptTokens, "prompt tokens")
        self.includesPromptSquare = includesPromptSquare
    }

    /// The GPT-3-sized setting of the notebook: 96 layers, d_attn = 12288, ω_p = 200.
    public static let gpt3: AttentionCost = .init(uncheckedLayers: 96, width: 12288, promptTokens: 200)

    init(uncheckedLayers: Double, width: Double, promptTokens: Double) {
        self.layers = uncheckedLayers
        self.width = width
        self.promptTokens = promptTokens
        self.includesPromptSquare = true
    }

    /// FLOPs per (query, context) token pair, 2 n_layer d_attn.
    public var flopsPerPair: Double { 2 * layers * width }

    /// C_att(Ω) for one chain of Ω generated tokens (with the prompt term if enabled).
    public func flops(generatedTokens omega: Double) -> Double {
        let prompt = includesPromptSquare ? promptTokens * promptTokens : 0
        return flopsPerPair * (prompt + promptTokens * omega + omega * (omega - 1) / 2)
    }
}

/// Expected compute a strategy uses on one query: generated tokens, attention pairs and sequential latency.
/// All three are expectations over the stochastic search; FLOPs follow linearly from them (`CostModel.flops`).
public struct ComputeUsage: Sendable, Hashable {
    /// Expected generated tokens, summed over every chain and branch.
    public var tokens: Double
    /// Expected Σ over generated tokens of (ω_p + position in its own context): the attention pairs.
    public var attentionPairs: Double
    /// Expected latency in sequentially generated tokens: parallel chains/branches cost tokens, not latency.
    public var latencyTokens: Double

    public init(tokens: Double, attentionPairs: Double, latencyTokens: Double) {
        self.tokens = tokens
        self.attentionPairs = attentionPairs
        self.latencyTokens = latencyTokens
    }

    public static let zero = ComputeUsage(tokens: 0, attentionPairs: 0, latencyTokens: 0)

    public static func + (a: ComputeUsage, b: ComputeUsage) -> ComputeUsage {
        ComputeUsage(
            tokens: a.tokens + b.tokens, attentionPairs: a.attentionPairs + b.attentionPairs,
            latencyTokens: a.latencyTokens + b.latencyTokens)
    }

    public static func * (w: Double, a: ComputeUsage) -> ComputeUsage {
        ComputeUsage(tokens: w * a.tokens, attentionPairs: w * a.attentionPairs, latencyTokens: w * a.latencyTokens)
    }
}

/// First two moments of the number of steps S a chain uses (S = min(T_m, K) for chain-of-thought).
public struct StepMoments: Sendable, Hashable {
    /// E[S] (steps).
    public let mean: Double
    /// E[S²] (steps²).
    public let secondMoment: Double

    public init(mean: Double, secondMoment: Double) {
        self.mean = mean
        self.secondMoment = secondMoment
    }

    /// A deterministic step count s (used by the piecewise-linear and Gaussian approximations).
    public static func deterministic(_ s: Double) -> StepMoments { StepMoments(mean: s, secondMoment: s * s) }
}

/// Inference cost model: FLOPs per generated token 2N (N = model parameters) plus, optionally, attention;
/// ω tokens per skill step (ds3-theory §3.1).
public struct CostModel: Sendable, Hashable {
    /// Model size N (parameters; non-embedding in the papers).
    public let parameters: Double
    /// ω: tokens emitted per skill step (25 in the authors' code).
    public let tokensPerStep: Double
    /// The optional attention term; nil for the parameter-only 2N per token.
    public let attention: AttentionCost?

    public init(parameters: Double = 1e10, tokensPerStep: Double = 25, attention: AttentionCost? = nil)
        throws(ParameterError)
    {
        // A model has at least one parameter: N < 1 has no physical meaning (and would be silently extrapolated).
        guard parameters.isFinite, parameters >= 1 else {
            throw ParameterError(parameter: "N (parameters)", value: parameters, validRange: "finite and ≥ 1")
        }
        self.parameters = parameters
        self.tokensPerStep = try Validate.positive(tokensPerStep, "omega (tokens per step)")
        self.attention = attention
    }

    /// Expected FLOPs of a usage: 2N · tokens + 2 n_layer d_attn · (ω_p² + attention pairs).
    public func flops(_ usage: ComputeUsage) -> Double {
        var total = 2 * parameters * usage.tokens
        if let attention {
            let prompt = attention.includesPromptSquare ? attention.promptTokens * attention.promptTokens : 0
            total += attention.flopsPerPair * (prompt + usage.attentionPairs)
        }
        return total
    }

    /// Prompt length ω_p (0 without the attention term).
    public var promptTokens: Double { attention?.promptTokens ?? 0 }

    /// Usage of `chains` independent chains, each generating `width` parallel candidates per step for a step
    /// count with the given moments; each chain has its own context (prompt + its own tokens).
    /// - Parameters:
    ///   - chains: independent chains (each with its own context).
    ///   - width: parallel candidates per step in each chain.
    ///   - steps: moments of the step count of one chain.
    ///   - latencySteps: expected sequential steps of the whole strategy.
    public func usage(chains: Double, width: Double, steps: StepMoments, latencySteps: Double) -> ComputeUsage {
        let w = tokensPerStep
        let tokensPerChain = width * w * steps.mean
        // Σ_{c=0}^{Ω−1} (ω_p + c) = ω_p Ω + Ω(Ω − 1)/2 with Ω = ω S, in expectation over S.
        let pairsPerChain = width * (promptTokens * w * steps.mean + (w * w * steps.secondMoment - w * steps.mean) / 2)
        return ComputeUsage(
            tokens: chains * tokensPerChain, attentionPairs: chains * pairsPerChain,
            latencyTokens: w * latencySteps)
    }
}

/// Closed-form result of a strategy on a task at a budget: success probability and expected cost.
public struct StrategyEvaluation: Sendable, Hashable {
    /// Success probability P(task solved).
    public let success: Double
    /// Failure probability 1 − P, computed directly (full relative precision near P = 1) by the strategies whose
    /// closed form allows it (CoT, best-of-N, majority voting, refinement); 1 − success otherwise.
    public let failure: Double
    /// Expected tokens, attention pairs and latency.
    public let usage: ComputeUsage
    /// Expected FLOPs under the cost model used.
    public let flops: Double

    public init(success: Double, usage: ComputeUsage, cost: CostModel) {
        self.init(success: success, failure: 1 - success, usage: usage, flops: cost.flops(usage))
    }

    public init(success: Double, failure: Double, usage: ComputeUsage, cost: CostModel) {
        self.init(success: success, failure: failure, usage: usage, flops: cost.flops(usage))
    }

    public init(success: Double, usage: ComputeUsage, flops: Double) {
        self.init(success: success, failure: 1 - success, usage: usage, flops: flops)
    }

    public init(success: Double, failure: Double, usage: ComputeUsage, flops: Double) {
        self.success = success
        self.failure = failure
        self.usage = usage
        self.flops = flops
    }

    /// Expected generated tokens (all chains and branches).
    public var tokens: Double { usage.tokens }
    /// Expected latency in sequentially generated tokens.
    public var latency: Double { usage.latencyTokens }
}
