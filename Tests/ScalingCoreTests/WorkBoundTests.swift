import ScalingCore
import Testing

/// Issue 18 item 6: one bound on the work a command starts, from a measured rate.
@Suite("WorkBound: refuse more than about a minute of work, naming the estimate")
struct WorkBoundTests {
    @Test("The limit is rate × 60 s, on 2 cores for parallel work; the time estimate is work over that rate")
    func limitArithmetic() {
        let parallel = WorkBound(unit: "steps", ratePerCoreSecond: 1e6, parallel: true)
        let serial = WorkBound(unit: "fits", ratePerCoreSecond: 40, parallel: false)
        // Exact in binary floating point: 1e6 × 2 × 60 and 40 × 60 are integers far below 2^53.
        #expect(parallel.limit == 1.2e8)
        #expect(serial.limit == 2400)
        #expect(parallel.seconds(for: parallel.limit) == 60)
        #expect(serial.seconds(for: 4800) == 120)
    }

    @Test("Work at the limit is accepted; above it, or not finite, it is refused with flag, value, limit and estimate")
    func refusalNamesEverything() throws {
        let bound = WorkBound(unit: "graph operations", ratePerCoreSecond: 4e7, parallel: true)
        try bound.check(bound.limit, parameter: "repeats", value: "1", formula: "repeats × n", lower: "lower --repeats")
        try bound.check(0, parameter: "repeats", value: "0", formula: "repeats × n", lower: "lower --repeats")
        let error = #expect(throws: ParameterError.self) {
            try bound.check(
                bound.limit * 30, parameter: "repeats", value: "7000", formula: "repeats × n", lower: "lower --repeats")
        }
        let text = try #require(error).description
        #expect(text.hasPrefix("invalid repeats = 7000: must be such that repeats × n ≤ 4.8e+09 graph operations"))
        #expect(text.contains("(about a minute on 2 cores)"), "\(text)")
        // 30 limits are 30 minutes at the measured rate.
        #expect(
            text.contains("the estimate is 1.4e+11 graph operations (about 30 minutes): lower --repeats"), "\(text)")
        for work in [Double.nan, .infinity, bound.limit.nextUp] {
            #expect(throws: ParameterError.self, "\(work)") {
                try bound.check(work, parameter: "p", value: "v", formula: "f", lower: "l")
            }
        }
    }

    @Test("Serial work is timed on one core; a library parameter's error can be renamed to the command's flag")
    func serialMessageAndFlagNaming() throws {
        let serial = WorkBound(unit: "local fits", ratePerCoreSecond: 25, parallel: false)
        let error = #expect(throws: ParameterError.self) {
            try ParameterError.naming("--starts", for: "starts") {
                try serial.check(3000, parameter: "starts", value: "600", formula: "starts × models", lower: "lower")
            }
        }
        let text = try #require(error).description
        // 3000 / 25 = 120 s: the first duration shown in minutes.
        #expect(
            text == "invalid --starts = 600: must be such that starts × models ≤ 1.5e+03 local fits (about a minute on "
                + "one core); the estimate is 3e+03 local fits (about 2 minutes): lower")
        let other = ParameterError(parameter: "r", value: "2", validRange: "in [0, 1]")
        #expect(other.naming("--starts", for: "starts") == other)
    }
}
