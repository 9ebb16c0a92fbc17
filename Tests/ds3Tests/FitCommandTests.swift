import ArgumentParser
import ComputeOptimal
import Foundation
import ScalingCore
import TestSupport
import Testing

@testable import ds3

/// `ds3 fit`: what the command prints is what the library computes. Two real processes (the JSON of `fit loss` and
/// `fit passk`); the malformed-file messages are checked in process through the entry point's own error mapping.
@Suite("ds3 fit")
struct FitCommandTests {
    static func temporaryFile(_ text: String, name: String) throws -> String {
        let path = NSTemporaryDirectory() + "ds3-fit-\(getpid())-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Parses and runs `ds3 arguments` in this process as `EntryPoint.main` does and returns the one-line message
    /// and exit status it would report, or nil when the command succeeds.
    static func inProcessFailure(_ arguments: [String]) -> (message: String, status: Int32)? {
        // As the entry point does: an error while parsing or validating is bad usage (status 2).
        var command: any ParsableCommand
        do {
            command = try DS3Command.parseAsRoot(arguments)
        } catch {
            let (message, status) = EntryPoint.classify(error, parsing: true)
            return (EntryPoint.oneLine(message), status)
        }
        do {
            try command.run()
            return nil
        } catch {
            let (message, status) = EntryPoint.classify(error)
            return (EntryPoint.oneLine(message), status)
        }
    }

    /// The JSON text a `FitEstimate` must print as, written out here from the library's values: numbers in shortest
    /// round-trip form (`Table.format`), so equal text means bit-identical doubles. (The text is compared rather
    /// than values decoded with `JSONSerialization`, which on Linux misreads the last digit of some doubles.)
    static func json(_ e: FitEstimate) -> String {
        var fields = ["\"estimate\": \(Table.format(e.estimate))"]
        if let se = e.standardError { fields.append("\"se\": \(Table.format(se))") }
        if let lower = e.lower, let upper = e.upper {
            fields.append("\"lower\": \(Table.format(lower))")
            fields.append("\"upper\": \(Table.format(upper))")
        }
        fields.append("\"method\": \"\(e.method)\"")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    @Test(
        "Malformed input files give one error line naming file, line and column, exit status 2",
        arguments: [
            ("N,D\n1,2\n", ":1 column loss"),
            ("N,D,loss\n1e9,1e10,2.1\n2e9,x,2.0\n", ":3 column D"),
            ("N,D,loss\n-1e9,1e10,2.1\n", ":2 column N"),
            ("", ":1"),
        ])
    func malformed(text: String, expected: String) throws {
        let path = try Self.temporaryFile(text, name: UUID().uuidString + ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let failure = try #require(Self.inProcessFailure(["fit", "loss", "--runs", path]))
        #expect(failure.status == 2)
        #expect(!failure.message.contains("\n"))
        #expect(failure.message.contains(path + expected), "\(failure.message)")
    }

    /// Noiseless Chinchilla data. The command's whole JSON output must be `LossLawFit.fit` run here with the same
    /// options (bit for bit: numbers are printed in shortest round-trip form, and the fit, bootstrap included, does
    /// not depend on the thread count), its `--out` CSV must equal the fitted allocation and law on the compute grid,
    /// and the fit must return the generating constants (1e-6 relative; see LossLawFitTests).
    @Test("fit loss --format json and --out equal the library fit; noiseless data give back the constants")
    func lossEqualsLibrary() throws {
        var rows = "N,D,loss\n"
        var runs: [TrainingRun] = []
        for n in [1e7, 1e8, 1e9, 1e10] {
            for d in [1e9, 1e10, 1e11, 1e12] {
                let loss = 1.69 + 406.4 * pow(n, -0.34) + 410.7 * pow(d, -0.28)
                rows += "\(n),\(d),\(loss)\n"
                runs.append(try TrainingRun(parameters: n, tokens: d, loss: loss))
            }
        }
        let path = try Self.temporaryFile(rows, name: "runs.csv")
        let out = path + ".out.csv"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: out)
        }
        let r = try runDS3(["fit", "loss", "--runs", path, "--bootstrap", "8", "--format", "json", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        var options = LossLawFit.Options()
        options.bootstrapReplicates = 8
        let fit = try LossLawFit.fit(runs, options: options)
        let law = fit.law
        for (value, generating) in [(law.E, 1.69), (law.A, 406.4), (law.B, 410.7), (law.alpha, 0.34), (law.beta, 0.28)]
        {
            #expect(abs(value - generating) <= 1e-6 * generating, "fitted \(value) vs generating \(generating)")
        }
        var fields = try ["E", "A", "B", "alpha", "beta"].map {
            "\"\($0)\": \(Table.format(try #require(fit.estimate($0)).estimate))"
        }
        let intervals = try LossLawFit.names.map { "\"\($0)\": \(Self.json(try #require(fit.estimate($0))))" }
        fields.append("\"intervals\": {" + intervals.joined(separator: ", ") + "}")
        let allocation = fit.allocation
        fields.append(
            "\"allocation\": {\"a\": \(Table.format(allocation.parameterExponent)), "
                + "\"b\": \(Table.format(allocation.tokenExponent)), \"G\": \(Table.format(exp(allocation.logG)))}")
        fields += [
            "\"huber_objective\": \(Table.format(fit.objective))", "\"runs\": \(runs.count)",
            "\"bootstrap_replicates\": \(fit.replicates)", "\"seed\": \(options.seed)",
        ]
        #expect(r.stdout == "{" + fields.joined(separator: ", ") + "}\n")
        let csv = try Table.parseCSV(try String(contentsOfFile: out, encoding: .utf8))
        let computes = try Grid.geom(1e18, 1e26, 33)
        #expect(try csv.numbers("C") == computes)
        let optima = try computes.map { try fit.allocation.optimum(compute: $0) }
        #expect(try csv.numbers("N_opt") == optima.map(\.parameters))
        #expect(try csv.numbers("D_opt") == optima.map(\.tokens))
        #expect(
            try csv.numbers("loss") == (try optima.map { try law.loss(parameters: $0.parameters, tokens: $0.tokens) }))
    }

    /// Two models of the shipped Brown et al. coverage data (Gemma-2B and Llama-3-70B-Instruct; all five cost ~1 s
    /// of fitting in a debug build, twice): the whole JSON output is one fit per model, in file order, each
    /// `PassAtNFit.fit` of that model's rows run here (estimates, standard errors, intervals, residual sum of
    /// squares, point count), bit for bit. How close the fits come to the authors' published populations is
    /// `PassAtNFitTests/reproducesPublishedFits`.
    @Test("fit passk on Brown et al. data prints the library's fit for each model")
    func passkEqualsLibrary() throws {
        let shipped = try String(contentsOfFile: fixturePath("fit/brown2024-coverage.csv"), encoding: .utf8)
        let kept = shipped.split(separator: "\n").filter {
            $0.hasPrefix("model,") || $0.hasPrefix("Gemma-2B,") || $0.hasPrefix("Llama-3-70B-Instruct,")
        }
        let path = try Self.temporaryFile(kept.joined(separator: "\n") + "\n", name: "coverage.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try runDS3(["fit", "passk", "--data", path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try FitData.read(
            try String(contentsOfFile: path, encoding: .utf8), source: path,
            required: [("N", .positive), ("coverage", .probability)], optionalText: ["model"])
        let groups = FitData.groups(data, by: "model")
        #expect(groups.map(\.name) == ["Gemma-2B", "Llama-3-70B-Instruct"])
        let records = try groups.map { group in
            let fit = try PassAtNFit.fit(
                samples: group.rows.map { data("N")[$0] }, coverage: group.rows.map { data("coverage")[$0] })
            let estimates = fit.estimates.map { "\"\($0.name)\": \(Self.json($0))" }
            return "{\"model\": \"\(group.name)\", " + estimates.joined(separator: ", ")
                + ", \"ssr\": \(Table.format(fit.residualSumOfSquares)), \"points\": \(fit.count)}"
        }
        #expect(r.stdout == "{\"fits\": [" + records.joined(separator: ", ") + "]}\n")
    }
}
