import Foundation
import ScalingCore

/// A faster peeling trial with the same distribution as `trial(rng:)` (the step-by-step reference it is tested
/// against): the same random graph — every (text, unknown concept) pair an edge independently with probability
/// p — and the same decoder outcome (peeling's stopping set does not depend on the order of peeling), but
///
/// - edges are drawn concept by concept (geometric skipping over the K × T pairs in concept-major order, no
///   division per edge), so the concept → texts lists are written sequentially and no transpose is needed;
/// - a text is not stored as a list: it keeps the number of its still-unknown concepts and the XOR of their
///   indices, so when the count falls to 1 the XOR *is* the last unknown concept (the invertible-Bloom-lookup
///   trick).
///
/// Memory per trial: 4 bytes per edge plus 8 bytes per text and per concept (the reference needs about twice
/// that). Random numbers are consumed in another order than the reference, so the two agree in distribution, not
/// sample by sample.
extension PeelingSimulator {
    /// Runs one trial with the given random stream (fast path).
    public func fastTrial(rng: inout Xoshiro256StarStar) -> Trial {
        let n = Int(graph.conceptNodes.rounded())
        let texts = Int(graph.texts.rounded())
        let K = unknownCount(nodes: n, rng: &rng)
        if K == 0 { return Trial(unknown: 0, unlearned: 0, edges: 0) }
        let p = graph.edgeProbability
        let expected = Double(texts) * Double(K) * p
        let capacity = Int(expected + 6 * expected.squareRoot() + 16)

        // Text state: (count, xor) of its unknown concepts, interleaved so one cache line serves both. The large
        // arrays live on transparent huge pages where the kernel allows it: the random accesses of peeling would
        // otherwise miss the TLB on almost every edge.
        let stateBuffer = LargeBuffer<UInt32>(count: 2 * texts)
        let startBuffer = LargeBuffer<Int>(count: K + 1)
        var edges = GrowableLargeBuffer<UInt32>(capacity: min(capacity, K * texts))
        do {
            // Edges first (sequential writes), concept-major.
            let st = stateBuffer.pointer
            let starts = startBuffer.pointer
            if p >= 1 {
                for c in 0..<K {
                    for t in 0..<texts { edges.append(UInt32(t)) }
                    starts[c + 1] = edges.count
                }
            } else {
                let inverseLogQ = 1 / Foundation.log1p(-p)
                let limit = Double(K) * Double(texts)
                var concept = 0
                var position = -1  // text index within the current concept's row
                while true {
                    let skip = Foundation.log(rng.uniformOpen()) * inverseLogQ
                    guard skip < limit else { break }
                    position += 1 + Int(skip)
                    while position >= texts {
                        position -= texts
                        concept += 1
                        starts[concept] = edges.count
                        if concept == K { break }
                    }
                    if concept == K { break }
                    edges.append(UInt32(position))
                }
                if concept < K { for c in (concept + 1)...K { starts[c] = edges.count } }
            }
            // Text state in a separate tight pass: its random read-modify-writes then overlap in the memory
            // system, where inside the generation loop (a `log` call per edge) they would run one at a time.
            let adjacency = edges.pointer
            for c in 0..<K {
                let tag = UInt32(c)
                for e in starts[c]..<starts[c + 1] {
                    let u = 2 * Int(adjacency[e])
                    st[u] &+= 1
                    st[u + 1] ^= tag
                }
            }
        }
        // Peeling with a stack of texts that hold exactly one unknown concept (last in, first out: recently
        // touched texts are still in cache). A text's count only falls, so it reaches 1 at most once and the stack
        // never holds more than T entries; pushes are branch-free (write, then advance the top when the count is
        // 1), which keeps the random loads of neighbouring edges in flight together.
        var learned = 0
        let knownBuffer = LargeBuffer<Bool>(count: K)
        let queueBuffer = LargeBuffer<UInt32>(count: texts + 1)
        let st = stateBuffer.pointer
        let starts = startBuffer.pointer
        let adjacency = edges.pointer
        let isKnown = knownBuffer.pointer
        let queue = queueBuffer.pointer
        var tail = 0
        for t in 0..<texts {
            queue[tail] = UInt32(t)
            tail += st[2 * t] == 1 ? 1 : 0
        }
        while tail > 0 {
            tail -= 1
            let t = Int(queue[tail])
            guard st[2 * t] == 1 else { continue }
            let c = Int(st[2 * t + 1])
            guard !isKnown[c] else { continue }
            isKnown[c] = true
            learned += 1
            let tag = UInt32(c)
            for e in starts[c]..<starts[c + 1] {
                let text = adjacency[e]
                let u = 2 * Int(text)
                let count = st[u] &- 1
                st[u] = count
                st[u + 1] ^= tag
                queue[tail] = text
                tail += count == 1 ? 1 : 0
            }
        }
        withExtendedLifetime((stateBuffer, startBuffer, knownBuffer, queueBuffer, edges.storage)) {}
        return Trial(unknown: K, unlearned: K - learned, edges: edges.count)
    }

    /// `simulate(repeats:seed:threads:)` on the fast path: trial i on stream i of `seed`, independent of the thread
    /// count. Same summary statistics as the reference.
    package func simulateFast(repeats: Int, seed: UInt64, threads: Int = Parallel.defaultThreads) throws -> Summary {
        try run(repeats: repeats, seed: seed, threads: threads) { sim, rng in sim.fastTrial(rng: &rng) }
    }
}
