import Testing
import Tensor
@testable import Script

/// Malformed and hostile input: every case must come back as an error, never a crash.
extension ScriptSuite {
struct HostileInputTests {
    /// Deterministic generator so failures reproduce.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let handWritten: [String] = [
        "(", ")", "[", "]", "{", "}", "((1)", "(1))", "[1, 2", "f(1, 2", "f(1, 2))", "x = [1, [2, 3]",
        "for i in 0..3 {", "if true { 1 } else {", "fn f( { }", "fn (", "fn f(a b) { }", "}{", "{ }",
        "1e999", "1e999999999", "x = 1e400 - 1", "99999999999999999999999999 + 1 == x",
        "zeros(1e18)", "zeros(100000, 100000)", "ones(65536, 65536)", "randn(1 << 40)", "arange(1e16)",
        "zeros(9007199254740993)", "tensor(1)[0]", "zeros(0)[0]", "rand(-5)", "full(3, 3, \"a\")",
        "onehot([1], 99999999)", "onehot([-1], 3)", "maxpool(ones(1, 1, 1, 1), 0)", "upsample(ones(2, 2), 0)",
        "upsample(ones(2, 2), 100000)", "conv(0)", "conv(-3)", "fc(0)", "fc(1e20)", "dropout(2)",
        "maxpool(tensor([1, 2]), 2)", "conv2d(ones(1, 1, 2, 2), ones(1, 1, 3, 3), none)",
        "conv2d(ones(1, 1, 3, 3), ones(2, 2), none)", "softmax(tensor(1), axis: 5)", "sum(ones(2), axis: 9)",
        "reshape(ones(6), 4, -1)", "reshape(ones(6), -1, -1)", "transpose(ones(2), 0, 7)", "argmax(ones(2, 2), axis: 3)",
        "concat([])", "stack([ones(2), ones(3)])", "crossentropy(ones(3), [5])", "crossentropy(ones(2, 2, 2), [0])",
        "bce(ones(2), ones(3))", "mse(1, [1, 2])", "matmul(1, 2)", "linear(ones(2), ones(3), ones(4))",
        "autoencodr", "ae.nope", "x.y.z", "mnist.nope", "mnist.test[5..2]",
        "mnist.test[-99999]", "mnist.test[1.5]", "mnist.test[\"a\"]", "mnist.test[[1, 99999]]",
        "sample(mnist.test, -1)", "sample(mnist.test, 1e9)", "split(mnist.test, 2)", "take(mnist.test, -3)",
        "mnist.test.filter()", "mnist.test.filter(labels: [\"a\"])", "label(mnist.test, 1e6)", "images(mnist.train)",
        "fit", "fit 1 2", "fit autoencoder() 3", "fit autoencoder() mnist epochs -1", "fit autoencoder() mnist batch 0",
        "fit autoencoder() mnist lr -1", "fit autoencoder() mnist loss \"hinge\"", "fit autoencoder() mnist epochs",
        "fit autoencoder() mnist.test[0..4] epochs 1e12", "accuracy 1 2", "evaluate autoencoder()", "predict 1 2",
        "predict autoencoder() \"x\"", "autoencoder(latent: -1)", "autoencoder(latent: 1e10)", "classifier(classes: 1)",
        "classifier(encoder: 3)", "model()", "model(1, 2)", "freeze 3", "unfreeze \"a\"", "summary(1)",
        "autoencoder() + fc(10) + conv(3)", "fc(10) + conv(3) + mnist", "relu + 1", "autoencoder()(\"image\")",
        "autoencoder()(ones(2, 2))", "autoencoder()(1, 2)", "autoencoder()[1.5]", "autoencoder()[50..60]",
        "autoencoder().encoder.nothing", "layer = fc(3)\nlayer(ones(2, 5, 5, 5, 5))",
        "seed \"x\"", "seed 1.5", "seed 1e300", "backend \"gpu\"", "backend 3", "print(nosuch)", "help(1, 2)",
        "show 1", "show \"a\"", "show ones(2, 2, 2, 2, 2)", "show []", "show [ones(2, 2), ones(3, 3)]",
        "save 1 \"x.npy\"", "save ones(2) \"/dev/null/dir/x.npy\"", "save ones(2) \"x.txt\"", "load 3",
        "load \"/nonexistent.npy\"", "load session 3", "save session \"x\"", "del", "del 3", "vars 1",
        "x = ", "= 3", "x == ", "1 +", "* 2", "1 2 3", "x y z", "if { }", "while { }", "for { }",
        "return", "break", "continue", "time", "expect", "expect 1 == 2", "expect nosuch > 1",
        "fn f() { return g() }\nf()", "fn f(n) { return f(n + 1) }\nf(0)", "f = fn(x) { x(x) }\nf(f)",
        "x = [1]\nx[0][0]", "\"abc\"[10]", "\"abc\"[\"a\"]", "(0..3)[9]", "none.x", "none()", "true + 1",
        "[1] - [1]", "\"a\" * 3", "1 < \"a\"", "tensor([1, 2]) < tensor([1, 2, 3])", "tensor([1]) % 2",
        "ones(2) ^ ones(2)", "not tensor([1, 2])", "for x in mnist.test { break }\nx.nope",
        "grad", "grad()", "grad(1, wrt: 2)", "grad(x: 1)", "grad(sum(ones(2)), nosuch)", "g = grad(fn(a) { a }, ones(2))",
        "@", "$x", "x = 'a", "x = \"a\nb\"", "\u{0}", "\u{7}\u{8}", "é = €", "x = 0x10", "x = 1_a", "..",
        "..=", "1...3", "->", "a ->", "x[]", "x[,]", "f(,)", "f(a:)", "f(:1)", "[,]", "1..2..3",
        "x += ", "1 += 2", "x.1", "x..y", "\\", "\\\n\\", "# only\n@",
    ]

    static func generated() -> [String] {
        var rng = SplitMix(state: 42)
        var out: [String] = []
        let opens = ["(", "[", "{"], closes = [")", "]", "}"]
        // Unbalanced brackets.
        for _ in 0..<40 {
            var s = "x = "
            for _ in 0..<(1 + rng.below(12)) {
                s += rng.below(2) == 0 ? opens[rng.below(3)] : closes[rng.below(3)]
                if rng.below(3) == 0 { s += String(rng.below(100)) }
            }
            s += "@"   // never valid, whatever came before
            out.append(s)
        }
        // Random bytes (decoded lossily) with an invalid character somewhere.
        for _ in 0..<40 {
            let bytes = (0..<(1 + rng.below(80))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var s = String(decoding: bytes, as: UTF8.self)
            s.insert("$", at: s.index(s.startIndex, offsetBy: rng.below(s.count + 1)))
            out.append(s)
        }
        // Deep nesting of every kind.
        for depth in [201, 500, 5_000, 50_000] {
            out.append(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth))
            out.append(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
            out.append(String(repeating: "-", count: depth) + "1")
            out.append(String(repeating: "not ", count: depth) + "true")
            out.append(String(repeating: "if true { ", count: depth) + String(repeating: "}", count: depth))
            out.append("x = " + String(repeating: "f(", count: depth))
        }
        // Very long lines.
        // A long flat sum is no longer an error (LongExpressionTests); one that
        // ends in a bad term still is, after 20,000 good ones.
        out.append("x = " + String(repeating: "1 + ", count: 20_000) + "relu")
        out.append(String(repeating: "a", count: 100_000) + " + 1")
        out.append("x = \"" + String(repeating: "z", count: 100_000))
        out.append(String(repeating: "9", count: 5_000))
        out.append(String(repeating: "x = 1 @\n", count: 500))
        return out
    }

    static var corpus: [String] { handWritten + generated() }

    @Test func corpusIsLarge() {
        #expect(Self.corpus.count >= 200)
    }

    @Test func everyHostileInputIsAnError() {
        var answered = 0
        for input in Self.corpus {
            let host = RecordingHost()
            host.interruptAfterPolls = 10_000
            let interp = Interpreter(host: host)
            _ = interp.runCell("ae = autoencoder(latent: 72)")
            let r = interp.runCell(input)
            #expect(!r.ok, "no error for: \(input.prefix(120))")
            if !r.ok {
                #expect(!r.errorText.isEmpty)
                answered += 1
            }
            // Scripts get the same treatment.
            let s = interp.run(input, file: "hostile.latent")
            #expect(!s.ok && s.exitCode == 1)
        }
        #expect(answered == Self.corpus.count)
    }

    /// Random sequences of real tokens: no crash, whatever they mean.
    @Test func randomTokenSoupNeverCrashes() {
        var rng = SplitMix(state: 7)
        let vocab = ["x", "=", "1", "2.5", "(", ")", "[", "]", "{", "}", "+", "-", "*", "/", "^", "..", ",", ":",
                     ".", "\n", "for", "in", "if", "else", "fn", "return", "tensor", "ones(2)", "relu", "fc(3)",
                     "mnist.test", "shape", "\"s\"", "true", "not", "and", "<", "==", "expect", "time", "grad", "_", "#"]
        let host = RecordingHost()
        host.interruptAfterPolls = 100_000
        let interp = Interpreter(host: host)
        for _ in 0..<500 {
            let source = (0..<(1 + rng.below(25))).map { _ in vocab[rng.below(vocab.count)] }.joined(separator: " ")
            _ = interp.runCell(source)
            _ = Parser.isIncomplete(source)
            _ = interp.completions(for: source, cursor: source.count)
        }
    }
}
}
