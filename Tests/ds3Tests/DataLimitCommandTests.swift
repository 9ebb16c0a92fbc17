import Foundation
import Testing

@Suite("ds3 optimum --unique-tokens, --max-params, --max-tokens-per-query")
struct DataLimitCommandTests {
    func json(_ args: [String]) throws -> [String: Any] { try runDS3JSON(args) }

    @Test("A non-binding --unique-tokens prints today's N, D and loss exactly; a binding one the README optimum")
    func chinchillaWithDataLimit() throws {
        let free = try json(["optimum", "chinchilla", "--compute", "1e24"])
        let loose = try json(["optimum", "chinchilla", "--compute", "1e24", "--unique-tokens", "1e30"])
        // JSON prints the shortest round-trip digits, so equal doubles give equal values.
        for key in ["N", "D", "loss"] { #expect(loose[key] as? Double == free[key] as? Double, "\(key)") }
        #expect(loose["data_limit_binds"] as? Bool == false)
        let bound = try json([
            "optimum", "chinchilla", "--compute", "\(6 * 8.67e9 * 178e9)", "--law", "muennighoff", "--unique-tokens",
            "25e9",
        ])
        // datablations README: 227B tokens, 9.1 epochs, 6.8B parameters (half a unit of the last printed digit).
        #expect(abs((bound["D"] as? Double ?? 0) - 227e9) <= 0.5e9)
        #expect(abs((bound["epochs"] as? Double ?? 0) - 9.1) <= 0.05)
        #expect(abs((bound["N"] as? Double ?? 0) - 6.8e9) <= 0.05e9)
        #expect(bound["data_limit_binds"] as? Bool == true)
    }

    @Test("inference-aware (both forms) and joint take --unique-tokens and report the epochs and whether U binds")
    func otherOptima() throws {
        let aware = try json([
            "optimum", "inference-aware", "--compute", "1e24", "--inference-tokens", "1e13", "--unique-tokens", "1e11",
        ])
        #expect(aware["data_limit_binds"] as? Bool == true && (aware["epochs"] as? Double ?? 0) > 1)
        let joint = try json([
            "optimum", "joint", "--compute", "1e21", "--queries", "1e9", "--m-max", "5", "--l0-count", "3",
            "--unique-tokens", "1e9",
        ])
        #expect(joint["unique_tokens"] as? Double == 1e9 && joint["converged"] as? Bool == true)
        let quality = try json([
            "optimum", "inference-aware", "--loss", "2.1", "--inference-tokens", "1e12", "--unique-tokens", "4e10",
        ])
        #expect(quality["data_limit_binds"] as? Bool == true)
        let cheaper = quality["total_flops"] as? Double ?? .infinity
        let baseline = (quality["chinchilla_style"] as? [String: Any])?["total_flops"] as? Double ?? 0
        #expect(cheaper <= baseline)
    }

    @Test("joint --max-params and --max-tokens-per-query: caps that bind are met, caps that do not change nothing")
    func jointCaps() throws {
        let base = ["optimum", "joint", "--compute", "1e21", "--queries", "1e9", "--m-max", "5", "--l0-count", "3"]
        let free = try runDS3JSON(base)
        let N = free["N"] as? Double ?? 0
        let omega = free["tokens_per_query"] as? Double ?? 0
        let loose = try runDS3JSON(base + ["--max-params", "\(2 * N)", "--max-tokens-per-query", "\(2 * omega)"])
        for key in ["N", "D", "tokens_per_query", "accuracy"] {
            #expect(loose[key] as? Double == free[key] as? Double, "\(key)")
        }
        let capped = try runDS3JSON(base + ["--max-params", "\(N / 10)", "--max-tokens-per-query", "\(omega / 10)"])
        #expect((capped["N"] as? Double ?? .infinity) <= N / 10)
        #expect((capped["tokens_per_query"] as? Double ?? .infinity) <= omega / 10)
        #expect((capped["warnings"] as? [Any])?.isEmpty == false)
    }
}
