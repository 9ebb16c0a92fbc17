internal import CGSL

/// State handed to GSL's C callbacks through `params`. Non-generic so a capture-free closure can use it.
struct ScalarContext {
    let f: (Double) throws -> Double
    var error: (any Error)?
}

/// Runs `body` with a `gsl_function` that calls `f`. The function struct and its context stay at a fixed
/// address for the whole of `body` (GSL solvers keep the pointer after `*_set`). An error thrown by `f` stops
/// the evaluation (GSL sees NaN) and is rethrown in preference to GSL's follow-on status.
func withGSLFunction<R>(
    _ f: (Double) throws -> Double, _ body: (UnsafeMutablePointer<gsl_function>) throws -> R
) throws -> R {
    GSLRuntime.configure()
    return try withoutActuallyEscaping(f) { escapable in
        var context = ScalarContext(f: escapable, error: nil)
        return try withUnsafeMutablePointer(to: &context) { contextPointer in
            var function = gsl_function(
                function: { x, params in
                    let context = params!.assumingMemoryBound(to: ScalarContext.self)
                    if context.pointee.error != nil { return .nan }
                    do {
                        return try context.pointee.f(x)
                    } catch {
                        context.pointee.error = error
                        return .nan
                    }
                },
                params: UnsafeMutableRawPointer(contextPointer))
            do {
                let result = try withUnsafeMutablePointer(to: &function) { try body($0) }
                if let error = contextPointer.pointee.error { throw error }
                return result
            } catch {
                throw contextPointer.pointee.error ?? error
            }
        }
    }
}

/// State for multidimensional callbacks.
struct VectorContext {
    let f: ([Double]) throws -> Double
    let gradient: (([Double]) throws -> [Double])?
    let dimension: Int
    var error: (any Error)?
}

@inline(__always)
func readVector(_ v: UnsafePointer<gsl_vector>) -> [Double] {
    let n = v.pointee.size
    let stride = v.pointee.stride
    let data = v.pointee.data!
    return (0..<n).map { data[$0 * stride] }
}

@inline(__always)
func writeVector(_ values: [Double], _ v: UnsafeMutablePointer<gsl_vector>) {
    let stride = v.pointee.stride
    let data = v.pointee.data!
    for (i, value) in values.enumerated() { data[i * stride] = value }
}

func allocVector(_ values: [Double]) throws -> UnsafeMutablePointer<gsl_vector> {
    guard let v = gsl_vector_alloc(values.count) else {
        throw GSLError(code: Int32(GSL_ENOMEM), routine: "gsl_vector_alloc", reason: "out of memory")
    }
    writeVector(values, v)
    return v
}
