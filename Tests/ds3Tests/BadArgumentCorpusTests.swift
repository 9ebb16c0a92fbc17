import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import ds3

/// Feeds every leaf subcommand of `ds3` a corpus of bad arguments.
///
/// Everyday tier: every case is parsed in process (`DS3Command.parseAsRoot`, which runs every `validate()`): a bad
/// value must be refused there, with an error the entry point turns into one line and exit status 2. Output paths
/// that only fail when written (`/dev/full`) and one bad case per subcommand run as real processes, checking the
/// exit status, the single stderr line and that no file is left behind. Slow tier (`DS3KIT_SLOW=1`): every case
/// as a real process, including the edge values that are valid and compute a full answer.
///
/// The command tree is read from `ds3 --experimental-dump-help`, so a new subcommand is covered as soon as it
/// exists — and the test fails until it has a valid baseline invocation in `baselines`.
@Suite("Bad-argument corpus for every subcommand", .serialized)
struct BadArgumentCorpusTests {
    /// A valid invocation of each leaf command (path → arguments). Bad values replace one option at a time.
    static let baselines: [String: [String]] = [
        "figures list": [],
        "figures run": ["__first_figure__"],
        "figures all": ["--out", "figs"],
        "figures gallery": ["--out", "docs"],
        "strategy evaluate": ["--strategy", "mv", "--m", "5", "--r", "0.2", "--steps", "25"],
        "strategy compare": ["--m", "5", "--r", "0.2", "--steps", "25"],
        "strategy map": ["--population", packageRoot + "/fixtures/fit/synthetic-budget-fit.json", "--count", "3"],
        "strategy simulate": ["--strategy", "bon", "--m", "5", "--r", "0.2", "--steps", "25", "--trials", "200"],
        "tripartite optimum": ["--compute", "5.76e23"],
        "tripartite simulate": ["--concepts", "200", "--texts", "800", "--repeats", "4"],
        "optimum chinchilla": ["--compute", "1e24"],
        "optimum inference-aware": ["--loss", "2.0", "--inference-tokens", "1e12"],
        "optimum joint": ["--compute", "1e21", "--queries", "1e9", "--m-max", "5", "--l0-count", "3"],
        "optimum dynamic": ["--loss", "2.0", "--average-tokens", "1000", "--m-max", "5", "--l0-count", "3"],
        "fit loss": ["--runs", packageRoot + "/fixtures/fit/synthetic-runs.csv", "--bootstrap", "4"],
        "fit passk": ["--data", packageRoot + "/fixtures/fit/synthetic-coverage.csv"],
        "fit mv": [
            "--data", packageRoot + "/fixtures/fit/brown2024-majority-vote.csv", "--alpha", "0.38", "--beta", "1.13",
            "--plateau-above", "64", "--max-answers", "5",
        ],
        "fit budget": [
            "--data", packageRoot + "/fixtures/fit/claude37-aime2024-budget.csv", "--bootstrap", "2", "--max-m", "20",
        ],
        "fit directionality": ["--data", packageRoot + "/fixtures/fit/ds3-beta-populations.csv", "--starts", "0"],
        "notebook check": [packageRoot + "/notebooks-md/getting-started.md"],
        "notebook run": [packageRoot + "/notebooks-md/getting-started.md", "--commands-only"],
        "notebook sync": ["--notebooks", packageRoot + "/notebooks-md", "--generated", "generated"],
        "bench": ["--repeats", "1", "--only", "a"],
        "batch": [],
        "plot": [packageRoot + "/docs/figures/tri-A-a.csv", "--x", "C", "--y", "N_star", "--out", "plot.svg"],
    ]

    static var packageRoot: String { TestSupport.packageRoot() }

    /// Values that no numeric option, enumerated option or identifier may accept.
    static let alwaysBad = ["abc", "", "nan", "NaN", "inf", "-inf", "1e400", "--"]
    /// The bad values every option is parsed with in process every day: one of each kind the code sees. The others
    /// reach it as the same thing — "NaN" and "1e400" convert to the same Double as "nan" and "inf" (and fail the
    /// same conversion as "abc" for an integer or a name), "--" as an option's value ends the options, which is the
    /// missing-value case — and run, with every other case, in the slow tier's process corpus
    /// (`corpusAsProcesses`). Each parse costs ~10 ms in a debug build (ArgumentParser's structural checks run on
    /// every parse there), so these three values were ~7 s of CPU.
    static let everydayBad = ["abc", "", "nan", "inf", "-inf"]
    /// Values that may be valid for some options (a seed of 0) but must never crash.
    static let edgeValues = ["-1", "0", "1e-400", "-0", "1e308", "99999999999999999999999"]
    /// Output-path values that must fail without leaving a partial file.
    /// `/dev/full` only where the machine has the full device (`TestSupport.fullDevice`): elsewhere that path would
    /// be created as a regular file. A path below a regular file fails everywhere, even for root.
    static let badPaths =
        (TestSupport.fullDevice.map { [$0] } ?? [])
        + ["/proc/ds3kit-cannot-create/out", packageRoot + "/Package.swift/below-a-file"]

    struct Leaf {
        let path: [String]
        let options: [(name: String, takesValue: Bool)]
        let positionals: Int
    }

    static func leaves() throws -> [Leaf] {
        let dump = try runDS3(["--experimental-dump-help"])
        guard let data = dump.stdout.data(using: .utf8),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let root = json["command"] as? [String: Any]
        else { throw CorpusError("cannot parse --experimental-dump-help output") }
        var out: [Leaf] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = (command["subcommands"] as? [[String: Any]]) ?? []
            let visible = subcommands.filter { ($0["commandName"] as? String) != "help" }
            if visible.isEmpty, !path.isEmpty {
                let arguments = (command["arguments"] as? [[String: Any]]) ?? []
                var options: [(String, Bool)] = []
                var positionals = 0
                for argument in arguments {
                    let kind = argument["kind"] as? String
                    let name = (argument["preferredName"] as? [String: Any])?["name"] as? String ?? ""
                    if kind == "positional" { positionals += 1 }
                    if kind == "option", name != "help" { options.append(("--" + name, true)) }
                }
                out.append(Leaf(path: path, options: options, positionals: positionals))
            }
            for sub in visible {
                if let name = sub["commandName"] as? String { walk(sub, path + [name]) }
            }
        }
        walk(root, [])
        return out
    }

    struct CorpusError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func isPathOption(_ name: String) -> Bool {
        [
            "--out", "--runs", "--data", "--file", "--output", "--dir", "--input", "--notebooks", "--generated",
            "--passk", "--save", "--population",
        ].contains(name)
    }

    /// Replaces (or appends) `option value` in a baseline.
    static func substitute(_ baseline: [String], option: String, value: String) -> [String] {
        var args = baseline
        if let i = args.firstIndex(of: option), i + 1 < args.count {
            args[i + 1] = value
        } else {
            args += [option, value]
        }
        return args
    }

    /// Runs one case in a fresh working directory and returns the problems found (empty when it ended cleanly).
    static func problems(_ args: [String], mustFail: Bool) -> [String] {
        let dir = NSTemporaryDirectory() + "ds3kit-corpus-\(UUID().uuidString)"
        let shown = "ds3 " + args.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let r = try runDS3(args, in: dir)
            var found: [String] = []
            if ![0, 1, 2].contains(r.status) { found.append("\(shown): exit status \(r.status)") }
            for marker in ["Fatal error", "Stack dump", "backtrace", "Crash", "Illegal instruction", "Segmentation"]
            where r.stderr.contains(marker) {
                found.append("\(shown): stack trace on stderr")
            }
            if mustFail, r.status == 0 { found.append("\(shown): accepted a bad value") }
            if r.status != 0 {
                let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
                if lines.count != 1 { found.append("\(shown): \(lines.count) lines on stderr: \(r.stderr)") }
                let left = (try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []
                let files = left.filter { path in
                    var isDirectory: ObjCBool = false
                    _ = FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory)
                    return !isDirectory.boolValue
                }
                if !files.isEmpty { found.append("\(shown): left files behind: \(files)") }
            }
            return found
        } catch {
            return ["\(shown): could not run: \(error)"]
        }
    }

    /// One corpus case: the arguments, whether they must be refused, and the option whose value was replaced.
    struct Case {
        let args: [String]
        let mustFail: Bool
        let option: String?
    }

    /// Every case of the corpus, from the command tree and the baselines (issues recorded for missing baselines).
    static func cases(badValues: [String] = alwaysBad) throws -> [Case] {
        let leaves = try Self.leaves()
        #expect(!leaves.isEmpty)
        let firstFigure = FigureRegistryFirstID.value
        var cases: [Case] = []
        for leaf in leaves {
            let key = leaf.path.joined(separator: " ")
            guard var baseline = Self.baselines[key] else {
                Issue.record("no baseline for 'ds3 \(key)': add a valid invocation to BadArgumentCorpusTests.baselines")
                continue
            }
            baseline = baseline.map { $0 == "__first_figure__" ? firstFigure : $0 }
            let base = leaf.path + baseline
            // Unknown flags and stray positionals.
            cases.append(Case(args: base + ["--no-such-flag"], mustFail: true, option: nil))
            cases.append(Case(args: base + ["--no-such-option", "3"], mustFail: true, option: nil))
            if leaf.positionals == 0 { cases.append(Case(args: base + ["stray"], mustFail: true, option: nil)) }
            for option in leaf.options {
                let replaced = { (value: String, mustFail: Bool) in
                    Case(
                        args: leaf.path + Self.substitute(baseline, option: option.name, value: value),
                        mustFail: mustFail, option: option.name)
                }
                if Self.isPathOption(option.name) {
                    for value in Self.badPaths + [""] { cases.append(replaced(value, true)) }
                    continue
                }
                for value in badValues { cases.append(replaced(value, true)) }
                for value in Self.edgeValues { cases.append(replaced(value, false)) }
                // Option given without its value.
                cases.append(
                    Case(
                        args: leaf.path + baseline.filter { $0 != option.name } + [option.name], mustFail: true,
                        option: option.name))
            }
            if leaf.positionals > 0 {
                for value in Self.alwaysBad {
                    cases.append(
                        Case(
                            args: leaf.path + [value] + baseline.dropFirst(leaf.positionals), mustFail: true,
                            option: nil))
                }
            }
        }
        return cases
    }

    /// Runs process cases two at a time and records every problem, in case order.
    static func runProcesses(_ all: [Case]) {
        let found = UnsafeMutableBufferPointer<[String]>.allocate(capacity: all.count)
        found.initialize(repeating: [])
        defer { found.deallocate() }
        nonisolated(unsafe) let results = found
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in stride(from: worker, to: all.count, by: 2) {
                results[i] = Self.problems(all[i].args, mustFail: all[i].mustFail)
            }
        }
        for problems in found {
            for problem in problems { Issue.record(Comment(rawValue: problem)) }
        }
    }

    /// The bad output path a case gives its path option ("" when it has none).
    static func badPathValue(of c: Case) -> String {
        guard let option = c.option, let at = c.args.lastIndex(of: option), at + 1 < c.args.count else { return "" }
        return c.args[at + 1]
    }

    /// Every leaf command type by its path ("optimum joint"), from the command tree's configurations.
    static func leafTypes() -> [String: any ParsableCommand.Type] {
        var out: [String: any ParsableCommand.Type] = [:]
        func walk(_ type: any ParsableCommand.Type, _ path: [String]) {
            let subcommands = type.configuration.subcommands
            if subcommands.isEmpty, !path.isEmpty { out[path.joined(separator: " ")] = type }
            for sub in subcommands { walk(sub, path + [sub._commandName]) }
        }
        walk(DS3Command.self, [])
        return out
    }

    /// What parsing one case in process found: its problems, and whether it should also run as a process.
    struct ParseOutcome: Sendable {
        var problems: [String] = []
        var needsProcess = false
        var refused = false
    }

    /// Parses one case with its leaf command type (`parse` runs every `validate()`); `checkMessage` also renders the
    /// error message the entry point would print (costly in a debug build, so done once per subcommand).
    static func parseInProcess(_ c: Case, types: [String: any ParsableCommand.Type], checkMessage: Bool)
        -> ParseOutcome
    {
        var outcome = ParseOutcome()
        let shown = "ds3 " + c.args.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
        let depth = types[c.args.prefix(2).joined(separator: " ")] != nil ? 2 : 1
        guard let type = types[c.args.prefix(depth).joined(separator: " ")] else {
            outcome.problems.append("\(shown): no command type for this path")
            return outcome
        }
        do {
            _ = try type.parse(Array(c.args.dropFirst(depth)))
            if c.mustFail {
                if let option = c.option, Self.isPathOption(option) {
                    outcome.needsProcess = true  // only writing shows that /dev/full cannot take a file
                } else {
                    outcome.problems.append("\(shown): accepted a bad value")
                }
            }
        } catch {
            outcome.refused = true
            if checkMessage {
                let message = EntryPoint.oneLine(type.message(for: error))
                if message.isEmpty { outcome.problems.append("\(shown): empty error message") }
                if message.contains("\n") { outcome.problems.append("\(shown): message spans lines") }
            }
        }
        return outcome
    }

    /// Everyday tier: the values that must be refused (5 kinds of bad value per option, a missing value, unknown
    /// flags, stray arguments), parsed in process on both cores; the edge values that may be valid (and then compute
    /// a full answer) run in the slow tier's process corpus.
    @Test("Every bad value is refused by the parser; output paths and one case per subcommand run as processes")
    func corpusInProcess() throws {
        let cases = try Self.cases(badValues: Self.everydayBad).filter(\.mustFail)
        let types = Self.leafTypes()
        var firstOfLeaf: Set<Int> = []
        var seen: Set<String> = []
        for (i, c) in cases.enumerated() where c.option != nil && seen.insert(c.args.prefix(2).joined()).inserted {
            firstOfLeaf.insert(i)
        }
        let outcomes = UnsafeMutableBufferPointer<ParseOutcome>.allocate(capacity: cases.count)
        outcomes.initialize(repeating: ParseOutcome())
        defer { outcomes.deallocate() }
        nonisolated(unsafe) let results = outcomes
        let all = cases
        let leaders = firstOfLeaf
        let parseStart = Date()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in stride(from: worker, to: all.count, by: 2) {
                results[i] = Self.parseInProcess(all[i], types: types, checkMessage: leaders.contains(i))
            }
        }
        var processCases: [Case] = []
        var writtenLeaves: Set<String> = []
        for (i, outcome) in outcomes.enumerated() {
            for problem in outcome.problems { Issue.record(Comment(rawValue: problem)) }
            // One real process per subcommand (its first refused option value) for exit status, stderr and files,
            // and one per subcommand and bad path the parser cannot refuse (`/dev/full`, a folder below a file): every
            // output option writes through the same `AtomicFile`, and the fit commands compute a full answer before
            // they write (`fit directionality` ~3 s per run in a debug build), so a subcommand's second written output
            // (`--save` after `--out`) with the same bad path runs as a process in the slow tier only
            // (`corpusAsProcesses`); input paths given a bad value all run.
            let option = cases[i].option ?? ""
            let role = ["--out", "--save"].contains(option) ? "written" : option
            let pathKey = [cases[i].args.prefix(2).joined(), role, Self.badPathValue(of: cases[i])].joined(
                separator: "\u{0}")
            let firstWrite = outcome.needsProcess && writtenLeaves.insert(pathKey).inserted
            if firstWrite || (firstOfLeaf.contains(i) && outcome.refused) { processCases.append(cases[i]) }
        }
        let processStart = Date()
        Self.runProcesses(processCases)
        let parseSeconds = processStart.timeIntervalSince(parseStart)
        let processSeconds = Date().timeIntervalSince(processStart)
        print(
            "bad-argument corpus: \(cases.count) refusals checked in process (\(parseSeconds) s), "
                + "\(processCases.count) as processes (\(processSeconds) s)")
        #expect(cases.count > 1000)
        #expect(Set(processCases.map { $0.args.prefix(2).joined() }).count >= 15)
    }

    @Test("Every corpus case run as a real process ends cleanly", .enabled(if: TestTier.slow))
    func corpusAsProcesses() throws {
        let cases = try Self.cases()
        Self.runProcesses(cases)
        print("bad-argument corpus: \(cases.count) cases as processes")
        #expect(!cases.isEmpty)
    }
}

/// The first registered figure id (the baseline of `figures run`).
enum FigureRegistryFirstID {
    static let value: String = {
        let listed = (try? runDS3(["figures", "list"]).stdout) ?? ""
        return listed.split(separator: "\n").first.map { String($0.split(separator: "\t").first ?? "") } ?? "x"
    }()
}
