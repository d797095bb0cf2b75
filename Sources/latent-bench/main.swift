// latent-bench: training throughput of the reference autoencoder (bench/torch_ref.py)
// per backend, and the time of each of its convolutions.
import Tensor
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var iterations = 30
    var warmup = 5
    var batch = 128
    var backends = ["fast", "reference"]
    var convIterations = 50
    var convs = true
    var profile = false
    var modes = ["kernels", "ops"]
}

let usage = """
usage: latent-bench [--iterations N] [--warmup N] [--batch N] [--backend fast|reference|both] [--no-convs] [--profile] [--mode kernels|ops|both]

Trains the reference autoencoder (encoder conv 1→16, 16→8, 8→8 with maxpools; decoder
convs 8→8 p2 ×2, 8→16, 16→1 with upsampling; BCE loss; Adam lr 1e-3) on synthetic
28×28 batches and prints, per backend, the median time of forward + backward + Adam
step over N iterations after warm-up, images/s, and per-conv forward / backward-data /
backward-weights times. The reference backend runs at most 3 iterations (it is slow).
--profile adds the fast backend's time per kernel kind.
oneDNN threads follow OpenMP's environment: OMP_NUM_THREADS=1 runs one thread
(much better when other processes load the cores; oneDNN's barriers spin),
OMP_WAIT_POLICY=passive makes idle threads sleep.
--mode: `kernels` drives the backend directly (hand-written backward); `ops` trains
through the Tensor op API and autodiff (what the REPL runs). Default: both.
"""

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    func int(_ flag: String) -> Int {
        guard let s = args.popFirst(), let v = Int(s), v > 0 else {
            fputs("latent-bench: \(flag) needs a positive integer\n\(usage)\n", stderr); exit(2)
        }
        return v
    }
    while let a = args.popFirst() {
        switch a {
        case "--iterations", "-n": o.iterations = int(a)
        case "--warmup": o.warmup = int(a)
        case "--batch": o.batch = int(a)
        case "--conv-iterations": o.convIterations = int(a)
        case "--no-convs": o.convs = false
        case "--profile": o.profile = true
        case "--mode":
            switch args.popFirst() {
            case "kernels": o.modes = ["kernels"]
            case "ops": o.modes = ["ops"]
            case "both": o.modes = ["kernels", "ops"]
            default: fputs("latent-bench: --mode takes kernels, ops or both\n\(usage)\n", stderr); exit(2)
            }
        case "--backend":
            switch args.popFirst() {
            case "fast": o.backends = ["fast"]
            case "reference": o.backends = ["reference"]
            case "both": o.backends = ["fast", "reference"]
            default: fputs("latent-bench: --backend takes fast, reference or both\n\(usage)\n", stderr); exit(2)
            }
        case "--help", "-h": print(usage); exit(0)
        default: fputs("latent-bench: unknown argument '\(a)'\n\(usage)\n", stderr); exit(2)
        }
    }
    return o
}

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
    return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
}

func fmt(_ v: Double, _ digits: Int = 2) -> String {
    var s = String(Int((v * pow(10, Double(digits))).rounded()))
    while s.count <= digits { s = "0" + s }
    if digits > 0 { s.insert(".", at: s.index(s.endIndex, offsetBy: -digits)) }
    return s
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

/// MNIST-like synthetic images: mostly background, some strokes in (0, 1].
func syntheticBatches(_ count: Int, batch: Int) -> [Tensor] {
    var rng = SplitMix(42)
    return (0..<count).map { _ in
        let vals = (0..<(batch * 784)).map { _ -> Float in rng.uniform(0, 1) < 0.8 ? 0 : rng.uniform(0.05, 1) }
        return try! Tensor(shape: [batch, 1, 28, 28], scalars: vals)
    }
}

func benchTraining(_ be: ComputeBackend, _ o: Options) -> Double {
    let model = Autoencoder(batch: o.batch)
    let batches = syntheticBatches(4, batch: o.batch)
    let iters = be.name == "reference" ? min(o.iterations, 3) : o.iterations
    let warm = be.name == "reference" ? 1 : o.warmup
    var first: Float = 0, last: Float = 0
    for i in 0..<warm { let l = model.step(batches[i % 4], be); if i == 0 { first = l } }
    var times: [Double] = [], cpu: [Double] = []
    let profiling = be.name == "fast" && o.profile
    if profiling { FastBackend.profiling = true; _ = FastBackend.profileReport() }
    for i in 0..<iters {
        let t0 = now(), c0 = cpuNow()
        last = model.step(batches[i % 4], be)
        times.append(now() - t0); cpu.append(cpuNow() - c0)
    }
    if profiling { FastBackend.profiling = false }
    let med = median(times)
    print("\(be.name): training step (forward + backward + Adam), batch \(o.batch), median of \(iters) after \(warm) warm-up")
    print("  \(fmt(med * 1000)) ms/step  →  \(fmt(Double(o.batch) / med, 0)) images/s" +
          "   (min \(fmt(times.min()! * 1000)) ms; process CPU \(fmt(median(cpu) * 1000)) ms/step; loss \(fmt(Double(first), 4)) → \(fmt(Double(last), 4)))")
    if profiling {
        print("  fast kernels per step (ms):       wall   process CPU")
        for r in FastBackend.profileReport() {
            print("    \(pad(r.kind, 24)) \(lpad(fmt(r.seconds * 1000 / Double(iters), 3), 8)) \(lpad(fmt(r.cpuSeconds * 1000 / Double(iters), 3), 8))   (\(r.calls / iters) calls)")
        }
    }
    if o.convs { benchConvs(be, model, batches[0], o) }
    return Double(o.batch) / med
}

func benchOps(_ be: ComputeBackend, _ o: Options) -> Double {
    Backend.use(be)
    let model = OpsAutoencoder()
    let batches = syntheticBatches(4, batch: o.batch)
    let iters = be.name == "reference" ? min(o.iterations, 3) : o.iterations
    let warm = be.name == "reference" ? 1 : o.warmup
    var first: Float = 0, last: Float = 0
    do {
        for i in 0..<warm { let l = try model.step(batches[i % 4]); if i == 0 { first = l } }
        var times: [Double] = [], cpu: [Double] = []
        for i in 0..<iters {
            let t0 = now(), c0 = cpuNow()
            last = try model.step(batches[i % 4])
            times.append(now() - t0); cpu.append(cpuNow() - c0)
        }
        let med = median(times)
        print("\(be.name) [ops + autodiff]: training step, batch \(o.batch), median of \(iters) after \(warm) warm-up")
        print("  \(fmt(med * 1000)) ms/step  →  \(fmt(Double(o.batch) / med, 0)) images/s" +
              "   (min \(fmt(times.min()! * 1000)) ms; process CPU \(fmt(median(cpu) * 1000)) ms/step; loss \(fmt(Double(first), 4)) → \(fmt(Double(last), 4)))")
        return Double(o.batch) / med
    } catch {
        print("\(be.name) [ops + autodiff]: failed: \(error)")
        return .nan
    }
}

/// Times each conv of the model in isolation, with the layouts it sees in training.
func benchConvs(_ be: ComputeBackend, _ model: Autoencoder, _ x: Tensor, _ o: Options) {
    let t = model.forward(x, be)
    let ins = t.convInputs
    let iters = be.name == "reference" ? 1 : o.convIterations
    print("  per conv (ms, median of \(iters)):       forward   bwd-data   bwd-weights")
    var total = (0.0, 0.0, 0.0)
    for (i, layer) in model.convs.enumerated() {
        let gy = t.c[i]  // a gradient-shaped tensor in the conv's output layout
        func time(_ body: () -> Void) -> Double {
            body()
            var ts: [Double] = []
            for _ in 0..<iters { let t0 = now(); body(); ts.append(now() - t0) }
            return median(ts)
        }
        let f = time { _ = be.conv2d(ins[i], weight: layer.weight, bias: layer.bias, layer.g) }
        let d = time { _ = be.conv2dBackwardData(gy, weight: layer.weight, layer.g) }
        let w = time { _ = be.conv2dBackwardWeights(gy, x: ins[i], layer.g, withBias: true) }
        total.0 += f; total.1 += i == 0 ? 0 : d; total.2 += w
        print("    \(pad(Autoencoder.names[i], 34)) \(lpad(fmt(f * 1000, 3), 8)) \(lpad(fmt(d * 1000, 3), 10))\(i == 0 ? "*" : " ") \(lpad(fmt(w * 1000, 3), 11))")
    }
    print("    \(pad("sum (* not needed in training)", 34)) \(lpad(fmt(total.0 * 1000, 3), 8)) \(lpad(fmt(total.1 * 1000, 3), 10))  \(lpad(fmt(total.2 * 1000, 3), 11))")
}

let options = parseOptions()
print("latent-bench: reference autoencoder, \(Autoencoder(batch: 1).parameterCount) parameters, batch \(options.batch)")
var results: [String: Double] = [:]
for name in options.backends {
    guard let be = Backend.available[name] else {
        print("\(name): not available"); continue
    }
    if options.modes.contains("kernels") { results[name + " kernels"] = benchTraining(be, options) }
    if options.modes.contains("ops") { results[name + " ops"] = benchOps(be, options) }
}
for mode in ["kernels", "ops"] {
    if let f = results["fast " + mode], let r = results["reference " + mode] {
        print("fast / reference (\(mode)): \(fmt(f / r, 1))×")
    }
}
