// latent-fitbench: training throughput, test quality and peak memory of the two
// reference models, trained exactly as the REPL's `fit ae mnist` does it — NN's
// Trainer.fit over Data's MNIST (shuffled batches converted from UInt8 per batch,
// default loss, Adam) — plus a phase/op profile of the same training step.
//
// Owned by the "Data and training" measurements (scripts/bench, scripts/train-quality).
import Foundation
import Tensor
import NN
import Data
#if canImport(Glibc)
import Glibc
#endif

/// What `fit` trains on (the REPL declares the same conformance in Script).
import Script  // for `extension Dataset: TrainingSet {}`, written once in Script

// MARK: options

struct Options {
    var models = ["ae", "clf"]
    var limit: Int? = nil
    var epochs = 1
    var batch = 128
    var backend = "fast"
    var seed: UInt64 = 0
    var window = 20
    var json = false
    var profile = false
    var profileBatches = 30
    var profileWarmup = 5
    var kernels = false
    var testLimit: Int? = nil
    var checkpoints: [Int] = []
    var mallocStats = false
    var evalBatch = 128
}

let usage = """
usage: latent-fitbench [--model ae|clf|both] [--limit N] [--epochs E] [--batch B]
                       [--backend fast|reference] [--seed S] [--window W] [--test-limit N]
                       [--report-after E1,E2,...] [--eval-batch B (128, Trainer.evaluate's default)]
                       [--json] [--malloc-stats]
                       [--profile [--profile-batches N] [--profile-warmup N]] [--kernels]

Trains the reference autoencoder (Builders.autoencoder(latent: 72), BCE, Adam 1e-3) and/or
the classifier (Builders.classifier: encoder + fc(10) + softmax, cross-entropy, Adam 1e-3)
on the first N MNIST training images (default all 60,000) with NN's Trainer.fit, then
evaluates on the 10,000 test images: reconstruction MSE (autoencoder), accuracy (classifier).
Prints images/s (per epoch, and the median over windows of W batches), the test metric and
peak memory (VmHWM / ru_maxrss). --report-after evaluates after those epochs too.
--profile: instead of Trainer.fit, runs the same step through NN's public API with each
phase timed (batch conversion, forward per layer, loss, backward per op, gradient check,
snapshot, Adam) for N batches after warm-up. --kernels adds the fast backend's per-kernel
wall and CPU time (LATENT_FAST_PROFILE).
--json prints one JSON object per model as the last lines (prefix "FITBENCH ").
"""

func fail(_ msg: String) -> Never {
    fputs("latent-fitbench: \(msg)\n\(usage)\n", stderr)
    exit(2)
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let v = args.popFirst() else { fail("\(flag) needs a value") }
        return v
    }
    func int(_ flag: String) -> Int {
        guard let v = Int(value(flag)), v > 0 else { fail("\(flag) needs a positive integer") }
        return v
    }
    while let a = args.popFirst() {
        switch a {
        case "--model", "--which":
            switch value(a) {
            case "ae", "autoencoder": o.models = ["ae"]
            case "clf", "classifier": o.models = ["clf"]
            case "both", "ae,clf": o.models = ["ae", "clf"]
            default: fail("--model takes ae, clf or both")
            }
        case "--limit": o.limit = int(a)
        case "--epochs": o.epochs = int(a)
        case "--batch": o.batch = int(a)
        case "--backend": o.backend = value(a)
        case "--seed":
            guard let v = UInt64(value(a)) else { fail("--seed needs a non-negative integer") }
            o.seed = v
        case "--window": o.window = int(a)
        case "--test-limit": o.testLimit = int(a)
        case "--report-after": o.checkpoints = value(a).split(separator: ",").compactMap { Int($0) }
        case "--json": o.json = true
        case "--profile": o.profile = true
        case "--profile-batches": o.profileBatches = int(a)
        case "--profile-warmup": o.profileWarmup = int(a)
        case "--kernels": o.kernels = true
        case "--malloc-stats": o.mallocStats = true
        case "--eval-batch": o.evalBatch = int(a)
        case "--help", "-h": print(usage); exit(0)
        default: fail("unknown argument '\(a)'")
        }
    }
    return o
}

// MARK: helpers

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    if s.isEmpty { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

/// Peak resident memory in MB: VmHWM from /proc/self/status, else getrusage's ru_maxrss.
func peakMemoryMB() -> (hwm: Double?, maxrss: Double) {
    var ru = rusage()
    getrusage(RUSAGE_SELF.rawValue, &ru)
    let maxrss = Double(ru.ru_maxrss) / 1024  // kB on Linux
    var hwm: Double?
    if let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first
            hwm = kb.map { $0 / 1024 }
        }
    }
    return (hwm, maxrss)
}

func currentRSSMB() -> Double? {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return line.split(separator: " ").compactMap { Double($0) }.first.map { $0 / 1024 }
    }
    return nil
}

/// glibc's malloc_stats (arena sizes and bytes in use, to stderr); malloc.h is not in the Glibc module.
@_silgen_name("malloc_stats")
func glibcMallocStats()

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
        .map { $0.split(separator: " ").prefix(3).joined(separator: " ") } ?? "?"
}

func jsonString(_ obj: Any) -> String {
    guard let d = try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]) else { return "{}" }
    return String(decoding: d, as: UTF8.self)
}

// MARK: models

func makeModel(_ which: String) throws -> Model {
    which == "ae" ? try Builders.autoencoder(latent: 72) : try Builders.classifier(classes: 10)
}

/// The test figure: reconstruction MSE for the autoencoder, accuracy for the classifier.
func testMetric(_ which: String, _ model: Model, _ test: Dataset, batch: Int) throws -> (name: String, value: Double, seconds: Double) {
    let t0 = now()
    if which == "ae" {
        let ev = try Trainer.evaluate(model: model, data: test, loss: .mse, batchSize: batch)
        return ("test reconstruction MSE", Double(ev.loss), now() - t0)
    }
    let ev = try Trainer.evaluate(model: model, data: test, batchSize: batch)
    return ("test accuracy", Double(ev.accuracy ?? .nan), now() - t0)
}

/// Collects per-batch times from Trainer.fit's progress callbacks.
final class Recorder: TrainingObserver {
    var batchSeconds: [[Double]] = []   // per epoch, per batch
    var batchSizes: [[Int]] = []
    private var last = 0.0, lastSamples = 0
    var epochSeconds: [Double] = []
    var epochSamples: [Int] = []
    var epochLoss: [Float] = []
    func epochStarted(epoch: Int, of epochs: Int, batches: Int) {
        batchSeconds.append([]); batchSizes.append([]); last = 0; lastSamples = 0
    }
    var rss: [(Int, Double)] = []   // (global batch number, VmRSS MB) at 1, 2, 5, 10, 50, 100, every 200
    private var global = 0
    func batchFinished(_ p: BatchProgress) {
        global += 1
        if [1, 2, 5, 10, 50, 100].contains(global) || global % 200 == 0, let r = currentRSSMB() { rss.append((global, r)) }
        batchSeconds[batchSeconds.count - 1].append(p.seconds - last)
        batchSizes[batchSizes.count - 1].append(p.samples - lastSamples)
        last = p.seconds; lastSamples = p.samples
    }
    func epochFinished(_ r: EpochRecord, of epochs: Int) {
        epochSeconds.append(r.seconds); epochSamples.append(r.samples); epochLoss.append(r.loss)
    }
}

// MARK: benchmark through Trainer.fit

func runFit(_ which: String, train: Dataset, test: Dataset, _ o: Options) throws -> [String: Any] {
    Random.seed(o.seed)
    let model = try makeModel(which)
    let label = which == "ae" ? "autoencoder" : "classifier"
    print("\(label): \(model.oneLineSummary), loss \(model.defaultLoss.shortName), Adam lr 1e-3, batch \(o.batch), " +
          "\(train.count) training images, \(o.epochs) epoch\(o.epochs == 1 ? "" : "s"), backend \(o.backend)")
    let rec = Recorder()
    var checkpoints: [[String: Any]] = []
    var done = 0
    // One fit per stretch between checkpoints: Trainer.fit keeps the optimizer on the
    // model, so consecutive fits continue exactly as one longer fit (only the shuffle
    // stream is the same Random.shared either way).
    let stops = (o.checkpoints.filter { $0 > 0 && $0 < o.epochs } + [o.epochs]).sorted()
    let cpu0 = cpuNow()
    for stop in stops where stop > done {
        _ = try Trainer.fit(model: model, data: train, epochs: stop - done, batchSize: o.batch, observer: rec)
        done = stop
        if stop != o.epochs {
            let m = try testMetric(which, model, test, batch: o.evalBatch)
            print("  after epoch \(stop): \(m.name) \(f(m.value, 4))")
            checkpoints.append(["epoch": stop, "metric": m.value])
        }
    }
    let cpu = cpuNow() - cpu0
    let trainMem = peakMemoryMB()
    let m = try testMetric(which, model, test, batch: o.evalBatch)
    checkpoints.append(["epoch": o.epochs, "metric": m.value])

    // Images/s: per epoch (samples / epoch wall time), and per window of W batches.
    let perEpoch = zip(rec.epochSamples, rec.epochSeconds).map { Double($0) / $1 }
    var windows: [Double] = []
    for (e, secs) in rec.batchSeconds.enumerated() {
        var i = 0
        while i + o.window <= secs.count {
            let s = secs[i..<(i + o.window)].reduce(0, +)
            let n = rec.batchSizes[e][i..<(i + o.window)].reduce(0, +)
            windows.append(Double(n) / s)
            i += o.window
        }
    }
    let allBatch = rec.batchSeconds.flatMap { $0 }
    let firstBatch = allBatch.first ?? .nan
    let steadyBatch = median(Array(allBatch.dropFirst()))
    let mem = peakMemoryMB()
    let totalSeconds = rec.epochSeconds.reduce(0, +)
    let totalSamples = rec.epochSamples.reduce(0, +)

    for (e, r) in perEpoch.enumerated() {
        print("  epoch \(e + 1): \(f(rec.epochSeconds[e], 2)) s  \(f(r, 0)) images/s  train loss \(f(Double(rec.epochLoss[e]), 4))")
    }
    print("  images/s: median over epochs \(f(median(perEpoch), 0)); median over \(windows.count) windows of \(o.window) batches " +
          "\(f(median(windows), 0)); first batch \(f(firstBatch * 1000, 1)) ms, median batch \(f(steadyBatch * 1000, 1)) ms")
    print("  process CPU \(f(cpu, 1)) s for \(f(totalSeconds, 1)) s of training (\(f(cpu / max(totalSeconds, 1e-9), 2)) cores busy)")
    print("  RSS (MB) after batch " + rec.rss.map { "\($0.0): \(f($0.1, 0))" }.joined(separator: ", "))
    if o.mallocStats { fputs("malloc_stats after \(which):\n", stderr); glibcMallocStats() }
    print("  \(m.name): \(f(m.value, 4))   (evaluation \(f(m.seconds, 2)) s)")
    print("  peak memory: VmHWM \(mem.hwm.map { f($0, 1) } ?? "?") MB, ru_maxrss \(f(mem.maxrss, 1)) MB; " +
          "by the end of training \((trainMem.hwm ?? trainMem.maxrss).rounded()) MB   (load average \(loadAverage()))")

    var r: [String: Any] = [
        "model": which, "backend": o.backend, "limit": train.count, "epochs": o.epochs, "batch": o.batch,
        "img_s_epochs": perEpoch, "img_s_median_epoch": median(perEpoch),
        "img_s_median_window": windows.isEmpty ? median(perEpoch) : median(windows),
        "img_s_overall": Double(totalSamples) / totalSeconds,
        "first_batch_ms": firstBatch * 1000, "median_batch_ms": steadyBatch * 1000,
        "train_seconds": totalSeconds, "cpu_seconds": cpu,
        "metric_name": which == "ae" ? "mse" : "accuracy", "metric": m.value, "checkpoints": checkpoints,
        "train_loss": rec.epochLoss.map { Double($0) },
        "peak_rss_mb": mem.hwm ?? mem.maxrss, "peak_rss_train_mb": trainMem.hwm ?? trainMem.maxrss, "maxrss_mb": mem.maxrss, "loadavg": loadAverage(),
    ]
    if let hwm = mem.hwm { r["vmhwm_mb"] = hwm }
    return r
}

// MARK: profile (the same step as Trainer.fit, each phase timed through the public API)

final class Phases {
    var wall: [String: Double] = [:]
    var cpu: [String: Double] = [:]
    var calls: [String: Int] = [:]
    var order: [String] = []
    var enabled = true
    @discardableResult
    func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let t0 = now(), c0 = cpuNow()
        let r = try body()
        let dt = now() - t0, dc = cpuNow() - c0
        if wall[name] == nil { order.append(name) }
        wall[name, default: 0] += dt
        cpu[name, default: 0] += dc
        calls[name, default: 0] += 1
        return r
    }
}


/// Back-propagation as Tensor.backward does it (topological order, gradients summed per
/// tensor, leaves accumulate into .grad), with each op's backward timed.
func timedBackward(_ loss: Tensor, _ ph: Phases, names: [ObjectIdentifier: String]) throws {
    var order: [Tensor] = []
    var seen = Set<ObjectIdentifier>()
    var stack: [(Tensor, Bool)] = [(loss, false)]
    while let (t, expanded) = stack.popLast() {
        if expanded { order.append(t); continue }
        guard seen.insert(ObjectIdentifier(t)).inserted else { continue }
        stack.append((t, true))
        for i in t.gradFn?.inputs ?? [] where i.needsGrad && !seen.contains(ObjectIdentifier(i)) { stack.append((i, false)) }
    }
    var grads: [ObjectIdentifier: Tensor] = [:]
    grads[ObjectIdentifier(loss)] = try Tensor(shape: loss.shape, scalars: [1])
    var leaves: [(Tensor, Tensor)] = []
    try Autodiff.withoutGrad {
        for t in order.reversed() {
            if t.requiresGrad, let g = grads[ObjectIdentifier(t)] { leaves.append((t, g)) }
            guard let fn = t.gradFn, let g = grads[ObjectIdentifier(t)] else { continue }
            let label = "bwd " + (names[ObjectIdentifier(t)] ?? "\(fn.name) \(describeDims(t.shape))")
            let ins = try ph.time(label) { try fn.backward(g) }
            for (input, ig) in zip(fn.inputs, ins) {
                guard let ig, input.needsGrad else { continue }
                let key = ObjectIdentifier(input)
                if let old = grads[key] { grads[key] = try ph.time("bwd gradient sums") { try old.adding(ig) } } else { grads[key] = ig }
            }
        }
        try ph.time("bwd leaf .grad") {
            for (leaf, g) in leaves { if let old = leaf.grad { leaf.grad = try old.adding(g) } else { leaf.grad = g.copy() } }
        }
    }
}

func runProfile(_ which: String, train: Dataset, _ o: Options) throws {
    Random.seed(o.seed)
    let model = try makeModel(which)
    let kind = model.defaultLoss
    let opt = Adam()  // latent's defaults, as `fit` uses
    model.optimizer = opt
    let (x0, _) = try train.batch([0])
    if model.inputShape == nil { try model.setInputShape(Array(x0.shape.dropFirst())) }
    let params = model.parameters
    var saved = params.map { [Float](repeating: 0, count: $0.count) }
    model.isTraining = true
    let foldSoftmax = kind == .crossEntropy && model.endsInSoftmax
    let last = foldSoftmax ? model.nodes.count - 2 : model.nodes.count - 1
    let ph = Phases()
    var order = Array(0..<train.count)
    order.shuffle(using: &Random.shared)
    let steps = o.profileWarmup + o.profileBatches
    var stepWall: [Double] = []
    var losses: [Float] = []
    let layerNames = model.nodes.map { "\($0.path.joined(separator: ".")) \($0.layer.description)" }
    if o.kernels { FastBackend.profiling = false }
    for s in 0..<steps {
        let measuring = s >= o.profileWarmup
        ph.enabled = measuring
        if measuring && s == o.profileWarmup && o.kernels { _ = FastBackend.profileReport(); FastBackend.profiling = true }
        let b = s % max(1, (train.count + o.batch - 1) / o.batch)
        let idx = Array(order[(b * o.batch)..<min(train.count, (b + 1) * o.batch)])
        let t0 = now()
        let (x, labels) = try ph.time("batch conversion (Dataset.batch)") { try train.batch(idx) }
        ph.time("zeroGradients") { model.zeroGradients() }
        // Forward node by node, as Model.forward does.
        var values = [Tensor?](repeating: nil, count: last + 1)
        var names: [ObjectIdentifier: String] = [:]
        for i in 0...last {
            let n = model.nodes[i]
            let ins = n.inputs.map { $0 < 0 ? x : values[$0]! }
            let y = try ph.time("fwd \(i) \(layerNames[i])") { try n.layer.forward(ins) }
            values[i] = y
            names[ObjectIdentifier(y)] = "\(i) \(layerNames[i])"
        }
        let out = values[last]!
        let l = try ph.time("loss \(kind.shortName) forward") { try kind.compute(output: out, images: x, labels: labels) }
        let value = ph.time("loss .item") { l.item }
        losses.append(value)
        values = []
        try timedBackward(l, ph, names: names)
        ph.time("gradient finite check") {
            var ok = true
            for p in params where !p.isFrozen { if let g = p.grad { let v = g.plain; for i in 0..<g.count where !v[i].isFinite { ok = false } } }
            precondition(ok)
        }
        ph.time("snapshot save") {
            for (k, p) in params.enumerated() where p.count > 0 {
                let src = p.value.plain
                saved[k].withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: src, count: p.count) }
            }
        }
        try ph.time("Adam step") { try opt.step(params) }
        ph.time("zeroGradients") { model.zeroGradients() }
        if measuring { stepWall.append(now() - t0) }
    }
    if o.kernels { FastBackend.profiling = false }
    model.isTraining = false
    let n = Double(o.profileBatches)
    let total = ph.order.reduce(0.0) { $0 + ph.wall[$1]! }
    let totalCPU = ph.order.reduce(0.0) { $0 + ph.cpu[$1]! }
    print("\(which == "ae" ? "autoencoder" : "classifier") profile, backend \(o.backend), batch \(o.batch): " +
          "\(o.profileBatches) steps after \(o.profileWarmup) warm-up; median step \(f(median(stepWall) * 1000, 2)) ms " +
          "(\(f(Double(o.batch) / median(stepWall), 0)) images/s); loss \(f(Double(losses.first ?? .nan), 4)) → \(f(Double(losses.last ?? .nan), 4)); load average \(loadAverage())")
    print("  phase                                              wall ms/step   CPU ms/step   share")
    for k in ph.order {
        let w = ph.wall[k]! / n * 1000, c = ph.cpu[k]! / n * 1000
        print("  \(pad(k, 50)) \(lpad(f(w, 3), 12)) \(lpad(f(c, 3), 13)) \(lpad(f(100 * ph.wall[k]! / total, 1), 6))%")
    }
    print("  \(pad("total", 50)) \(lpad(f(total / n * 1000, 3), 12)) \(lpad(f(totalCPU / n * 1000, 3), 13))")
    if o.kernels {
        print("  fast backend kernels (LATENT_FAST_PROFILE):   wall ms/step   CPU ms/step   calls/step")
        for r in FastBackend.profileReport() {
            print("    \(pad(r.kind, 40)) \(lpad(f(r.seconds / n * 1000, 3), 12)) \(lpad(f(r.cpuSeconds / n * 1000, 3), 13)) \(lpad(f(Double(r.calls) / n, 1), 10))")
        }
    }
}

// MARK: main

let options = parseOptions()
do {
    try Backend.use(options.backend)
} catch {
    fail("\(error)")
}
let t0 = now()
let (fullTrain, fullTest) = try MNIST.load()
let loadSeconds = now() - t0
let train = try options.limit.map { try fullTrain.slice(0..<min($0, fullTrain.count)) } ?? fullTrain
let test = try options.testLimit.map { try fullTest.slice(0..<min($0, fullTest.count)) } ?? fullTest
let threads = ProcessInfo.processInfo.environment["OMP_NUM_THREADS"] ?? "default"
print("latent-fitbench: MNIST loaded in \(f(loadSeconds * 1000, 0)) ms (\(train.count) train, \(test.count) test), " +
      "backend \(options.backend), OMP_NUM_THREADS \(threads), \(ProcessInfo.processInfo.activeProcessorCount) CPUs, " +
      "load average \(loadAverage()), RSS \(currentRSSMB().map { f($0, 1) } ?? "?") MB")
var results: [[String: Any]] = []
for which in options.models {
    if options.profile {
        try runProfile(which, train: train, options)
    } else {
        results.append(try runFit(which, train: train, test: test, options))
    }
}
if options.json { for r in results { print("FITBENCH " + jsonString(r)) } }
