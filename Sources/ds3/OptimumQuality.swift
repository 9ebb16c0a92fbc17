import ComputeOptimal
import Foundation

/// How an optimum reports its quality on the command line: JSON carries `"converged"` and a `"warnings"` array
/// (empty when clean); the table keeps its lines and prints each warning on stderr.
extension Record {
    mutating func addQuality(_ convergence: Convergence, format: OutputFormat) {
        guard format != .table else {
            for warning in convergence.warnings {
                FileHandle.standardError.write(Data("ds3: warning: \(warning)\n".utf8))
            }
            return
        }
        add("converged", convergence.converged)
        add("warnings", convergence.warnings.map { Record.Value.text($0.description) })
    }
}
