import Foundation

/// The most work a command starts without being asked for less: about a minute of a release build on a 2-core
/// machine, from a measured rate.
///
/// Each long-running computation estimates its work in its own unit before it allocates anything (graph
/// operations for peeling, skill steps for traversal simulation, local fits for multi-start searches, run-fits
/// for the bootstrap) and calls `check`. The limit is the same on every machine — rate × cores × 60 s at the
/// reference 2 cores — so a request refused here is refused everywhere, with the same message. The rates and how
/// they were measured are in Benchmarks/README.md ("Work bounds").
public struct WorkBound: Sendable, Equatable {
    /// What one unit of work is, e.g. "graph operations".
    public let unit: String
    /// Units one core does per second in a release build (measured; see Benchmarks/README.md).
    public let ratePerCoreSecond: Double
    /// Whether the work runs on every core (`Parallel.map`) or on one.
    public let parallel: Bool

    /// Wall-clock seconds the bound allows: about a minute.
    public static let seconds = 60.0
    /// Cores the limit assumes for parallel work: the development machine's 2.
    public static let referenceCores = 2.0

    /// Package access: a bound is a constant of the package's code (a measured rate), never user input, so the
    /// precondition cannot be reached from outside.
    ///
    /// - Precondition: `ratePerCoreSecond` finite and > 0.
    package init(unit: String, ratePerCoreSecond: Double, parallel: Bool) {
        precondition(ratePerCoreSecond.isFinite && ratePerCoreSecond > 0, "a work rate is finite and > 0")
        self.unit = unit
        self.ratePerCoreSecond = ratePerCoreSecond
        self.parallel = parallel
    }

    /// Units of work allowed: rate × cores × `seconds`.
    public var limit: Double { ratePerCoreSecond * (parallel ? Self.referenceCores : 1) * Self.seconds }

    /// Estimated wall-clock seconds for `work` units at the measured rate on the reference cores.
    public func seconds(for work: Double) -> Double {
        work / (ratePerCoreSecond * (parallel ? Self.referenceCores : 1))
    }

    /// Refuses `work` above `limit` (or not finite), before anything is allocated.
    ///
    /// - Parameters:
    ///   - work: the estimate, in `unit`.
    ///   - parameter: the flag or parameter to name (usually the count that multiplies the work), e.g. "--repeats".
    ///   - value: its value as given.
    ///   - formula: how the estimate is formed, e.g. "repeats × (n + T (1 + d_t))".
    ///   - lower: what to do, e.g. "lower --repeats, --texts or --concepts".
    /// - Throws: `ParameterError` naming `parameter`, `value`, the limit, the estimate and its time.
    public func check(
        _ work: Double, parameter: String, value: String, formula: String, lower: String
    ) throws(ParameterError) {
        guard work.isFinite, work <= limit else {
            let time = work.isFinite ? " (about \(Self.duration(seconds(for: work))))" : ""
            throw ParameterError(
                parameter: parameter, value: value,
                validRange:
                    "such that \(formula) ≤ \(Self.short(limit)) \(unit) (about a minute on \(parallel ? "2 cores" : "one core")); the "
                    + "estimate is \(Self.short(work)) \(unit)\(time): \(lower)")
        }
    }

    /// A number to 2 significant digits, as people read an estimate: "4.8e+09", "12", "0.35".
    static func short(_ value: Double) -> String { String(format: "%.2g", value) }

    /// A duration in words at a readable scale: "40 s", "12 minutes", "3.5 hours", "2e+03 days" (2 significant digits).
    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<120: "\(Self.short(seconds)) s"
        case ..<7200: "\(Self.short(seconds / 60)) minutes"
        case ..<172_800: "\(Self.short(seconds / 3600)) hours"
        default: "\(Self.short(seconds / 86_400)) days"
        }
    }
}
