import ScalingCore

/// Runs a command over the values of a `SweepValues` option.
enum Sweep {
    /// One value with a single-record format: one record starting with `label` = the value. Otherwise one row per
    /// value, solved on all cores (`Parallel.map`: independent points, results in input order, the same on any
    /// number of threads), each row starting with `label` = its value, its convergence as fields.
    static func emit(
        _ values: [Double], label: String, format: RowFormat,
        _ record: @Sendable (Double, OutputFormat) throws -> Record
    ) throws {
        if values.count == 1, let single = format.single {
            // The swept input is echoed as a sweep row would start with it.
            var echoed = Record()
            echoed.add(label, values[0])
            echoed.fields += try record(values[0], single).fields
            try echoed.emit(single)
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
