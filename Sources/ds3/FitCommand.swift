import ArgumentParser
import ComputeOptimal
import DS3
import Figures
import Foundation
import ScalingCore

/// `ds3 fit …`: turn measurements into the parameters the theory needs, with uncertainties.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit loss laws, pass@N populations, majority-vote error models and search directionality to data.",
        discussion: """
            Input files are CSV with a header row naming the columns ('#' lines are comments). A malformed file \
            is reported as one line naming the file, line and column. Example data: fixtures/fit/.
            """,
        subcommands: [Loss.self, PassK.self, MajorityVote.self, Directionality.self, Budget.self]
    )

    /// Reads and validates a data file; file-system and format problems become one-line usage errors.
    static func read(
        _ path: String, required: [(name: String, domain: FitData.Domain)],
        optional: [(name: String, domain: FitData.Domain)] = [], optionalText: [String] = [], minimumRows: Int = 1
    ) throws -> FitData.Columns {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UsageError("cannot read \(path): \(FileChecks.unreadableReason(path) ?? "not UTF-8 text")")
        }
        do {
            return try FitData.read(
                text, source: path, required: required, optional: optional, optionalText: optionalText,
                minimumRows: minimumRows)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// An input file named by `flag` exists, is a readable regular file (checked by the parser's `validate()`).
    static func checkInput(_ path: String, _ flag: String) throws {
        if let reason = FileChecks.unreadableReason(path) { throw ValidationError("\(flag) '\(path)': \(reason)") }
    }

    /// An output path named by `flag` is non-empty and its folder exists (the write itself can still fail).
    static func checkOutput(_ path: String?, _ flag: String) throws {
        guard let path else { return }
        guard !path.isEmpty else { throw ValidationError("\(flag) needs a file path") }
        let folder = AtomicFile.folder(of: path)
        var isDirectory: ObjCBool = false
        if !folder.isEmpty,
            !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue
        {
            throw ValidationError("\(flag) '\(path)': folder '\(folder)' does not exist")
        }
    }

    /// A confidence level in (0, 1).
    static func checkLevel(_ level: Double) throws { try Validate.probability(level, "--level", .open) }

    static func record(_ e: FitEstimate) -> Record {
        var r = Record()
        r.add("estimate", e.estimate)
        if let se = e.standardError { r.add("se", se) }
        if let lo = e.lower, let hi = e.upper {
            r.add("lower", lo)
            r.add("upper", hi)
        }
        r.add("method", e.method)
        return r
    }

    /// Prints one record per model: `{"fits": [...]}` as JSON, or one aligned block per model as a table.
    static func emit(fits: [Record], _ format: OutputFormat) throws {
        switch format {
        case .json, .csv:
            var record = Record()
            record.add("fits", fits.map { Record.Value.record($0) })
            try record.emit(format)
        case .table:
            print(fits.map { $0.table() }.joined(separator: "\n\n"))
        }
    }

    /// Writes `fits` to `path` (the `--save` option) in the saved-fit schema (docs/fit-schema.md), atomically; nothing without a path.
    static func save(_ fits: [SavedFit], to path: String?) throws {
        guard let path else { return }
        let text = try SavedFitFile(fits: fits).json()
        try FileChecks.writing("--save", path) { try AtomicFile.write(text, to: path) }
    }

    /// A saved fit of kind `other` holding the estimates by name.
    static func other(_ estimates: [FitEstimate], model: String = "", source: String, extra: [String: Double] = [:])
        -> SavedFit
    {
        var parameters = extra
        for e in estimates where e.estimate.isFinite { parameters[e.name] = e.estimate }
        return SavedFit(kind: .other, model: model, source: source, parameters: parameters)
    }

    /// Writes `table` as CSV to `path` (the `--out` option), atomically; nothing without a path.
    static func write(_ table: Table, to path: String?) throws {
        guard let path else { return }
        let text = try table.csv()
        try FileChecks.writing("--out", path) { try AtomicFile.write(text, to: path) }
    }

    struct Loss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit L(N, D) = E + A N^-alpha + B D^-beta to training runs (Chinchilla Approach 3).",
            discussion: """
                Columns N, D, loss. Huber (delta 1e-3) on log-loss residuals from a grid of initialisations; \
                percentile-bootstrap intervals (seeded; independent of the thread count), or for many runs \
                (200 × runs above the work bound) normal intervals from the sandwich covariance of the Huber \
                estimator; --intervals chooses.
                """)

        @Option(help: "CSV of training runs with columns N, D, loss.") var runs: String
        @Option(
            help:
                "Bootstrap resamples (0 = none; default 200, or none when 200 × runs exceeds the work bound of about a minute)."
        ) var bootstrap: Int?
        @Option(
            help:
                "Intervals: auto (bootstrap, or sandwich when 200 bootstrap fits exceed the work bound), bootstrap or sandwich."
        ) var intervals: IntervalChoice = .auto
        @Option(help: "Bootstrap seed.") var seed: UInt64 = 20_240_417
        @Option(help: "Confidence level of the intervals.") var level: Double = 0.95
        @Option(help: "Huber threshold on log-loss residuals.") var delta: Double = 1e-3
        @Option(help: "Write the fitted law and compute-optimal allocation on a compute grid as CSV.") var out: String?
        @Option(help: "Save the law and its bootstrap replicates as JSON for --law FILE.json (docs/fit-schema.md).")
        var save: String?
        @Option(help: "Output format.") var format: OutputFormat = .table

        func validate() throws {
            try FitCommand.checkInput(runs, "--runs")
            if let bootstrap { try Validate.count(bootstrap, "--bootstrap", minimum: 0) }
            if bootstrap != nil, intervals == .sandwich {
                throw ValidationError("--bootstrap applies to bootstrap intervals, not to --intervals sandwich")
            }
            try FitCommand.checkLevel(level)
            try Validate.positive(delta, "--delta")
            try FitCommand.checkOutput(out, "--out")
            try FitCommand.checkOutput(save, "--save")
        }

        func run() throws {
            let data = try FitCommand.read(
                runs, required: [("N", .positive), ("D", .positive), ("loss", .positive)], minimumRows: 5)
            let trainingRuns = try (0..<data.rowCount).map {
                try TrainingRun(parameters: data("N")[$0], tokens: data("D")[$0], loss: data("loss")[$0])
            }
            var options = LossLawFit.Options()
            let automatic = options.bootstrapReplicates
            let tooMuch = bootstrap == nil && Double(automatic * trainingRuns.count) > LossLawFit.bootstrapWork.limit
            let sandwich = intervals == .sandwich || (intervals == .auto && tooMuch)
            let skipped = tooMuch && !sandwich
            options.intervals = sandwich ? .sandwich : .bootstrap
            options.bootstrapReplicates = sandwich ? 0 : bootstrap ?? (skipped ? 0 : automatic)
            options.seed = seed
            options.level = level
            options.delta = delta
            let fit = try ParameterError.naming("--bootstrap", for: "bootstrapReplicates") {
                try LossLawFit.fit(trainingRuns, options: options)
            }
            var record = Record()
            for name in ["E", "A", "B", "alpha", "beta"] {
                if let e = fit.estimate(name) { record.add(name, e.estimate) }
            }
            var intervals = Record()
            for name in LossLawFit.names {
                if let e = fit.estimate(name) { intervals.add(name, FitCommand.record(e)) }
            }
            record.add("intervals", intervals)
            let allocation = fit.allocation
            var optimum = Record()
            optimum.add("a", allocation.parameterExponent)
            optimum.add("b", allocation.tokenExponent)
            optimum.add("G", Double.exp(allocation.logG))
            record.add("allocation", optimum)
            record.add("huber_objective", fit.objective)
            record.add("runs", trainingRuns.count)
            record.add("bootstrap_replicates", fit.replicates)
            var warnings: [String] = []
            if skipped {
                warnings.append(
                    "no intervals: \(automatic) bootstrap fits of \(trainingRuns.count) runs exceed the work bound; "
                        + "give --bootstrap N (N × runs ≤ \(Table.format(LossLawFit.bootstrapWork.limit))) "
                        + "or --intervals sandwich")
            }
            if !(fit.jacobianCondition <= LossLawFit.conditionLimit) {
                warnings.append(
                    "the runs do not determine the constants (Jacobian condition "
                        + "\(Table.format(fit.jacobianCondition)) > \(Table.format(LossLawFit.conditionLimit))): no intervals"
                )
            }
            if !warnings.isEmpty { record.add("warnings", warnings.map { Record.Value.text($0) }) }
            record.add("seed", seed)
            // The file first: when it cannot be written, nothing is printed.
            if out != nil {
                var rows: [[Double]] = []
                for c in try Grid.geom(1e18, 1e26, 33) {
                    let (n, d) = try allocation.optimum(compute: c)
                    rows.append([c, n, d, try fit.law.loss(parameters: n, tokens: d)])
                }
                var table = try Table(names: ["C", "N_opt", "D_opt", "loss"], rows: rows)
                table.metadata = [
                    .init("fit", "loss law (Approach 3)"), .init("source", runs), .init("E", "\(fit.law.E)"),
                    .init("A", "\(fit.law.A)"), .init("B", "\(fit.law.B)"), .init("alpha", "\(fit.law.alpha)"),
                    .init("beta", "\(fit.law.beta)"),
                ]
                try FitCommand.write(table, to: out)
            }
            try FitCommand.save([SavedFit(lossLaw: fit, source: runs)], to: save)
            try record.emit(format)
        }
    }

    /// `fit loss --intervals`.
    enum IntervalChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, bootstrap, sandwich
    }

    struct PassK: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passk",
            abstract: "Fit the Beta task population (A, alpha, beta) to coverage pass@N.",
            discussion: "Columns N, coverage and optionally model (one fit per model).")

        @Option(help: "CSV with columns N, coverage[, model].") var data: String
        @Option(help: "Confidence level of the intervals.") var level: Double = 0.95
        @Option(help: "Write the fitted curves (N geom(1, 1e4, 100)) as CSV.") var out: String?
        @Option(help: "Save the fit as JSON (docs/fit-schema.md).") var save: String?
        @Option(help: "Output format.") var format: OutputFormat = .table

        func validate() throws {
            try FitCommand.checkInput(data, "--data")
            try FitCommand.checkLevel(level)
            try FitCommand.checkOutput(out, "--out")
            try FitCommand.checkOutput(save, "--save")
        }

        func run() throws {
            let columns = try FitCommand.read(
                data, required: [("N", .positive), ("coverage", .probability)], optionalText: ["model"])
            var options = PassAtNFit.Options()
            options.level = level
            var models: [Record] = []
            var saved: [SavedFit] = []
            var curveModel: [String] = []
            var curveN: [Double] = []
            var curveFit: [Double] = []
            for group in FitData.groups(columns, by: "model") {
                let fit = try PassAtNFit.fit(
                    samples: group.rows.map { columns("N")[$0] }, coverage: group.rows.map { columns("coverage")[$0] },
                    options: options)
                var r = Record()
                if !group.name.isEmpty { r.add("model", group.name) }
                for e in fit.estimates { r.add(e.name, FitCommand.record(e)) }
                r.add("ssr", fit.residualSumOfSquares)
                r.add("points", fit.count)
                models.append(r)
                saved.append(SavedFit(passAtN: fit, model: group.name, source: data))
                for n in try Grid.geom(1, 1e4, 100) {
                    curveModel.append(group.name)
                    curveN.append(n)
                    curveFit.append(try fit.population.passAtN(n))
                }
            }
            let table = try Table(
                columns: [.init("model", texts: curveModel), .init("N", curveN), .init("pass_fit", curveFit)],
                metadata: [.init("fit", "pass@N Beta population"), .init("source", data)])
            try FitCommand.write(table, to: out)
            try FitCommand.save(saved, to: save)
            // The file first: when it cannot be written, nothing is printed.
            try FitCommand.emit(fits: models, format)
        }
    }

    struct MajorityVote: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mv",
            abstract:
                "Fit c*, the plateau and truncated geometric error weights (M, lambda) to majority-vote accuracy.",
            discussion: """
                Columns N, accuracy[, model]. The Beta population of each model comes from --passk FILE (fitted \
                first, matched by model) or from --A/--alpha/--beta. The accuracy model is exact (no Monte Carlo).
                """)

        @Option(help: "CSV with columns N, accuracy[, model].") var data: String
        @Option(help: "pass@N CSV (N, coverage[, model]) to fit each model's Beta population.") var passk: String?
        @Option(name: .customLong("A"), help: "Fraction of solvable tasks A (instead of --passk).") var solvable:
            Double?
        @Option(help: "Beta alpha (instead of --passk).") var alpha: Double?
        @Option(help: "Beta beta (instead of --passk).") var beta: Double?
        @Option(help: "Smallest number of answers M tried.") var minAnswers: Int = 3
        @Option(help: "Largest number of answers M tried.") var maxAnswers: Int = 16
        @Option(help: "Use the exact N → ∞ plateau for points with N above this (speed; default exact everywhere).")
        var plateauAbove: Int?
        @Option(help: "Write the fitted curves as CSV.") var out: String?
        @Option(help: "Save the fit as JSON (docs/fit-schema.md).") var save: String?
        @Option(help: "Output format.") var format: OutputFormat = .table

        func validate() throws {
            try FitCommand.checkInput(data, "--data")
            if let passk { try FitCommand.checkInput(passk, "--passk") }
            try Validate.count(minAnswers, "--min-answers", minimum: 3)
            try Validate.count(maxAnswers, "--max-answers", minimum: minAnswers)
            if let plateauAbove { try Validate.count(plateauAbove, "--plateau-above") }
            if let solvable { try Validate.probability(solvable, "--A", .lowerOpen) }
            if let alpha { try Validate.positive(alpha, "--alpha") }
            if let beta { try Validate.positive(beta, "--beta") }
            if passk == nil, alpha == nil || beta == nil {
                throw ValidationError("give the Beta population with --passk FILE or with --alpha and --beta (and --A)")
            }
            try FitCommand.checkOutput(out, "--out")
            try FitCommand.checkOutput(save, "--save")
        }

        func run() throws {
            let columns = try FitCommand.read(
                data, required: [("N", .positive), ("accuracy", .probability)], optionalText: ["model"], minimumRows: 3)
            var populations: [String: BetaTaskPopulation] = [:]
            var fixed: BetaTaskPopulation? = nil
            if let passk {
                let coverage = try FitCommand.read(
                    passk, required: [("N", .positive), ("coverage", .probability)], optionalText: ["model"])
                for group in FitData.groups(coverage, by: "model") {
                    populations[group.name] = try PassAtNFit.fit(
                        samples: group.rows.map { coverage("N")[$0] },
                        coverage: group.rows.map { coverage("coverage")[$0] }
                    ).population
                }
            } else if let alpha, let beta {
                fixed = try BetaTaskPopulation(alpha: alpha, beta: beta, solvable: solvable ?? 1)
            }
            var options = MajorityVoteFit.Options()
            options.answers = minAnswers...maxAnswers
            options.plateauAboveSamples = plateauAbove
            // Bounded work over every model of the file (each fit also checks its own).
            try MajorityVoteFit.work.check(
                MajorityVoteFit.estimatedWork(samples: columns("N"), options: options), parameter: "--max-answers",
                value: "\(maxAnswers)", formula: "Σ over all models' points of min(N, 1e5) × M_max^1.5",
                lower: "lower --max-answers or give --plateau-above")
            var models: [Record] = []
            var saved: [SavedFit] = []
            var curveModel: [String] = []
            var curveN: [Double] = []
            var curveFit: [Double] = []
            for group in FitData.groups(columns, by: "model") {
                guard let population = fixed ?? populations[group.name] else {
                    throw UsageError("model '\(group.name)' of \(data) has no pass@N data in \(passk ?? "")")
                }
                let fit = try MajorityVoteFit.fit(
                    samples: group.rows.map { columns("N")[$0] }, accuracy: group.rows.map { columns("accuracy")[$0] },
                    population: population, options: options)
                var r = Record()
                if !group.name.isEmpty { r.add("model", group.name) }
                r.add("A", population.solvable)
                r.add("alpha", population.alpha)
                r.add("beta", population.beta)
                for e in fit.estimates { r.add(e.name, FitCommand.record(e)) }
                r.add("M", fit.answers)
                r.add("ssr", fit.residualSumOfSquares)
                models.append(r)
                saved.append(
                    FitCommand.other(
                        fit.estimates, model: group.name, source: data,
                        extra: [
                            "A": population.solvable, "alpha": population.alpha, "beta": population.beta,
                            "M": Double(fit.answers),
                        ]))
                // The curve is written only with --out (an exact vote at 40 N up to 10⁴: a few of the fit's SSRs).
                for n in out == nil ? [] : Grid.uniqueIntegers(try Grid.geom(1, 1e4, 40)) {
                    curveModel.append(group.name)
                    curveN.append(Double(n))
                    curveFit.append(
                        plateauAbove.map { n > $0 } ?? false
                            ? fit.plateau
                            : try MajorityVoteFit.accuracy(
                                samples: n, population: population, weights: fit.errorWeights))
                }
            }
            let table = try Table(
                columns: [.init("model", texts: curveModel), .init("N", curveN), .init("mv_fit", curveFit)],
                metadata: [.init("fit", "majority vote, truncated geometric errors"), .init("source", data)])
            try FitCommand.write(table, to: out)
            try FitCommand.save(saved, to: save)
            // The file first: when it cannot be written, nothing is printed.
            try FitCommand.emit(fits: models, format)
        }
    }

    struct Directionality: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit per-model search directionality iota and the shared skill-difficulty mixture (§5.8).",
            discussion: "Columns model, A, alpha, beta, loss, steps (one row per model's fitted Beta population).")

        @Option(help: "CSV with columns model, A, alpha, beta, loss, steps.") var data: String
        @Option(help: "Seed of the multi-start search.") var seed: UInt64 = 0
        @Option(
            help: "Seeded random starts in addition to the start from the authors' constants (0: that start only).")
        var starts: Int = 8
        @Option(help: "Write target vs fitted cdf of r per model as CSV.") var out: String?
        @Option(help: "Save the fit as JSON (docs/fit-schema.md).") var save: String?
        @Option(help: "Output format.") var format: OutputFormat = .table

        func validate() throws {
            try FitCommand.checkInput(data, "--data")
            try Validate.count(starts, "--starts", minimum: 0)
            try FitCommand.checkOutput(out, "--out")
            try FitCommand.checkOutput(save, "--save")
        }

        func run() throws {
            let columns = try FitCommand.read(
                data,
                required: [
                    ("A", .probability), ("alpha", .positive), ("beta", .positive), ("loss", .positive),
                    ("steps", .positive),
                ], optionalText: ["model"], minimumRows: 2)
            let names = columns.texts["model"] ?? (0..<columns.rowCount).map { "model \($0 + 1)" }
            // The output is keyed by model name: a repeated name would give JSON with duplicate keys.
            var firstLine: [String: Int] = [:]
            for (i, name) in names.enumerated() {
                if let first = firstLine[name] {
                    throw UsageError(
                        FitDataError(
                            source: data, line: columns.lines[i], column: "model",
                            reason: "model '\(name)' repeats line \(first); give each model one row"
                        ).description)
                }
                firstLine[name] = columns.lines[i]
            }
            let targets = try (0..<columns.rowCount).map { i in
                try DirectionalityFit.Target(
                    name: names[i],
                    population: try BetaTaskPopulation(
                        alpha: columns("alpha")[i], beta: columns("beta")[i], solvable: columns("A")[i]),
                    loss: columns("loss")[i], steps: columns("steps")[i])
            }
            var options = DirectionalityFit.Options()
            options.seed = seed
            options.starts = starts
            let fit = try ParameterError.naming("--starts", for: "starts") {
                try DirectionalityFit.fit(targets, options: options)
            }
            var record = Record()
            var iotas = Record()
            for (target, e) in zip(targets, fit.iotaEstimates) { iotas.add(target.name, FitCommand.record(e)) }
            record.add("iota", iotas)
            var shared = Record()
            for e in fit.sharedEstimates { shared.add(e.name, FitCommand.record(e)) }
            record.add("shared", shared)
            record.add("loss", fit.objective)
            record.add("seed", seed)
            if out != nil { try FitCommand.write(try fit.cdfTable(points: 101), to: out) }
            let iotaValues = Dictionary(
                zip(targets.map { "iota:" + $0.name }, fit.iotaEstimates.map(\.estimate)),
                uniquingKeysWith: { a, _ in a })
            try FitCommand.save([FitCommand.other(fit.sharedEstimates, source: data, extra: iotaValues)], to: save)
            try record.emit(format)
        }
    }
}
