#if canImport(Glibc)
import Glibc
#endif

/// Runs independent pieces of work on several threads: the calling thread and a few
/// persistent workers take the next piece from a shared counter until none is left
/// (a busy core simply takes fewer pieces). Each piece runs with the caller's backend
/// and autodiff setting. Used for the chunked training step (`NN.ChunkedStep`): one
/// synchronisation per call instead of an OpenMP barrier per oneDNN primitive.
///
///     Parallel.forEach(4, threads: 2) { i in work(chunk: i) }
public enum Parallel {
    /// Threads training uses (the chunked step): `LATENT_THREADS`, else `OMP_NUM_THREADS`
    /// when set, else every online CPU — 1 when `LATENT_OMP_THREADS` hands the cores to
    /// oneDNN's OpenMP instead. All CPUs is safe on a busy machine: with one
    /// synchronisation per step a descheduled worker delays one chunk, not every
    /// primitive (measured at load 9.7: 2 threads as fast as 1, where oneDNN's OpenMP
    /// with 2 threads was 8× slower).
    public static let threads: Int = {
        for name in ["LATENT_THREADS", "OMP_NUM_THREADS"] {
            if let s = getenv(name), let n = Int(String(cString: s)), n >= 1 { return n }
        }
        if getenv("LATENT_OMP_THREADS") != nil { return 1 }
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }()

    /// Chunks per training batch: `LATENT_CHUNKS`, else 0 (one per thread).
    public static let chunksPerBatch: Int = getenv("LATENT_CHUNKS").flatMap { Int(String(cString: $0)) } ?? 0

    /// oneDNN's OpenMP threads per call (see `LATENT_OMP_THREADS`).
    public static var openMPThreads: Int { DNNL.threads }

    /// Calls `body(i)` for every i in 0..<count, on up to `threads` threads (the caller
    /// included), and returns when all calls have returned.
    public static func forEach(_ count: Int, threads: Int, _ body: @escaping (Int) -> Void) {
        let t = min(threads, count)
        // Nested calls (a piece that itself asks for parallel work) run in place.
        if t <= 1 || inPiece.value != nil {
            for i in 0..<count { body(i) }
            return
        }
        let backend = Backend.current
        let grad = Autodiff.isEnabled
        let job = WorkerPool.Job(count: count) { i in
            inPiece.value = UnsafeMutableRawPointer(bitPattern: 1)
            defer { inPiece.value = nil }
            let run = { if grad { body(i) } else { Autodiff.withoutGrad { body(i) } } }
            // The caller's backend (registered, so it is found by name).
            if (try? Backend.with(backend.name, run)) == nil { run() }
        }
        WorkerPool.shared(workers: t - 1).run(job)
    }

    nonisolated(unsafe) private static let inPiece = ThreadLocalPointer()
}

/// Persistent worker threads (created on first use, never stopped: a worker's oneDNN
/// stream, scratchpad and OpenMP setting live as long as the thread).
final class WorkerPool {
    final class Job {
        let count: Int
        let body: (Int) -> Void
        var next = 0, done = 0
        init(count: Int, body: @escaping (Int) -> Void) { self.count = count; self.body = body }
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let jobFinished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var job: Job?
    private var generation = 0
    private(set) var workers = 0
    /// Only one `run` at a time (the pool's single job slot).
    private let runLock = Mutex()

    nonisolated(unsafe) private static var pool: WorkerPool?
    private static let poolLock = Mutex()

    /// The pool, grown to at least `workers` threads.
    static func shared(workers: Int) -> WorkerPool {
        poolLock.withLock {
            let p = pool ?? WorkerPool()
            pool = p
            while p.workers < workers { p.spawn() }
            return p
        }
    }

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workAvailable, nil)
        pthread_cond_init(jobFinished, nil)
    }

    private func spawn() {
        var tid = pthread_t()
        let me = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&tid, nil, { arg in
            let pool = Unmanaged<WorkerPool>.fromOpaque(arg!).takeRetainedValue()
            pool.loop()
            return nil
        }, me)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(tid)
        workers += 1
    }

    private func loop() {
        var seen = 0
        pthread_mutex_lock(mutex)
        while true {
            while generation == seen { pthread_cond_wait(workAvailable, mutex) }
            seen = generation
            let j = job!
            pthread_mutex_unlock(mutex)
            drain(j)
            pthread_mutex_lock(mutex)
        }
    }

    /// Takes pieces of `j` until none is left.
    private func drain(_ j: Job) {
        while true {
            pthread_mutex_lock(mutex)
            let i = j.next
            j.next += 1
            pthread_mutex_unlock(mutex)
            if i >= j.count { return }
            j.body(i)
            pthread_mutex_lock(mutex)
            j.done += 1
            if j.done == j.count { pthread_cond_broadcast(jobFinished) }
            pthread_mutex_unlock(mutex)
        }
    }

    func run(_ j: Job) {
        runLock.lock()
        defer { runLock.unlock() }
        pthread_mutex_lock(mutex)
        job = j
        generation += 1
        pthread_cond_broadcast(workAvailable)
        pthread_mutex_unlock(mutex)
        drain(j)
        pthread_mutex_lock(mutex)
        while j.done < j.count { pthread_cond_wait(jobFinished, mutex) }
        pthread_mutex_unlock(mutex)
    }
}
