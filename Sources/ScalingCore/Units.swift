/// Model size N: number of parameters (Chinchilla counts all parameters, embeddings included).
public struct Parameters: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Double
    public init(_ value: Double) throws(ParameterError) { self.value = try Validate.positive(value, "N (parameters)") }
    public static func < (l: Self, r: Self) -> Bool { l.value < r.value }
    public var description: String { "\(value) parameters" }
}

/// A number of tokens: training data D, or inference tokens.
public struct Tokens: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Double
    public init(_ value: Double) throws(ParameterError) { self.value = try Validate.nonNegative(value, "tokens") }
    public static func < (l: Self, r: Self) -> Bool { l.value < r.value }
    public var description: String { "\(value) tokens" }
}

/// A compute budget in floating-point operations.
public struct FLOPs: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Double
    public init(_ value: Double) throws(ParameterError) {
        self.value = try Validate.nonNegative(value, "compute (FLOPs)")
    }
    public static func < (l: Self, r: Self) -> Bool { l.value < r.value }
    public var description: String { "\(value) FLOPs" }

    /// Training compute of the standard approximation C = 6 N D.
    public static func training(parameters: Parameters, tokens: Tokens) throws(ParameterError) -> FLOPs {
        try FLOPs(6 * parameters.value * tokens.value)
    }

    /// Inference compute of the parameter-only approximation 2 N per generated token.
    public static func inference(parameters: Parameters, tokens: Tokens) throws(ParameterError) -> FLOPs {
        try FLOPs(2 * parameters.value * tokens.value)
    }
}
