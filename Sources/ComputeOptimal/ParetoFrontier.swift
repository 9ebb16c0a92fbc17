/// Pareto frontier of (cost, value) points: a point is on the frontier when no other point has cost ≤ its cost
/// and value > its value, or cost < its cost and value ≥ its value.
public enum ParetoFrontier {
    /// Indices of the non-dominated points (lower cost and higher value are better), in input order.
    public static func indices(cost: [Double], value: [Double]) -> Set<Int> {
        var result = Set<Int>()
        let n = min(cost.count, value.count)
        for i in 0..<n {
            var dominated = false
            for j in 0..<n where j != i {
                if (cost[j] <= cost[i] && value[j] > value[i]) || (cost[j] < cost[i] && value[j] >= value[i]) {
                    dominated = true
                    break
                }
            }
            if !dominated { result.insert(i) }
        }
        return result
    }
}
