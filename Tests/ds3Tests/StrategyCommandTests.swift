import Foundation
import Testing

@Suite("ds3 strategy")
struct StrategyCommandTests {
    func json(_ args: [String]) throws -> [String: Any] { try runDS3JSON(args) }

    @Test("evaluate prints success, flops, tokens, latency and echoes the inputs")
    func evaluateJSON() throws {
        let o = try json(["strategy", "evaluate", "--strategy", "cot", "--m", "5", "--r", "0.2", "--steps", "25"])
        // §8: I_0.2(5, 21) = 0.5793256907; E[steps] = 21.0796979495 → tokens 25×, FLOPs 2N × tokens (N = 1e10).
        #expect(abs((o["success"] as? Double ?? 0) - 0.5793256907) < 1e-9)
        #expect(abs((o["tokens"] as? Double ?? 0) - 25 * 21.0796979495) < 1e-6)
        #expect(abs((o["flops"] as? Double ?? 0) - 2e10 * 25 * 21.0796979495) < 1e5)
        #expect(o["latency"] as? Double != nil)
        #expect(o["m"] as? Int == 5 && o["r"] as? Double == 0.2 && o["steps"] as? Double == 25)
        for strategy in ["strict", "tot", "bon", "mv", "refine"] {
            let e = try json([
                "strategy", "evaluate", "--strategy", strategy, "--m", "5", "--r", "0.2", "--steps", "25",
            ])
            for key in ["success", "flops", "tokens", "latency"] {
                #expect(e[key] as? Double != nil, "\(strategy) \(key)")
            }
        }
    }

    @Test("evaluate over a Beta population gives pass@N")
    func populationJSON() throws {
        let o = try json([
            "strategy", "evaluate", "--strategy", "bon", "--beta-alpha", "0.388", "--beta-beta", "2.715", "--samples",
            "100", "--steps", "10",
        ])
        #expect(abs((o["success"] as? Double ?? 0) - 0.766) < 1e-3)  // §8 pass@100, Llama-3-8B
    }

    @Test("invalid inputs are one-line errors with exit status 2 naming the option")
    func invalidInputs() throws {
        let cases: [([String], String)] = [
            (["--strategy", "cot", "--m", "5", "--r", "1.5", "--steps", "25"], "--r"),
            (["--strategy", "cot", "--m", "0", "--r", "0.5", "--steps", "25"], "--m"),
            (["--strategy", "cot", "--m", "3", "--r", "0.5", "--steps=-1"], "--steps"),
            (["--strategy", "cot", "--m", "3", "--r", "0", "--steps", "5"], "--r"),
            (["--strategy", "tot", "--m", "3", "--r", "0.5", "--steps", "5", "--branches", "0"], "--branches"),
        ]
        for (args, option) in cases {
            let r = try runDS3(["strategy", "evaluate"] + args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(option), "\(args): \(r.stderr)")
        }
    }

    @Test("compare: the CoT vs ToT preference flips with r as §3.5 predicts")
    func compareFlip() throws {
        // Attention-dominated setting (N = 1e8, chains of ~10⁴ tokens): ToT(4) is cheaper per success for
        // r < r*(4) ≈ 0.456, CoT above.
        func best(_ r: String) throws -> (String, [String: Double]) {
            let o = try json([
                "strategy", "compare", "--m", "200", "--r", r, "--steps", "20000", "--params", "1e8", "--attention",
                "--branches", "4",
            ])
            var perFlop: [String: Double] = [:]
            for row in o["strategies"] as? [[String: Any]] ?? [] {
                if let name = row["strategy"] as? String { perFlop[name] = row["success_per_pflop"] as? Double }
            }
            return (o["best_per_compute"] as? String ?? "", perFlop)
        }
        let (hard, hardRows) = try best("0.35")
        let (easy, easyRows) = try best("0.6")
        #expect((hardRows["tot"] ?? 0) > (hardRows["cot"] ?? 0))
        #expect((easyRows["cot"] ?? 0) > (easyRows["tot"] ?? 0))
        #expect(hard != easy)
        #expect(["cot", "strict", "tot", "bon", "mv", "refine"].allSatisfy { hardRows[$0] != nil })
    }

    @Test("simulate agrees with the closed form within 4 standard errors")
    func simulate() throws {
        let o = try json([
            "strategy", "simulate", "--strategy", "bon", "--m", "5", "--r", "0.2", "--steps", "25", "--samples", "3",
            "--trials", "20000", "--seed", "5",
        ])
        for key in ["success", "flops", "tokens", "latency"] {
            let entry = o[key] as? [String: Any] ?? [:]
            let z = entry["z"] as? Double ?? .infinity
            #expect(z <= 4, "\(key): z = \(z)")  // 4 SE: false alarm ≈ 6e-5 per quantity
        }
    }
}
