// libFuzzer entry for the Script module: every input is parsed, checked for
// incompleteness, completed, and run as a REPL cell and as a script. Any trap
// (index out of range, force unwrap, precondition) is a bug: nothing a user
// types may crash latent. Built and run by `scripts/fuzz`.
import Script
import Tensor

/// Quiet host; pretends Ctrl-C was pressed after a while so loops end.
final class FuzzHost: Host {
    var polls = 0
    func output(_ text: String) {}
    func showImage(_ image: Tensor, caption: String) {}
    var isInterrupted: Bool {
        polls += 1
        return polls > 2_000
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Training on MNIST and file I/O are slow or touch the disk: keep the fuzzer
    // on the language itself.
    for banned in ["fit", "mnist", "save", "load", "export", "images", "evaluate", "accuracy", "predict", "backend", "tutorial", "tour", "zoo", "pretrained", "latentmap", "confusion"] where source.contains(banned) {
        _ = Parser.parse(source)
        return 0
    }
    _ = Parser.isIncomplete(source)
    let host = FuzzHost()
    let interp = Interpreter(host: host)
    _ = interp.completions(for: source, cursor: source.count / 2)
    let cell = interp.runCell(source)
    _ = cell.errorText
    host.polls = 0
    let run = interp.run(source, file: "fuzz.latent")
    _ = run.errorText
    return 0
}
