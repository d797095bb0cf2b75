import Testing
import Tensor
@testable import Script

/// What Notebook and the REPL rely on: function source, cell results, result vs output.
extension ScriptSuite {
struct NotebookHooksTests {
    final class ResultHost: Host {
        var outputs: [String] = []
        var results: [String] = []
        var exported: String?
        func output(_ text: String) { outputs.append(text) }
        func showResult(_ value: Value) { results.append(value.description) }
        func exportSession(to path: String, errors: Bool, interpreter: Interpreter) throws -> String {
            exported = path
            return "exported \(path)"
        }
    }

    @Test func functionsKeepTheirSource() {
        let (interp, _) = session(["fn sq(a) {\n  return a * a\n}", "f = fn(z) { z + 1 }"])
        guard case .function(let sq)? = interp.variables["sq"], case .function(let f)? = interp.variables["f"] else {
            Issue.record("functions missing"); return
        }
        #expect(sq.source == "fn sq(a) {\n  return a * a\n}")
        #expect(f.source == "fn(z) { z + 1 }")
    }

    @Test func cellResultsCanBeRestored() {
        let (interp, _) = session([])
        interp.restoreCells(next: 8, history: [(3, "1 + 2")], results: [3: .number(3)])
        let r = interp.runCell("_3 * 2 + _")
        #expect(r.number == 8)
        #expect(r.value?.description == "9")
    }

    @Test func resultsAreToldApartFromPrintOutput() {
        let host = ResultHost()
        let interp = Interpreter(host: host)
        _ = interp.runCell("print(\"hello\"); 41 + 1")
        #expect(host.outputs == ["hello"])
        #expect(host.results == ["42"])
        _ = interp.runCell("export session \"s.ipynb\"")
        #expect(host.exported == "s.ipynb")
        #expect(host.results.last == "exported s.ipynb")
    }
}
}

extension ScriptSuite {
struct PictureAndBackboneTests {
    @Test(arguments: [
        "grid(mnist.test[0..16])", "filters(autoencoder().encoder)", "filters(autoencoder().encoder[0])", "featuremaps(ones(4, 8, 8))",
        "pairs(mnist.test[0..4], mnist.test[4..8])", "row([ones(1, 4, 4), zeros(1, 4, 4)])",
        "matrix(tensor([[1, 2], [3, 4]]))", "bars(softmax(tensor([1.0, 2.0, 3.0])))",
        "latentmap(autoencoder().encoder, mnist.test[0..50])",
    ])
    func picturesAreValuesThatShowThemselves(_ input: String) {
        let (interp, host) = session(["seed 1"])
        let r = interp.runCell(input)
        #expect(r.ok, "\(input): \(r.errorText)")
        if case .picture(let f)? = r.value {
            // A cell whose result is a picture draws it (once) instead of printing pixels.
            #expect(host.images.count == 1 && host.images[0].shape == [f.height, f.width], "\(input)")
            #expect(host.lines.isEmpty, "\(input) printed \(host.lines)")
            #expect(interp.runCell("[_]").value?.description == "[\(f.description)]")
            #expect(interp.runCell("_\(r.number).pixels.shape").value?.description == "[3, \(f.height), \(f.width)]")
        } else {
            Issue.record("\(input) gave \(String(describing: r.value))")
        }
    }

    @Test(arguments: ["vgg()", "alexnet()", "resnet()", "mobilenet()", "inception()", "unet()"])
    func backbonesBuildAndRun(_ builder: String) {
        let (interp, host) = session(["seed 1", "m = \(builder)"])
        #expect(host.lines.last?.contains("parameters") == true, "\(builder): \(host.text)")
        let r = interp.runCell("m(mnist.test[0]).shape")
        #expect(r.ok, "\(builder): \(r.errorText)")
    }
}
}
