import ScalingCore

/// Runs a command over the values of a `SweepValues` option.
enum Sweep {
    /// One value with a single-record format: the record as the command always printed it. Otherwise one row per
    /// value, solved on all cores (`Parallel.map`: independent points, results in input order, the same on any
    /// number of threads), each row starting with `label` = its value, its convergence as fields.
    static func emit(
        _ values: [Double], label: String, format: RowFormat,
        _ record: @Sendable (Double, OutputFormat) throws -> Record
    ) throws {
        if values.count == 1, let single = format.single {
            try record(values[0], single).emit(single)
            return
        }
        let rows = try Parallel.map(count: values.count) { i in
            var row = Record()
            row.add(label, values[i])
            row.fields += try record(values[i], .json).fields
            return row
        }
        try Record.emitRows(rows, format)
    }
}
