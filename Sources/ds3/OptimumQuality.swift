import ComputeOptimal
import Foundation

/// How an optimum reports its quality on the command line: JSON carries `"converged"` and a `"warnings"` array
/// (empty when clean); the table keeps its lines and prints each warning on stderr.
extension Record {
    mutating func addQuality(_ convergence: Convergence, format: OutputFormat) {
        if format != .table { add("converged", convergence.converged) }
        addWarnings(convergence.warnings.map(\.description), format: format)
    }

    /// Warnings of a result that is not an optimum: on stderr under a table, as a `"warnings"` array (empty when
    /// clean) in JSON and CSV.
    mutating func addWarnings(_ warnings: [String], format: OutputFormat) {
        guard format != .table else {
            for warning in warnings { FileHandle.standardError.write(Data("ds3: warning: \(warning)\n".utf8)) }
            return
        }
        add("warnings", warnings.map { Record.Value.text($0) })
    }
}
