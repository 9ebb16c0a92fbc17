import ScalingCore

/// Runs a command over the values of its `SweepValues` options.
enum Sweep {
    /// One swept input: the key it is echoed under and its values in the order given.
    struct Axis: Sendable {
        let label: String
        let values: [Double]

        init(_ label: String, _ values: [Double]) {
            self.label = label
            self.values = values
        }

        init?(_ label: String, _ sweep: SweepValues?) {
            guard let sweep else { return nil }
            self.init(label, sweep.values)
        }
    }

    /// Refuses a product of sweeps (`counts` values of the options `labels`) with more than `SweepValues.maxPoints`
    /// points, before any point is made.
    static func checkSize(_ labels: [String], _ counts: [Int]) throws {
        guard counts.reduce(1.0, { $0 * Double($1) }) <= Double(SweepValues.maxPoints) else {
            throw ParameterError(
                parameter: labels.map { "--" + $0.replacingOccurrences(of: "_", with: "-") }.joined(separator: " × "),
                value: "\(counts.map(String.init).joined(separator: " × ")) points",
                validRange: "at most \(SweepValues.maxPoints) points in all")
        }
    }

    /// Every point of the Cartesian product of `axes` (the first axis outermost, each in its given order).
    ///
    /// - Throws: `ParameterError` when the product has more than `SweepValues.maxPoints` points.
    static func points(_ axes: [Axis]) throws -> [[Double]] {
        try checkSize(axes.map(\.label), axes.map(\.values.count))
        var points: [[Double]] = [[]]
        for axis in axes { points = points.flatMap { p in axis.values.map { p + [$0] } } }
        return points
    }

    /// One point with a single-record format: one record; otherwise one row per point of the product of `axes`,
    /// solved on all cores (`Parallel.map`: independent points, results in input order, the same on any number of
    /// threads), convergence as fields. Each record or row starts with the value of every axis the command's own
    /// record does not already echo.
    static func emit(
        _ axes: [Axis], format: RowFormat, _ record: @Sendable ([Double], OutputFormat) throws -> Record
    ) throws {
        let points = try points(axes)
        if points.count == 1, let single = format.single {
            try labelled(axes, points[0], try record(points[0], single)).emit(single)
            return
        }
        let rows = try Parallel.map(count: points.count) { i in
            labelled(axes, points[i], try record(points[i], .json))
        }
        try Record.emitRows(rows, format)
    }

    /// One swept input (the form most commands use).
    static func emit(
        _ values: [Double], label: String, format: RowFormat,
        _ record: @Sendable (Double, OutputFormat) throws -> Record
    ) throws {
        try emit([Axis(label, values)], format: format) { point, quality in try record(point[0], quality) }
    }

    /// `record` preceded by the axes' values it does not echo itself.
    static func labelled(_ axes: [Axis], _ point: [Double], _ record: Record) -> Record {
        var out = Record()
        for (axis, x) in zip(axes, point) where !record.fields.contains(where: { $0.0 == axis.label }) {
            out.add(axis.label, x)
        }
        out.fields += record.fields
        return out
    }
}
