import Foundation

/// How the readable table (`--format table`, the default) prints a number: 6 significant digits and, for a key
/// whose quantity has a unit, the unit after it ("9.87781e+07 parameters", "1e+21 FLOPs"). JSON and CSV keep every
/// digit and no units, for programs.
enum TableUnits {
    /// Significant digits of a table number: enough to compare with the papers' printed values, short enough to
    /// read.
    static let significantDigits = 6

    /// The unit of each output key with one (keys are the JSON keys; nested records use the same names).
    static let units: [String: String] = [
        "N": "parameters", "params": "parameters", "N_star": "parameters",
        "D": "tokens", "D_star": "tokens", "tokens": "tokens", "tokens_per_query": "tokens",
        "lifetime_inference_tokens": "tokens", "unique_tokens": "tokens", "average_tokens": "tokens",
        "latency": "tokens",
        "compute": "FLOPs", "C": "FLOPs", "flops": "FLOPs", "training_flops": "FLOPs", "inference_flops": "FLOPs",
        "total_flops": "FLOPs", "least_compute_for_saturated_accuracy": "FLOPs",
        "dollars": "$", "training_dollars": "$", "inference_dollars": "$", "least_dollars_for_saturated_accuracy": "$",
        "loss": "nats/token", "E": "nats/token", "L0": "nats/token",
        "tokens_per_parameter": "tokens/parameter", "omega": "tokens/step", "steps": "steps",
        "queries": "queries", "epochs": "epochs",
    ]

    /// `x` to `significantDigits` digits, with the unit of `key` if it has one. Integers below 10^6 print whole.
    static func format(_ x: Double, key: String) -> String {
        let digits =
            x == x.rounded() && abs(x) < 1e6
            ? String(Int64(x)) : String(format: "%.\(significantDigits)g", x)
        guard let unit = units[key] else { return digits }
        return digits + " " + unit
    }
}
