import DS3
import Foundation
import Testing

/// `competenceThresholds()` against the competence itself: a change exactly at each threshold and nowhere between.
@Suite("Tripartite competence thresholds")
struct TripartiteLinkThresholdTests {
    /// Published mode (P̄ = 1): the competence one ulp below a threshold differs from the competence at it, and is
    /// the same at the threshold, at 20 log-spaced points up to the next threshold (exclusive) and just below it —
    /// the property the exact F19 optimum rests on. Checked for the authors' constants and for a set with η = 0 and
    /// few levels.
    @Test("The published-mode competence changes at each threshold and is constant between consecutive thresholds")
    func competenceIsPiecewiseConstant() throws {
        let sets = [
            try TripartiteLink.Constants(),
            try TripartiteLink.Constants(levels: 12, minLevel: 3, maxLevel: 6, supportThreshold: 0),
        ]
        for constants in sets {
            let link = try TripartiteLink(constants: constants, mode: .published)
            let thresholds = link.competenceThresholds()
            #expect(thresholds.count == constants.levels)
            #expect(zip(thresholds, thresholds.dropFirst()).allSatisfy { $0 < $1 })
            for (k, t) in thresholds.enumerated() {
                let here = try link.competence(trainingCompute: t)
                #expect(try link.competence(trainingCompute: t.nextDown) != here, "threshold \(k) at \(t)")
                let next = k + 1 < thresholds.count ? thresholds[k + 1] : t * 10
                for j in 1...20 {
                    let c = t * Foundation.pow(next / t, Double(j) / 21)
                    #expect(try link.competence(trainingCompute: c) == here, "between thresholds \(k) and \(k + 1)")
                }
                #expect(try link.competence(trainingCompute: next.nextDown) == here)
            }
        }
    }
}
