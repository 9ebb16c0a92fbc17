import ComputeOptimal
import Foundation
import ScalingCore
import TestSupport
import Testing

@Suite("Published optima (fixtures/optimum/published-optima.csv)")
struct PublishedOptimaTests {
    @Test("Every published optimum in the fixture is reproduced to its printed precision")
    func fixtureRowsReproduce() throws {
        let path = fixturePath("optimum/published-optima.csv")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
        #expect(rows.count == 7)
        for row in rows {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let law = try ChinchillaLossLaw.named(f[2])
            let (quantity, C, ell, T) = (f[3], Double(f[4]) ?? .nan, Double(f[5]) ?? .nan, Double(f[6]) ?? .nan)
            let (printed, digits) = (Double(f[7]) ?? .nan, Int(f[8]) ?? 0)
            let actual: Double
            switch quantity {
            case "N" where C > 0: actual = try law.computeOptimal(compute: C).parameters
            case "N": actual = try InferenceAware.fixedLoss(law: law, loss: ell, inferenceTokens: T).parameters
            case "D": actual = try InferenceAware.fixedLoss(law: law, loss: ell, inferenceTokens: T).tokens
            case "D_at_N=30e9": actual = try law.computeOptimal(parameters: 30e9).tokens
            case "C_at_N=30e9": actual = try law.computeOptimal(parameters: 30e9).compute
            default:
                Issue.record("unknown quantity \(quantity) in \(f[0])")
                continue
            }
            // Printed numbers are checked to half a unit of their last printed digit.
            #expect(roundsTo(actual, printed, significantDigits: digits), "\(f[0]): \(actual) vs \(printed)")
        }
    }
}
