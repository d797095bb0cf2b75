import Tensor

/// Cutting datasets: slices, subsets, label filters, seeded shuffles, splits and
/// samples. Every result shares the pixel bytes of `self`.
extension Dataset {
    /// A view of the given rows of this dataset (indices into `self`, checked).
    func view(_ indices: [Int], name newName: String, labels newLabels: [Int]?? = .none,
              classes newClasses: Int? = nil, classNames newNames: [String]?? = .none) -> Dataset {
        let storeRows = indices.map { storeRow($0) }
        let viewLabels: [Int]? = newLabels ?? labels.map { l in indices.map { l[$0] } }
        return Dataset(view: store, rows: storeRows, start: 0, count: indices.count, labels: viewLabels,
                       name: newName, classes: newClasses ?? classes, classNames: newNames ?? classNames)
    }

    /// Images `range` (e.g. `0..<100`), in order.
    ///
    ///     let first = try mnist.train.slice(0..<1000)
    public func slice(_ range: Range<Int>) throws -> Dataset {
        guard range.lowerBound >= 0 && range.upperBound <= count else {
            throw DataError(file: name, nil, "range \(range.lowerBound)..<\(range.upperBound) is out of range (0..<\(formatCount(count)))")
        }
        let newName = "\(name)[\(range.lowerBound)..<\(range.upperBound)]"
        let newLabels = labels.map { Array($0[range]) }
        if let rows {
            return Dataset(view: store, rows: Array(rows[range]), start: 0, count: range.count, labels: newLabels,
                           name: newName, classes: classes, classNames: classNames)
        }
        return Dataset(view: store, rows: nil, start: start + range.lowerBound, count: range.count, labels: newLabels,
                       name: newName, classes: classes, classNames: classNames)
    }

    /// The images at `indices` (in that order; repeats allowed).
    public func subset(_ indices: [Int]) throws -> Dataset {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DataError(file: name, nil, "index \(formatCount(bad)) is out of range (0..<\(formatCount(count)))")
        }
        return view(indices, name: "\(name) (\(formatCount(indices.count)) selected)")
    }

    func requireLabels(_ what: String) throws -> [Int] {
        guard let labels else { throw DataError(file: name, nil, "has no labels, so it cannot be \(what)") }
        return labels
    }

    /// The images whose label is in `keep`; with `relabel`, the kept labels are
    /// renumbered 0, 1, … in increasing order (digits 5–9 become classes 0–4).
    ///
    ///     let low = try mnist.train.filter(labels: [0, 1, 2, 3, 4])   // 30,596 images
    public func filter(labels keep: Set<Int>, relabel: Bool = false) throws -> Dataset {
        let all = try requireLabels("filtered by label")
        let indices = all.indices.filter { keep.contains(all[$0]) }
        let kept = keep.sorted()
        let newName = "\(name) (labels \(labelList(kept)))"
        guard relabel else { return view(indices, name: newName) }
        var map: [Int: Int] = [:]
        for (i, l) in kept.enumerated() { map[l] = i }
        let newLabels = indices.map { map[all[$0], default: 0] }  // every kept label is a key
        let newNames: [String]? = classNames.map { names in kept.map { $0 >= 0 && $0 < names.count ? names[$0] : String($0) } }
        return view(indices, name: newName, labels: .some(newLabels), classes: kept.count, classNames: .some(newNames))
    }

    /// The same images in an order fixed by `seed`.
    public func shuffled(seed: UInt64) -> Dataset {
        var rng = RandomGenerator(seed: seed)
        return shuffled(using: &rng)
    }

    /// The same images in random order, drawn from `rng`.
    public func shuffled(using rng: inout RandomGenerator) -> Dataset {
        view(Dataset.permutation(count, using: &rng), name: name)
    }

    /// Splits into two parts after a seeded shuffle: the first gets `fraction` of
    /// the images (rounded), the second the rest.
    ///
    ///     let (train, val) = try mnist.train.split(fraction: 0.9, seed: 42)   // 54,000 / 6,000
    public func split(fraction: Double, seed: UInt64) throws -> (Dataset, Dataset) {
        guard fraction >= 0 && fraction <= 1 else {
            throw DataError(file: name, nil, "split fraction must be between 0 and 1, got \(fraction)")
        }
        var rng = RandomGenerator(seed: seed)
        let order = Dataset.permutation(count, using: &rng)
        let cut = Int((fraction * Double(count)).rounded())
        return (view(Array(order[..<cut]), name: "\(name) (part 1)"),
                view(Array(order[cut...]), name: "\(name) (part 2)"))
    }

    /// `n` different images chosen at random from `rng`.
    public func sample(_ n: Int, using rng: inout RandomGenerator) throws -> Dataset {
        guard n >= 0 && n <= count else {
            throw DataError(file: name, nil, "cannot sample \(formatCount(n)) of \(formatCount(count)) images")
        }
        return view(Array(Dataset.permutation(count, using: &rng)[..<n]), name: "\(name) (sample of \(formatCount(n)))")
    }

    /// `n` different images chosen by `seed`.
    public func sample(_ n: Int, seed: UInt64) throws -> Dataset {
        var rng = RandomGenerator(seed: seed)
        return try sample(n, using: &rng)
    }

    /// `n` images of every class present, chosen by `seed`: the few labelled
    /// examples of transfer learning. Throws if a class has fewer than `n`.
    ///
    ///     let tiny = try mnist.train.take(perClass: 10, seed: 0)   // 100 images, 10 of each digit
    public func take(perClass n: Int, seed: UInt64) throws -> Dataset {
        let all = try requireLabels("sampled per class")
        guard n >= 0 else { throw DataError(file: name, nil, "cannot take \(n) images per class") }
        let counts = classCounts
        if let short = counts.indices.first(where: { counts[$0] > 0 && counts[$0] < n }) {
            throw DataError(file: name, nil, "class \(short) has only \(formatCount(counts[short])) images, \(formatCount(n)) requested")
        }
        var rng = RandomGenerator(seed: seed)
        var taken = [Int](repeating: 0, count: counts.count)
        var picked: [Int] = []
        picked.reserveCapacity(n * counts.filter { $0 > 0 }.count)
        for i in Dataset.permutation(count, using: &rng) where taken[all[i]] < n {
            taken[all[i]] += 1
            picked.append(i)
        }
        // Keep the seeded random order, so a batch mixes classes.
        return view(picked, name: "\(name) (\(n) per class)")
    }

    /// A permutation of 0..<n by Fisher–Yates with our own generator, so a seed
    /// gives the same order on every machine and Swift version.
    static func permutation(_ n: Int, using rng: inout RandomGenerator) -> [Int] {
        var p = Array(0..<n)
        var i = n - 1
        while i > 0 {
            let j = Int(rng.next() % UInt64(i + 1))
            p.swapAt(i, j)
            i -= 1
        }
        return p
    }
}

/// `[0, 1, 2, 3, 4]` → `"0–4"`, `[1, 3, 7]` → `"1, 3, 7"`.
func labelList(_ sorted: [Int]) -> String {
    guard let lo = sorted.first, let hi = sorted.last else { return "none" }
    if sorted.count > 2 && sorted.count == hi - lo + 1 { return "\(lo)–\(hi)" }
    return sorted.map(String.init).joined(separator: ", ")
}
