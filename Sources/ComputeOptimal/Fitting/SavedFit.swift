import DS3
import Foundation
import GSL
import RealModule
import ScalingCore

/// A fit written by `ds3 fit … --save FILE.json` and read back by the solvers (schema: docs/fit-schema.md,
/// version 1): the kind of fit, the fitted parameters by name and the bootstrap replicates in the same form.
///
/// Library path:
/// ```swift
/// let file = try SavedFitFile.load("my-model.json")
/// let law = try file.fit(.lossLaw).lossLaw()                 // a ChinchillaLossLaw
/// let tasks = try file.fit(.budgetPopulation).taskPopulation() // a DS3 TaskPopulation
/// ```
public struct SavedFit: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// `ds3 fit budget --model task`: m, r, tokensPerStep.
        case budgetTask = "budget-task"
        /// `ds3 fit budget --model population`: m, A, alpha, beta, tokensPerStep.
        case budgetPopulation = "budget-population"
        /// `ds3 fit loss`: E, A, B, alpha, beta of L(N, D) = E + A N^−α + B D^−β.
        case lossLaw = "loss-law"
        /// `ds3 fit passk`: A, alpha, beta of the Beta population of single-sample success.
        case passAtN = "pass-at-n"
        /// `ds3 fit mv` and `ds3 fit directionality`: parameters recorded for reference (not read by solvers).
        case other
    }

    public var kind: Kind
    /// The curve's label (the `model` column), "" for a single curve.
    public var model: String
    /// The data file the fit came from.
    public var source: String
    public var parameters: [String: Double]
    /// One parameter set per bootstrap replicate (empty without intervals).
    public var replicates: [[String: Double]]
    /// The saved-fit file this was read from (not stored), named in errors.
    public var origin: String = ""

    enum CodingKeys: String, CodingKey {
        case kind, model, source, parameters, replicates
    }

    public init(
        kind: Kind, model: String = "", source: String = "", parameters: [String: Double],
        replicates: [[String: Double]] = []
    ) {
        self.kind = kind
        self.model = model
        self.source = source
        self.parameters = parameters
        self.replicates = replicates
    }

    static func values(_ p: BudgetTaskFit.Parameters) -> [String: Double] {
        ["m": Double(p.m), "r": p.r, "tokensPerStep": p.tokensPerStep]
    }

    static func values(_ p: BudgetPopulationFit.Parameters) -> [String: Double] {
        [
            "m": Double(p.m), "A": p.population.solvable, "alpha": p.population.alpha, "beta": p.population.beta,
            "tokensPerStep": p.tokensPerStep,
        ]
    }

    static func values(_ law: ChinchillaLossLaw) -> [String: Double] {
        ["E": law.E, "A": law.A, "B": law.B, "alpha": law.alpha, "beta": law.beta]
    }

    public init(budgetTask fit: BudgetTaskFit, model: String = "", source: String = "") {
        self.init(
            kind: .budgetTask, model: model, source: source, parameters: Self.values(fit.parameters),
            replicates: fit.replicates.map(Self.values))
    }

    public init(budgetPopulation fit: BudgetPopulationFit, model: String = "", source: String = "") {
        self.init(
            kind: .budgetPopulation, model: model, source: source, parameters: Self.values(fit.parameters),
            replicates: fit.replicates.map(Self.values))
    }

    public init(lossLaw fit: LossLawFit, source: String = "") {
        self.init(
            kind: .lossLaw, source: source, parameters: Self.values(fit.law),
            replicates: fit.replicateLaws.map(Self.values))
    }

    /// A loss law given by its constants (e.g. a published set) in the saved form.
    public init(lossLaw law: ChinchillaLossLaw, source: String = "") {
        self.init(kind: .lossLaw, source: source, parameters: Self.values(law))
    }

    public init(passAtN fit: PassAtNFit, model: String = "", source: String = "") {
        let p = fit.population
        self.init(
            kind: .passAtN, model: model, source: source,
            parameters: ["A": p.solvable, "alpha": p.alpha, "beta": p.beta])
    }

    // MARK: reading back

    func value(_ name: String, in set: [String: Double]) throws(SavedFitError) -> Double {
        guard let v = set[name], v.isFinite else {
            throw SavedFitError(source: origin, reason: "\(kind.rawValue) fit has no finite parameter '\(name)'")
        }
        return v
    }

    func skills(in set: [String: Double]) throws -> Int {
        let m = try value("m", in: set)
        guard m >= 1, m <= 1e9, m == m.rounded() else {
            throw SavedFitError(source: origin, reason: "m = \(m) is not an integer in 1…1e9")
        }
        return Int(m)
    }

    func require(_ kinds: [Kind]) throws(SavedFitError) {
        guard kinds.contains(kind) else {
            throw SavedFitError(
                source: origin,
                reason: "holds a \(kind.rawValue) fit; expected \(kinds.map(\.rawValue).joined(separator: " or "))")
        }
    }

    func law(_ set: [String: Double]) throws -> ChinchillaLossLaw {
        try ChinchillaLossLaw(
            E: value("E", in: set), A: value("A", in: set), B: value("B", in: set), alpha: value("alpha", in: set),
            beta: value("beta", in: set))
    }

    /// The fitted loss law (kind `loss-law`).
    public func lossLaw() throws -> ChinchillaLossLaw {
        try require([.lossLaw])
        return try law(parameters)
    }

    /// The loss law of every bootstrap replicate.
    public func replicateLossLaws() throws -> [ChinchillaLossLaw] {
        try require([.lossLaw])
        return try replicates.map { try law($0) }
    }

    /// The fitted task (kind `budget-task`).
    public func taskParameters() throws -> BudgetTaskFit.Parameters {
        try require([.budgetTask])
        return try task(parameters)
    }

    func task(_ set: [String: Double]) throws -> BudgetTaskFit.Parameters {
        try BudgetTaskFit.Parameters(
            m: skills(in: set), r: value("r", in: set), tokensPerStep: value("tokensPerStep", in: set))
    }

    func population(_ set: [String: Double]) throws -> BudgetPopulationFit.Parameters {
        try BudgetPopulationFit.Parameters(
            m: skills(in: set),
            population: BetaTaskPopulation(
                alpha: value("alpha", in: set), beta: value("beta", in: set), solvable: value("A", in: set)),
            tokensPerStep: value("tokensPerStep", in: set))
    }

    /// ω, tokens per skill step, of a budget fit.
    public var tokensPerStep: Double {
        get throws {
            try require([.budgetTask, .budgetPopulation])
            return try value("tokensPerStep", in: parameters)
        }
    }

    /// The DS3 tasks of a budget fit (`budget-task`: the task (m, r); `budget-population`: `nodes` equal-weight
    /// Beta quantile midpoints r_i = I⁻¹((i + ½)/nodes; α, β) sharing weight A, and r = 0 with weight 1 − A).
    public func taskPopulation(nodes: Int = 64) throws -> TaskPopulation {
        try taskPopulation(parameters, nodes: nodes)
    }

    /// `taskPopulation` of the first `limit` bootstrap replicates (all by default).
    public func replicateTaskPopulations(nodes: Int = 64, limit: Int = .max) throws -> [TaskPopulation] {
        try replicates.prefix(max(0, limit)).map { try taskPopulation($0, nodes: nodes) }
    }

    func taskPopulation(_ set: [String: Double], nodes: Int) throws -> TaskPopulation {
        try require([.budgetTask, .budgetPopulation])
        try Validate.count(nodes, "quantile nodes")
        if kind == .budgetTask { return TaskPopulation(try task(set).task) }
        let p = try population(set)
        var tasks: [SkillTask] = []
        var weights: [Double] = []
        for i in 0..<nodes {
            let q = (Double(i) + 0.5) / Double(nodes)
            let r = try Self.betaQuantile(q, alpha: p.population.alpha, beta: p.population.beta)
            tasks.append(try SkillTask(m: p.m, r: r))
            weights.append(p.population.solvable / Double(nodes))
        }
        if p.population.solvable < 1 {
            tasks.append(try SkillTask(m: p.m, r: 0))
            weights.append(1 - p.population.solvable)
        }
        return try TaskPopulation(tasks: tasks, weights: weights)
    }

    /// The r with I_r(α, β) = q, 0 < q < 1: `IncompleteBeta.inverse` (to ~1e-15), or where that does not converge
    /// (heavy mass near 0, e.g. α = 0.2, β = 20) Brent on log r to 1e-12 relative.
    static func betaQuantile(_ q: Double, alpha: Double, beta: Double) throws -> Double {
        if let r = try? IncompleteBeta.inverse(a: alpha, b: beta, p: q) { return r }
        // Below the smallest normal double GSL reports underflow: I is 0 there to double precision.
        let root = try Roots.brent(lower: -700, upper: 0, absoluteTolerance: 1e-12, relativeTolerance: 0) { u in
            ((try? IncompleteBeta.regularized(a: alpha, b: beta, x: Double.exp(u))) ?? 0) - q
        }
        return Double.exp(root.root)
    }

    /// The task classes of the empirical bridge r = σ(b (L0 − L)) that reproduce the fitted per-step successes at
    /// the loss `referenceLoss` of the model that produced the curve: L0 = L_ref + logit(r)/b (r = 1 is capped at
    /// 1 − 1e-12). Unsolvable tasks (r = 0) get L0 = L_ref − 1e3/b, where r < e^{−1000} for every feasible loss.
    /// With `replicate` k: the same for bootstrap replicate k.
    public func bridgeTasks(replicate: Int? = nil, referenceLoss: Double, slope: Double, nodes: Int = 64) throws
        -> [BridgeAccuracyModel.TaskClass]
    {
        guard let replicate else {
            return try bridgeTasks(parameters, referenceLoss: referenceLoss, slope: slope, nodes: nodes)
        }
        guard replicates.indices.contains(replicate) else {
            throw SavedFitError(source: origin, reason: "has no bootstrap replicate \(replicate)")
        }
        return try bridgeTasks(replicates[replicate], referenceLoss: referenceLoss, slope: slope, nodes: nodes)
    }

    func bridgeTasks(_ set: [String: Double], referenceLoss: Double, slope: Double, nodes: Int) throws
        -> [BridgeAccuracyModel.TaskClass]
    {
        try Validate.finite(referenceLoss, "reference loss")
        try Validate.positive(slope, "slope")
        let population = try taskPopulation(set, nodes: nodes)
        return try zip(population.tasks, population.weights).map { task, weight in
            let L0: Double
            if task.r == 0 {
                L0 = referenceLoss - 1e3 / slope
            } else {
                let r = min(task.r, 1 - 1e-12)
                L0 = referenceLoss + (Double.log(r) - Double.log(onePlus: -r)) / slope
            }
            return try BridgeAccuracyModel.TaskClass(m: task.m, L0: L0, weight: weight)
        }
    }
}

/// A saved-fit file: `{"schema": "ds3kit-fit", "version": 1, "fits": [...]}`.
public struct SavedFitFile: Codable, Sendable, Equatable {
    public static let schemaName = "ds3kit-fit"
    public static let currentVersion = 1

    public var schema: String
    public var version: Int
    public var fits: [SavedFit]

    public init(fits: [SavedFit]) {
        schema = Self.schemaName
        version = Self.currentVersion
        self.fits = fits
    }

    /// Pretty-printed JSON with sorted keys; numbers in Swift's shortest round-trip form.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Parses a saved-fit file. - Throws: `SavedFitError` naming `source` for text that is not this schema.
    public static func decode(_ text: String, source: String) throws -> SavedFitFile {
        var file: SavedFitFile
        do {
            file = try JSONDecoder().decode(SavedFitFile.self, from: Data(text.utf8))
        } catch {
            throw SavedFitError(source: source, reason: "not a DS3Kit saved fit (\(Self.describe(error)))")
        }
        guard file.schema == schemaName else {
            throw SavedFitError(source: source, reason: "schema is '\(file.schema)', expected '\(schemaName)'")
        }
        guard file.version == currentVersion else {
            throw SavedFitError(
                source: source,
                reason: "schema version \(file.version) is not supported (this build reads \(currentVersion))")
        }
        guard !file.fits.isEmpty else { throw SavedFitError(source: source, reason: "holds no fits") }
        for k in file.fits.indices { file.fits[k].origin = source }
        return file
    }

    public static func load(_ path: String) throws -> SavedFitFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SavedFitError(source: path, reason: "cannot read the file")
        }
        return try decode(text, source: path)
    }

    /// The one fit of one of `kinds` (named `model` when the file holds several).
    public func fit(_ kinds: SavedFit.Kind..., model: String? = nil) throws -> SavedFit {
        let candidates = fits.filter { kinds.contains($0.kind) && (model == nil || $0.model == model) }
        let source = fits.first?.origin ?? ""
        guard candidates.count == 1 else {
            let names = fits.filter { kinds.contains($0.kind) }.map { "'\($0.model)'" }.joined(separator: ", ")
            throw SavedFitError(
                source: source,
                reason: candidates.isEmpty
                    ? "holds no \(kinds.map(\.rawValue).joined(separator: " or ")) fit"
                        + (model.map { " for model '\($0)' (has: \(names))" } ?? "")
                    : "holds \(candidates.count) fits (\(names)); choose one with the model name")
        }
        return candidates[0]
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "invalid JSON"
                : "bad value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "invalid JSON"
        }
    }
}

/// A saved-fit file that cannot be used: the file and what is wrong, printed as `file: reason`.
public struct SavedFitError: Error, CustomStringConvertible, Sendable, Equatable {
    public let source: String
    public let reason: String
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
    public var description: String { "\(source): \(reason)" }
}
