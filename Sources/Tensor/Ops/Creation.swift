/// Ways to make tensors: filled, ranges, random, and from nested arrays.
///
///     let x = try Tensor(nested: [[1, 2], [3, 4]])      // [2, 2]
///     var rng = RandomGenerator(seed: 0)
///     let w = try Tensor.randn([16, 1, 3, 3], std: 0.1, using: &rng)
extension Tensor {
    public static func ones(_ shape: [Int]) throws -> Tensor { try full(shape, 1) }

    public static func full(_ shape: [Int], _ value: Float) throws -> Tensor {
        let t = try Tensor(zeros: shape)
        if value != 0 { t.storage.pointer.update(repeating: value, count: t.count) }
        return t
    }

    /// 0, 1, …, n − 1.
    public static func arange(_ n: Int) throws -> Tensor {
        guard n >= 0 else { throw TensorError("arange", "count must be non-negative, got \(n)") }
        let t = try Tensor(zeros: [n])
        for i in 0..<n { t.storage.pointer[i] = Float(i) }
        return t
    }

    /// Normal samples with mean 0 and standard deviation `std`.
    public static func randn(_ shape: [Int], std: Float = 1, using rng: inout RandomGenerator) throws -> Tensor {
        let t = try Tensor(zeros: shape)
        for i in 0..<t.count { t.storage.pointer[i] = rng.normal() * std }
        return t
    }

    /// Uniform samples in [low, high).
    public static func uniform(_ shape: [Int], low: Float, high: Float, using rng: inout RandomGenerator) throws -> Tensor {
        guard low <= high else { throw TensorError("uniform", "low \(low) is above high \(high)") }
        let t = try Tensor(zeros: shape)
        for i in 0..<t.count { t.storage.pointer[i] = low + (high - low) * rng.uniform() }
        return t
    }

    /// Zeros in the shape of `self`.
    public func zerosLike() -> Tensor { Tensor.empty(shape) }

    /// A tensor from nested arrays of numbers: `[[1, 2], [3, 4]]` is [2, 2].
    /// Ragged nesting or anything that is not a number throws.
    public convenience init(nested: [Any]) throws {
        var shape: [Int] = []
        var values: [Float] = []
        func walk(_ item: Any, depth: Int) throws {
            if let list = item as? [Any] {
                if depth == shape.count {
                    guard values.isEmpty else { throw TensorError("tensor", "ragged nesting: a list where a number was expected at depth \(depth)") }
                    shape.append(list.count)
                } else if depth > shape.count || shape[depth] != list.count {
                    throw TensorError("tensor", "ragged nesting: expected \(depth < shape.count ? shape[depth] : 0) elements at depth \(depth), got \(list.count)")
                }
                for x in list { try walk(x, depth: depth + 1) }
                return
            }
            guard depth == shape.count else {
                throw TensorError("tensor", "ragged nesting: a number where a list was expected at depth \(depth)")
            }
            guard let v = Tensor.number(item) else { throw TensorError("tensor", "\(type(of: item)) is not a number") }
            values.append(v)
        }
        try walk(nested, depth: 0)
        // A list of empty lists leaves fewer values than the shape needs only if ragged.
        try self.init(shape: shape, scalars: values)
    }

    private static func number(_ x: Any) -> Float? {
        switch x {
        case let v as Float: return v
        case let v as Double: return Float(v)
        case let v as Int: return Float(v)
        case let v as Bool: return v ? 1 : 0
        default: return nil
        }
    }
}
