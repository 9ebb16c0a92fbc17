import RealModule

/// The pieces shared by best-of-N and iterative refinement: n independent candidates (or passes), each correct
/// with probability p (failure p_f = 1 − p given separately), judged by a verifier with sensitivity s and false
/// acceptance f. With a = ps, w = p_f f and q = 1 − a − w = p_f (1 − f) + p (1 − s) (formed without
/// cancellation), 1 − q^n and q^{n−1} come from ln q (log1p when a + w is small), so every product below keeps
/// full relative precision down to the smallest positive double.
struct SelectionTails {
    /// 1 − q^n: some candidate accepted.
    let someAccepted: Double
    /// q^{n−1}: the first n − 1 candidates all rejected (1 when n = 1).
    let noneBeforeLast: Double
    /// a/(a + w) and w/(a + w): the accepted candidate is correct / wrong (0 when nothing can be accepted).
    let correctShare: Double
    let wrongShare: Double
    /// p (1 − s) and p_f (1 − f): a candidate is correct / wrong and rejected.
    let correctUnaccepted: Double
    let wrongUnaccepted: Double
    /// a + w: probability that one candidate is accepted.
    let accept: Double

    init(sampleSuccess p: Double, sampleFailure pf: Double, verifier: Verifier, rounds n: Double) {
        let a = p * verifier.sensitivity
        let w = pf * verifier.falseAcceptance
        accept = a + w
        correctUnaccepted = p * (1 - verifier.sensitivity)
        wrongUnaccepted = pf * (1 - verifier.falseAcceptance)
        let q = correctUnaccepted + wrongUnaccepted
        correctShare = accept > 0 ? a / accept : 0
        wrongShare = accept > 0 ? w / accept : 0
        if q <= 0 {
            someAccepted = 1
            noneBeforeLast = n == 1 ? 1 : 0
            return
        }
        let logQ = accept < 0.5 ? Double.log(onePlus: -accept) : Double.log(q)
        someAccepted = -Double.expMinusOne(n * logQ)
        noneBeforeLast = Double.exp((n - 1) * logQ)
    }
}
