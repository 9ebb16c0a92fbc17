import ComputeOptimal
import Testing

@Suite("Embedded Appendix A data")
struct BrownCoverageDataTests {
    @Test("The embedded digitised curves equal the shipped fixture CSVs exactly")
    func embeddedMatchesFixtures() throws {
        for (file, column, embedded) in [
            ("fit/brown2024-coverage.csv", "coverage", BrownCoverageData.coverage),
            ("fit/brown2024-majority-vote.csv", "accuracy", BrownCoverageData.majorityVote),
        ] {
            let data = try FitData.read(
                try fitFixture(file), source: file, required: [("N", .positive), (column, .probability)],
                optionalText: ["model"])
            let groups = FitData.groups(data, by: "model")
            #expect(groups.map(\.name) == embedded.map(\.model))
            for (group, entry) in zip(groups, embedded) {
                #expect(group.rows.map { data("N")[$0] } == entry.points.map(\.N))
                #expect(group.rows.map { data(column)[$0] } == entry.points.map(\.value))
            }
        }
    }
}
