/// A user-facing parameter outside its valid range: names the parameter, the value and the range.
///
/// Library code throws it at the boundary; the `ds3` command maps it to one line on stderr and exit status 2.
public struct ParameterError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Parameter name as the user knows it (paper symbol or command-line option), e.g. "r" or "--compute".
    public let parameter: String
    /// The offending value, printed.
    public let value: String
    /// The valid range in words, e.g. "(0, 1]" or "finite and ≥ 0".
    public let validRange: String

    public init(parameter: String, value: String, validRange: String) {
        self.parameter = parameter
        self.value = value
        self.validRange = validRange
    }

    public init(parameter: String, value: Double, validRange: String) {
        self.init(parameter: parameter, value: "\(value)", validRange: validRange)
    }

    public var description: String {
        "invalid \(parameter) = \(value): must be \(validRange)"
    }

    /// The same error naming `flag` where the library named `parameter` (e.g. "--bootstrap" for the fit's
    /// "bootstrapReplicates"), so a command's message speaks its user's flags; any other error unchanged.
    public func naming(_ flag: String, for parameter: String) -> ParameterError {
        self.parameter == parameter ? ParameterError(parameter: flag, value: value, validRange: validRange) : self
    }

    /// Runs `body`; a `ParameterError` naming the library's `parameter` comes out naming `flag` instead.
    public static func naming<T>(_ flag: String, for parameter: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ParameterError { throw error.naming(flag, for: parameter) }
    }
}

/// Boundary validation helpers. Each returns the value so it can be used inline:
/// `self.r = try Validate.probability(r, "r", open: .lower)`.
public enum Validate {
    /// Which ends of [0, 1] are excluded.
    public enum Openness: Sendable { case closed, lowerOpen, upperOpen, open }

    /// A probability in [0, 1] (or with the given ends excluded).
    @discardableResult
    @inlinable public static func probability(_ value: Double, _ name: String, _ openness: Openness = .closed)
        throws(ParameterError)
        -> Double
    {
        let (lowerOK, upperOK, range): (Bool, Bool, String)
        switch openness {
        case .closed: (lowerOK, upperOK, range) = (value >= 0, value <= 1, "in [0, 1]")
        case .lowerOpen: (lowerOK, upperOK, range) = (value > 0, value <= 1, "in (0, 1]")
        case .upperOpen: (lowerOK, upperOK, range) = (value >= 0, value < 1, "in [0, 1)")
        case .open: (lowerOK, upperOK, range) = (value > 0, value < 1, "in (0, 1)")
        }
        guard !value.isNaN, lowerOK, upperOK else {
            throw ParameterError(parameter: name, value: value, validRange: range)
        }
        return value
    }

    /// A finite number > 0.
    @discardableResult
    @inlinable public static func positive(_ value: Double, _ name: String) throws(ParameterError) -> Double {
        guard value.isFinite, value > 0 else {
            throw ParameterError(parameter: name, value: value, validRange: "finite and > 0")
        }
        return value
    }

    /// A finite number ≥ 0.
    @discardableResult
    @inlinable public static func nonNegative(_ value: Double, _ name: String) throws(ParameterError) -> Double {
        guard value.isFinite, value >= 0 else {
            throw ParameterError(parameter: name, value: value, validRange: "finite and ≥ 0")
        }
        return value
    }

    /// Any finite number.
    @discardableResult
    @inlinable public static func finite(_ value: Double, _ name: String) throws(ParameterError) -> Double {
        guard value.isFinite else { throw ParameterError(parameter: name, value: value, validRange: "finite") }
        return value
    }

    /// A finite number in the closed interval [lower, upper].
    @discardableResult
    @inlinable public static func inRange(_ value: Double, _ name: String, _ lower: Double, _ upper: Double)
        throws(ParameterError)
        -> Double
    {
        guard value.isFinite, value >= lower, value <= upper else {
            throw ParameterError(parameter: name, value: value, validRange: "in [\(lower), \(upper)]")
        }
        return value
    }

    /// A count ≥ `minimum` (default 1).
    @discardableResult
    @inlinable public static func count(_ value: Int, _ name: String, minimum: Int = 1) throws(ParameterError) -> Int {
        guard value >= minimum else {
            throw ParameterError(parameter: name, value: "\(value)", validRange: "an integer ≥ \(minimum)")
        }
        return value
    }
}

extension ParameterError {
    /// A well-formed question without an answer: the constraints of an optimum cannot all hold at this value of
    /// `parameter` (a budget below the inference demand alone, fewer than one parameter or training token, a loss
    /// at or below the irreducible term, a target no allocation reaches). `feasibleRange` gives the limit, e.g.
    /// "≥ 2.0e30 FLOPs"; `constraint` names the binding constraint. Printed as
    /// "invalid compute = 1e20: must be ≥ 2.0e30 FLOPs (binding constraint: …)".
    public static func infeasible(
        _ parameter: String, _ value: Double, feasibleRange: String, constraint: String
    ) -> ParameterError {
        ParameterError(
            parameter: parameter, value: value, validRange: "\(feasibleRange) (binding constraint: \(constraint))")
    }

    /// True for an error made by `infeasible`.
    public var isInfeasibility: Bool { validRange.contains("(binding constraint: ") }
}
