import Foundation
import GSL
import Testing

@Suite("Special functions")
struct SpecialFunctionTests {
    @Test("Lambert W: W0(−1/e) = −1, W0(−0.2) = −0.2591711018, W0(1) = Ω, and W e^W = x")
    func lambert() throws {
        #expect(try SpecialFunctions.lambertW0(-exp(-1.0)) == -1)
        #expect(abs(try SpecialFunctions.lambertW0(-0.2) - -0.2591711018) < 1e-10)
        #expect(abs(try SpecialFunctions.lambertW0(1) - 0.5671432904097838) < 1e-15)
        for x in [-0.3, -0.1, 0.5, 3.0, 100.0] {
            let w = try SpecialFunctions.lambertW0(x)
            #expect(abs(w * exp(w) - x) <= 1e-14 * max(1, abs(x)))
        }
        let wm1 = try SpecialFunctions.lambertWm1(-0.1)
        #expect(abs(wm1 * exp(wm1) + 0.1) < 1e-15 && wm1 < -1)
        #expect(throws: GSLError.self) { try SpecialFunctions.lambertW0(-0.5) }
    }

    @Test("Gaussian Q, Φ and their inverses")
    func gaussian() throws {
        #expect(try SpecialFunctions.gaussianQ(0) == 0.5)
        #expect(abs(try SpecialFunctions.gaussianQ(1.96) - 0.024997895148220435) < 1e-15)
        #expect(abs(try SpecialFunctions.gaussianPhi(-1) - 0.15865525393145707) < 1e-15)
        #expect(abs(try SpecialFunctions.inverseGaussianQ(0.024997895148220435) - 1.96) < 1e-12)
        #expect(try SpecialFunctions.inverseGaussianPhi(0) == -.infinity)
        #expect(throws: GSLError.self) { try SpecialFunctions.inverseGaussianQ(1.5) }
        #expect(throws: GSLError.self) { try SpecialFunctions.gaussianQ(.nan) }
    }

    @Test("log-gamma, log-beta and binomial pmf/tails against exact values")
    func gammaBetaBinomial() throws {
        #expect(abs(try SpecialFunctions.logGamma(5) - log(24.0)) < 1e-14)
        #expect(abs(try SpecialFunctions.logBeta(2, 3) - log(1.0 / 12)) < 1e-14)  // a few ulp of 2.48
        #expect(abs(try Binomial.pmf(k: 3, n: 10, p: 0.5) - 120.0 / 1024) < 1e-15)
        #expect(abs(try Binomial.atMost(3, n: 10, p: 0.5) - 176.0 / 1024) < 1e-15)
        #expect(abs(try Binomial.atLeast(4, n: 10, p: 0.5) - 848.0 / 1024) < 1e-15)
        #expect(try Binomial.atLeast(0, n: 10, p: 0.3) == 1)
        #expect(try Binomial.atLeast(11, n: 10, p: 0.3) == 0)
        #expect(throws: GSLError.self) { try SpecialFunctions.logGamma(-1) }
        #expect(throws: GSLError.self) { try Binomial.pmf(k: 1, n: 3, p: 1.2) }
    }

    @Test("GSL runtime version is 2.x")
    func version() {
        #expect(GSLRuntime.version.hasPrefix("2."))
    }
}
