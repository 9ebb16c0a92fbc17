internal import CGSL

/// GSL's default error handler aborts the process. It is switched off exactly once (a global `let` is
/// initialised through `swift_once`, so this is race-free); every wrapper calls `GSLRuntime.configure()` first
/// and turns returned status codes into thrown `GSLError`s.
private let gslErrorHandlerDisabled: Bool = {
    _ = gsl_set_error_handler_off()
    return true
}()

/// Process-wide GSL set-up and version information.
public enum GSLRuntime {
    /// Switches GSL's abort-on-error handler off (idempotent, thread-safe).
    @inline(__always)
    public static func configure() { _ = gslErrorHandlerDisabled }

    /// Version string of the GSL library linked at run time, e.g. "2.7.1".
    public static var version: String {
        String(cString: cgsl_runtime_version())
    }
}
