/// Progress of a long computation, for a caller that wants to show it (the `ds3` command prints it on stderr).
///
/// `Parallel.map` reports the items it has finished, out of its total, to the sink installed around the caller
/// with `Progress.reporting(to:_:)`: every long computation of the package runs its independent items through
/// `Parallel.map` (figures, sweeps, bootstrap replicates, simulation chunks), so one sink sees them all. Only the
/// outermost map reports: maps nested inside a work item run on worker threads, where the sink is not installed.
public enum Progress {
    /// The sink of the current task: (items done, items in total), called from worker threads.
    @TaskLocal static var sink: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// Runs `body` with `sink` receiving the progress of every outermost `Parallel.map` it starts. The sink is
    /// called from worker threads, after each finished item, and must be thread-safe and cheap.
    public static func reporting<R>(
        to sink: @escaping @Sendable (_ done: Int, _ total: Int) -> Void, _ body: () throws -> R
    ) rethrows -> R {
        try $sink.withValue(sink) { try body() }
    }
}
