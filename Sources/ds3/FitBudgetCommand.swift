import ArgumentParser
import ComputeOptimal
import DS3
import Figures
import Foundation
import ScalingCore

extension FitCommand {
    /// `ds3 fit budget`: DS3 parameters from measured accuracy at several thinking-token budgets.
    struct Budget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit DS3 task (m, r) or population (m, A, alpha, beta) to accuracy-vs-token-budget curves.",
            discussion: """
                Columns tokens, accuracy and optionally questions (benchmark items behind each accuracy: binomial \
                maximum likelihood; without it, least squares) and model (one fit per curve). --model task: one \
                task class, accuracy = I_r(m, K - m + 1), K = tokens/omega, integer m searched exactly. --model \
                population: a share A of solvable tasks whose per-step success is Beta(alpha, beta), m steps each. \
                Intervals: percentile parametric bootstrap (seeded), every replicate refitted including m.
                """)

        enum Model: String, ExpressibleByArgument, CaseIterable {
            case task, population
        }

        @Option(help: "CSV with columns tokens, accuracy[, questions][, model].") var data: String
        @Option(help: "Model: task (m, r) or population (m, A, alpha, beta).") var model: Model = .task
        @Option(name: .customLong("tokens-per-step"), help: "Tokens omega per skill step.") var tokensPerStep: Double =
            25
        @Flag(
            name: .customLong("fit-tokens-per-step"),
            help: "Fit omega too (task model; m, r and omega then trade off along a ridge).")
        var fitTokensPerStep = false
        @Option(name: .customLong("m"), help: "Hold the number of skills m at this value instead of searching it.")
        var skills: Int?
        @Option(name: .customLong("max-m"), help: "Largest m searched (default 1000 task, 200 population).")
        var maxSkills: Int?
        @Option(help: "Bootstrap replicates (0 = no intervals).") var bootstrap: Int = 200
        @Option(help: "Bootstrap seed.") var seed: UInt64 = 20_250_710
        @Option(help: "Confidence level of the intervals.") var level: Double = 0.95
        @Option(help: "Write the data with fitted values and residuals, and the fitted curves, as CSV.") var out:
            String?
        @Option(help: "Save the fits with their bootstrap replicates as JSON (docs/fit-schema.md).") var save: String?
        @Option(help: "Draw the measured points and fitted curves with gnuplot to this .svg or .png file.") var plot:
            String?
        @Option(help: "Output format.") var format: OutputFormat = .table

        func validate() throws {
            try FitCommand.checkInput(data, "--data")
            try Validate.positive(tokensPerStep, "--tokens-per-step")
            if fitTokensPerStep, model == .population {
                throw ValidationError("--fit-tokens-per-step applies to --model task")
            }
            if let skills { try Validate.count(skills, "--m") }
            if let maxSkills {
                try Validate.count(maxSkills, "--max-m")
                try Validate.inRange(Double(maxSkills), "--max-m", 1, 100_000)
            }
            try Validate.count(bootstrap, "--bootstrap", minimum: 0)
            try Validate.inRange(Double(bootstrap), "--bootstrap", 0, 100_000)
            try FitCommand.checkLevel(level)
            try FitCommand.checkOutput(out, "--out")
            try FitCommand.checkOutput(save, "--save")
            try FitCommand.checkOutput(plot, "--plot")
            if let plot, plotFormat(plot) == nil {
                throw ValidationError("--plot '\(plot)': the file name must end in .svg or .png")
            }
        }

        func plotFormat(_ path: String) -> PlotFormat? {
            PlotFormat(rawValue: (path as NSString).pathExtension.lowercased())
        }

        /// One fitted curve: its record, its saved form, and the fitted accuracy as a function of tokens.
        struct Fitted {
            let record: Record
            let saved: SavedFit
            let accuracy: (Double) throws -> Double
        }

        func run() throws {
            let columns = try FitCommand.read(
                data, required: [("tokens", .nonNegative), ("accuracy", .probability)],
                optional: [("questions", .atLeastOne)], optionalText: ["model"], minimumRows: 2)
            let hasQuestions = !columns("questions").isEmpty
            var fits: [Fitted] = []
            var groups: [(name: String, rows: [Int])] = []
            for group in FitData.groups(columns, by: "model") {
                let curve = try BudgetCurve(
                    tokens: group.rows.map { columns("tokens")[$0] },
                    accuracy: group.rows.map { columns("accuracy")[$0] },
                    questions: hasQuestions ? group.rows.map { columns("questions")[$0] } : nil)
                fits.append(try fit(curve, name: group.name))
                groups.append(group)
            }
            // Files first: when one cannot be written, nothing is printed.
            if let out {
                var kind: [String] = []
                var label: [String] = []
                var tokens: [Double] = []
                var observed: [String] = []
                var fitted: [Double] = []
                var residual: [String] = []
                for (group, fit) in zip(groups, fits) {
                    for row in group.rows {
                        let t = columns("tokens")[row]
                        let y = columns("accuracy")[row]
                        let p = try fit.accuracy(t)
                        kind.append("data")
                        label.append(group.name)
                        tokens.append(t)
                        observed.append(Table.format(y))
                        fitted.append(p)
                        residual.append(Table.format(y - p))
                    }
                    let ts = group.rows.map { columns("tokens")[$0] }.filter { $0 > 0 }
                    let lo = (ts.min() ?? 1) / 2
                    let hi = max((ts.max() ?? 1) * 2, lo * 4)
                    for t in try Grid.geom(lo, hi, 100) {
                        kind.append("curve")
                        label.append(group.name)
                        tokens.append(t)
                        observed.append("")
                        fitted.append(try fit.accuracy(t))
                        residual.append("")
                    }
                }
                let table = try Table(
                    columns: [
                        .init("kind", texts: kind), .init("model", texts: label), .init("tokens", tokens),
                        .init("accuracy", texts: observed), .init("fitted", fitted), .init("residual", texts: residual),
                    ],
                    metadata: [.init("fit", "budget curve, \(model.rawValue) model"), .init("source", data)])
                try FitCommand.write(table, to: out)
            }
            try FitCommand.save(fits.map(\.saved), to: save)
            if let plot, let plotFormat = plotFormat(plot) {
                let drawing = try Self.draw(
                    groups: groups, fits: fits, columns: columns,
                    title: "\((data as NSString).lastPathComponent), \(model.rawValue) model")
                try GnuplotRenderer.render(table: drawing.table, spec: drawing.spec, format: plotFormat, to: plot)
            }
            if fits.count == 1 {
                try fits[0].record.emit(format)
            } else {
                try FitCommand.emit(fits: fits.map(\.record), format)
            }
        }

        /// The measured points (`is_data` = 1) and fitted curves (0) of every curve (`curve` = its index), drawn
        /// on a log token axis, one colour pair per curve.
        static func draw(
            groups: [(name: String, rows: [Int])], fits: [Fitted], columns: FitData.Columns, title: String
        ) throws -> (table: Table, spec: PlotSpec) {
            var rows: [[Double]] = []
            var series: [PlotSpec.Series] = []
            for (k, (group, fit)) in zip(groups, fits).enumerated() {
                let ts = group.rows.map { columns("tokens")[$0] }
                for (row, t) in zip(group.rows, ts) { rows.append([Double(k), 1, t, columns("accuracy")[row]]) }
                let positive = ts.filter { $0 > 0 }
                let lo = (positive.min() ?? 1) / 2
                for t in try Grid.geom(lo, max((positive.max() ?? 1) * 2, lo * 4), 100) {
                    rows.append([Double(k), 0, t, try fit.accuracy(t)])
                }
                let label = group.name.isEmpty ? "" : group.name + " "
                series.append(
                    .init(
                        x: "tokens", y: "accuracy", label: label + "measured", style: .points, filterColumn: "key",
                        filterValue: Double(2 * k + 1)))
                series.append(
                    .init(
                        x: "tokens", y: "accuracy", label: label + "fitted", filterColumn: "key",
                        filterValue: Double(2 * k)))
            }
            let table = try Table(
                names: ["key", "tokens", "accuracy"], rows: rows.map { [2 * $0[0] + $0[1], $0[2], $0[3]] })
            let spec = PlotSpec(
                title: title, xLabel: "thinking tokens per query", yLabel: "accuracy", logX: true, yRange: 0...1,
                series: series)
            return (table, spec)
        }

        func fit(_ curve: BudgetCurve, name: String) throws -> Fitted {
            var record = Record()
            if !name.isEmpty { record.add("model", name) }
            switch model {
            case .task:
                var options = BudgetTaskFit.Options()
                options.tokensPerStep = fitTokensPerStep ? nil : tokensPerStep
                configure(&options.settings)
                let fit = try BudgetTaskFit.fit(curve, options: options)
                record.add("m", fit.m)
                record.add("r", fit.r)
                record.add("tokens_per_step", fit.parameters.tokensPerStep)
                var warnings = Self.warnings(curve)
                if fit.tokensPerStepFitted, fit.m == 1 {
                    warnings.append(
                        "m = 1: accuracy 1 - (1 - r)^(tokens/omega) fixes only ln(1 - r)/omega; r and omega are not "
                            + "identified separately")
                }
                addCommon(
                    estimates: fit.estimates, quality: fit.quality, replicates: fit.replicates.count,
                    warnings: warnings,
                    to: &record)
                let parameters = fit.parameters
                return Fitted(
                    record: record, saved: SavedFit(budgetTask: fit, model: name, source: data),
                    accuracy: { try parameters.accuracy(tokens: $0) })
            case .population:
                var options = BudgetPopulationFit.Options()
                options.tokensPerStep = tokensPerStep
                configure(&options.settings)
                let fit = try BudgetPopulationFit.fit(curve, options: options)
                let p = fit.parameters
                record.add("m", p.m)
                record.add("A", p.population.solvable)
                record.add("alpha", p.population.alpha)
                record.add("beta", p.population.beta)
                record.add("tokens_per_step", p.tokensPerStep)
                var warnings = Self.warnings(curve)
                let shapes = options.shapeRange
                for (name, value) in [("alpha", p.population.alpha), ("beta", p.population.beta)]
                where value <= shapes.lowerBound * (1 + 1e-6) || value >= shapes.upperBound * (1 - 1e-6) {
                    warnings.append(
                        "\(name) = \(Table.format(value)) is on the bound of its search range "
                            + "\(Table.format(shapes.lowerBound))…\(Table.format(shapes.upperBound)): the curve does not "
                            + "determine the shape of the population")
                }
                addCommon(
                    estimates: fit.estimates, quality: fit.quality, replicates: fit.replicates.count,
                    warnings: warnings,
                    to: &record)
                return Fitted(
                    record: record, saved: SavedFit(budgetPopulation: fit, model: name, source: data),
                    accuracy: { try p.accuracy(tokens: $0) })
            }
        }

        func configure(_ settings: inout BudgetFitSettings) {
            settings.skills = skills
            if let maxSkills { settings.maxSkills = maxSkills }
            settings.bootstrapReplicates = bootstrap
            settings.seed = seed
            settings.level = level
        }

        /// Data that cannot determine the parameters: no accuracy strictly between 0 and 1, or a single budget.
        static func warnings(_ curve: BudgetCurve) -> [String] {
            var out: [String] = []
            if !curve.accuracy.contains(where: { $0 > 0 && $0 < 1 }) {
                out.append("no accuracy strictly between 0 and 1: the curve does not determine m and r")
            }
            if Set(curve.tokens).count < 2 { out.append("a single budget: the curve has no shape to fit") }
            return out
        }

        func addCommon(
            estimates: [FitEstimate], quality: BudgetFitQuality, replicates: Int, warnings: [String],
            to record: inout Record
        ) {
            var intervals = Record()
            for e in estimates { intervals.add(e.name, FitCommand.record(e)) }
            record.add("intervals", intervals)
            record.add("log_likelihood", quality.logLikelihood)
            record.add(quality.likelihood == "binomial" ? "deviance" : "ssr", quality.objective)
            record.add("likelihood", quality.likelihood)
            record.add("points", quality.count)
            record.add("bootstrap_replicates", replicates)
            record.add("seed", seed)
            if !warnings.isEmpty { record.add("warnings", warnings.map { Record.Value.text($0) }) }
        }
    }
}
