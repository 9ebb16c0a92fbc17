import Foundation

/// The two tiers of the test suite.
///
/// Plain `swift test` runs the everyday tier: every property checked, on small inputs, in about a minute and a half
/// on a 2-core machine. Setting `DS3KIT_SLOW=1` also runs the slow tier: the full reference sweeps, long Monte Carlo
/// runs, the 1,000-case property tests, the wide grids and the bad-argument corpus through real processes. CI runs
/// the slow tier in a release build (`.ci/run`).
public enum TestTier {
    /// True when `DS3KIT_SLOW` is set to anything but `0` or the empty string.
    public static let slow: Bool = {
        let value = ProcessInfo.processInfo.environment["DS3KIT_SLOW"] ?? ""
        return !value.isEmpty && value != "0"
    }()

    /// `fast` in the everyday tier, `full` in the slow tier: for a count (Monte Carlo repeats, property cases) whose
    /// tolerance is derived from the count itself, so both tiers check the same property.
    public static func count(fast: Int, full: Int) -> Int { slow ? full : fast }
}
