import Foundation
import Testing

@Suite("ds3 optimum joint --target-accuracy and --max-latency")
struct JointGoalCommandTests {
    static let base = ["optimum", "joint", "--queries", "1e9", "--m-max", "5", "--l0-count", "3"]

    @Test("--target-accuracy prints the least budget C*; --compute C* gives back the same optimum")
    func targetAccuracy() throws {
        let target = try runDS3JSON(Self.base + ["--target-accuracy", "0.5"])
        // C* as printed (shortest round-trip digits), not re-parsed: JSONSerialization may round it by an ulp.
        let raw = try runDS3(Self.base + ["--target-accuracy", "0.5", "--format", "json"]).stdout
        let C = raw.split(separator: ",").first { $0.contains("\"compute\"") }?.split(separator: ":").last.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        // 1e-9: the library's tolerance on the accuracy reached (JointTargetTests).
        #expect(abs((target["accuracy"] as? Double ?? 0) - 0.5) <= 1e-9)
        let budget = try runDS3JSON(Self.base + ["--compute", C ?? "missing"])
        // The JSON prints C* with round-trip digits, so the budget run solves the same problem bit for bit.
        for key in ["N", "D", "tokens_per_query", "accuracy"] {
            #expect(budget[key] as? Double == target[key] as? Double, "\(key)")
        }
        let both = try runDS3(Self.base + ["--compute", "1e21", "--target-accuracy", "0.5"])
        #expect(both.status != 0 && both.stderr.contains("exactly one"))
        let neither = try runDS3(Self.base)
        #expect(neither.status != 0)
    }

    @Test("--max-latency: a binding cap is met and reported in sequential tokens; a loose one changes nothing")
    func maxLatency() throws {
        let free = try runDS3JSON(Self.base + ["--compute", "1e21"])
        let omega = free["tokens_per_query"] as? Double ?? 0
        // Expected latency never exceeds Ω (sequential tokens ≤ tokens), so a cap of Ω cannot bind.
        let loose = try runDS3JSON(Self.base + ["--compute", "1e21", "--max-latency", "\(omega)"])
        for key in ["N", "D", "tokens_per_query", "accuracy"] {
            #expect(loose[key] as? Double == free[key] as? Double, "\(key)")
        }
        let bound = try runDS3JSON(Self.base + ["--compute", "1e21", "--max-latency", "\(omega / 10)"])
        // 1e-9 relative: the latency root is bracketed to 1e-12 in ln(1 − s).
        #expect((bound["latency"] as? Double ?? .infinity) <= omega / 10 * (1 + 1e-9))
        #expect((bound["accuracy"] as? Double ?? 1) < (free["accuracy"] as? Double ?? 0))
    }
}

extension JointGoalCommandTests {
    @Test("The Chinchilla-constrained comparison obeys --max-params and --max-latency")
    func comparisonUnderCaps() throws {
        let free = try runDS3JSON(Self.base + ["--compute", "1e21"])
        let chinFree = free["chinchilla_constrained"] as? [String: Any] ?? [:]
        let N = chinFree["N"] as? Double ?? 0
        let capped = try runDS3JSON(Self.base + ["--compute", "1e21", "--max-params", "\(N / 4)"])
        let chin = capped["chinchilla_constrained"] as? [String: Any] ?? [:]
        #expect((chin["N"] as? Double ?? .infinity) <= N / 4)
        #expect((chin["accuracy"] as? Double ?? 1) < (chinFree["accuracy"] as? Double ?? 0))
    }
}

extension JointGoalCommandTests {
    @Test("--dollars with equal prices equals --compute B / p; --objective dollars needs a target")
    func dollars() throws {
        // Defaults: H100 bf16 at $2/hour and 40 % MFU for both phases, p = 2 / (3600 · 9.89e14 · 0.4) $/FLOP.
        let p = 2.0 / (3600 * 9.89e14 * 0.4)
        let priced = try runDS3JSON(Self.base + ["--dollars", "\(1e21 * p)"])
        let flops = try runDS3JSON(Self.base + ["--compute", "1e21"])
        // B / p is 1e21 to rounding, so the two solve budgets within an ulp or two: 1e-9 on the answers.
        for key in ["N", "D", "tokens_per_query", "accuracy"] {
            let a = priced[key] as? Double ?? 0
            let b = flops[key] as? Double ?? 1
            #expect(abs(a - b) <= 1e-9 * abs(b), "\(key)")
        }
        #expect(abs((priced["dollars"] as? Double ?? 0) - 1e21 * p) <= 1e-12 * 1e21 * p)
        let dear = try runDS3JSON(Self.base + ["--dollars", "\(1e21 * p)", "--mfu", "0.4,0.05"])
        #expect((dear["inference_share"] as? Double ?? 1) < (flops["inference_share"] as? Double ?? 0))
        let wrong = try runDS3(Self.base + ["--compute", "1e21", "--objective", "dollars"])
        #expect(wrong.status != 0)
    }
}

extension JointGoalCommandTests {
    @Test("inference-aware --dollars with equal prices equals --compute B / p; dearer inference shrinks the model")
    func inferenceAwareDollars() throws {
        let p = 2.0 / (3600 * 9.89e14 * 0.4)
        let base = ["optimum", "inference-aware", "--inference-tokens", "1e12"]
        let priced = try runDS3JSON(base + ["--dollars", "\(1e23 * p)"])
        let flops = try runDS3JSON(base + ["--compute", "1e23"])
        // B / p is 1e23 to rounding: the safeguarded Newton answers agree to 1e-9 relative.
        for key in ["N", "D", "loss"] {
            let a = priced[key] as? Double ?? 0
            let b = flops[key] as? Double ?? 1
            #expect(abs(a - b) <= 1e-9 * abs(b), "\(key)")
        }
        let cheap = try runDS3JSON(base + ["--loss", "2.0"])
        let dear = try runDS3JSON(base + ["--loss", "2.0", "--objective", "dollars", "--mfu", "0.4,0.1"])
        #expect((dear["N"] as? Double ?? .infinity) < (cheap["N"] as? Double ?? 0))
        let chinchilla = (dear["chinchilla_style"] as? [String: Any])?["dollars"] as? Double ?? 0
        #expect((dear["dollars"] as? Double ?? .infinity) <= chinchilla)
    }

    /// Issue 20 item 3 for the training-only optimum: a training budget in dollars buys C = B / p_tr FLOPs
    /// (p_tr = $2 per hour / (9.89e14 FLOP/s x 0.4 x 3600 s) by default), and the answer is the FLOP optimum at that
    /// C, digit for digit (the closed form of the same double).
    @Test("chinchilla --dollars B equals --compute B / p_tr and echoes both; --objective dollars is refused")
    func chinchillaDollars() throws {
        let priced = try runDS3JSON(["optimum", "chinchilla", "--dollars", "1e6", "--mfu", "0.5"])
        let C = try #require(priced["compute"] as? Double)
        // 1e6 / (2 / (9.89e14 x 0.5 x 3600)) = 8.901e23 (to rounding of the price).
        #expect(abs(C - 8.901e23) <= 1e-12 * 8.901e23)
        #expect(priced["dollars"] as? Double == 1e6)
        let flops = try runDS3(["optimum", "chinchilla", "--compute", "\(C)", "--format", "json"]).stdout
        let pricedText = try runDS3(["optimum", "chinchilla", "--dollars", "1e6", "--mfu", "0.5", "--format", "json"])
            .stdout
        // Same record after the echoed dollars: N, D, loss and the rest to the last digit.
        #expect(pricedText.replacingOccurrences(of: "\"dollars\": 1000000, ", with: "") == flops)
        let failure = try #require(
            FitCommandTests.inProcessFailure(["optimum", "chinchilla", "--compute", "1e23", "--objective", "dollars"]))
        #expect(failure.status == 2 && failure.message.contains("has no target"), "\(failure.message)")
    }
}
