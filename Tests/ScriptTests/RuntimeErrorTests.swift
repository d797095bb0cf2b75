import Testing
@testable import Script

/// Inputs and the exact message of the error they give.
extension ScriptSuite {
struct RuntimeErrorTests {
    @Test(arguments: [
        ("autoencodr(latent: 72)", "unknown name 'autoencodr'; did you mean 'autoencoder'?"),
        ("mnst.test", "unknown name 'mnst'; did you mean 'mnist'?"),
        ("xyzzy", "unknown name 'xyzzy'"),
        ("zeros(100000, 100000)", "zeros: shape [100000, 100000] is too large (limit 1073741824 elements)"),
        ("zeros(-1)", "zeros: sizes must not be negative, got -1"),
        ("zeros(2.5)", "zeros: a size must be a whole number, got 2.5"),
        ("1 / 0", "division by zero"),
        ("1 + \"a\"", "cannot apply '+' to a number and a string"),
        ("-\"a\"", "cannot negate a string"),
        ("[1, 2][5]", "index 5 is out of range for a list of 2 elements"),
        ("tensor([1, 2])[7]", "index 7 is out of range for axis 0 (shape [2]) of 2 elements"),
        ("tensor([[1, 2], [3]])", "tensor: ragged list (rows of different lengths) cannot be a tensor"),
        ("tensor([\"a\"])", "tensor: a tensor holds numbers, not string"),
        ("ones(2, 3) + ones(4)", "add: shapes [2, 3] and [4] cannot be broadcast together"),
        ("matmul(ones(2, 3), ones(2, 3))", "matmul: [2, 3] × [2, 3]: inner dimensions 3 and 2 differ"),
        ("crossentropy(ones(1, 10), [12])", "crossentropy: label 12 is not one of the 10 classes 0..<10"),
        ("crossentropy(ones(2, 10), [1])", "crossentropy: 1 label for a batch of 2 (logits [2, 10])"),
        ("fc(\"ten\")", "fc: size must be a whole number, got string"),
        ("fc(10, bias: 3)", "fc: bias must be true or false, got number"),
        ("conv(16, kernal: 3)", "conv: unknown argument 'kernal'; did you mean 'kernel'?"),
        ("relu(1, 2)", "relu: expected at most 1 argument, got 2"),
        ("autoencoder(latent: 0)", "autoencoder: latent must be between 1 and 65,536, got 0"),
        ("mnist.test[10000]", "index 10000 is out of range for mnist.test of 10000 elements"),
        ("mnist[0]", "mnist has two parts; index mnist.train or mnist.test"),
        ("mnist.test.colour", "a dataset has no member 'colour'"),
        ("tensor([1]).shap", "a tensor has no member 'shap'; did you mean 'shape'?"),
        ("3(4)", "a number cannot be called"),
        ("if tensor([1, 2]) { }", "a condition must be true or false, got a tensor of shape [2]; use all(...) or any(...)"),
        ("for i in 3 { }", "cannot loop over a number"),
        ("fn f(n) { return f(n) }\nf(1)", "too many nested calls (limit 64); is 'f' calling itself forever?"),
        ("fn f(a) { return a }\nf(1, 2)", "f takes 1 argument, got 2"),
        ("return 1", "'return' outside a function"),
        ("break", "'break' or 'continue' outside a loop"),
        ("x += 1", "'x' has no value yet; write `x = ...` first"),
        ("_ = 3", "'_' names an earlier result and cannot be assigned"),
        ("grad(1)", "grad: say which variable to differentiate with respect to, e.g. grad(loss, x)"),
        ("x = ones(3)\ngrad(x * 2, x)", "grad: the expression must give a single number (a loss), got shape [3]; try sum(...) or mean(...)"),
        ("grad(sum(ones(2)), 1 + 1)", "grad: differentiate with respect to a variable name, e.g. grad(loss, x)"),
        ("fit", "fit: missing argument 1 (model)"),
        ("fit 3 mnist", "fit: argument 1 must be a model, got number"),
        ("fit autoencoder() mnist epochs 0", "fit: epochs must be between 1 and 1,000,000, got 0"),
        ("fit autoencoder() mnist optimizer \"rmsprop\"", "fit: unknown optimizer \"rmsprop\"; use \"adam\" or \"sgd\""),
        ("accuracy autoencoder() mnist.test[0..10]", "accuracy: needs a classifier and labelled data (this model's loss is bce)"),
        ("backend \"gpu\"", "backend: unknown backend 'gpu'; available: fast, reference"),
        ("load \"nope.txt\"", "load: only .npy tensors and .png images can be loaded here (got \"nope.txt\"); sessions: load session \"name\"; datasets: folder(...), idx(...), csv(...)"),
        ("load \"/nonexistent/x.npy\"", "<starts>/nonexistent/x.npy"),
        ("save session \"s\"", "sessions are not available here"),
        ("expect 1 > 2", "expect: 1 > 2 failed: 1 > 2"),
        ("expect false", "expect: false failed: got false"),
        ("del nosuch", "del: there is no variable 'nosuch'"),
        ("show 3", "show: cannot picture a number; show takes images, batches and datasets"),
        ("autoencoder() + 3", "cannot apply '+' to a model and a number"),
        ("autoencoder()[99]", "index 99 is out of range for a model of 21 elements"),
        ("autoencoder().encoder(ones(3, 5, 5))", "<starts>conv 3×3 1→16 at the input"),
    ])
    func message(_ input: String, _ expected: String) {
        let got = errorMessage(input)
        if expected.hasPrefix("<starts>") {
            #expect(got.contains(expected.dropFirst(8)), "\(input) → \(got)")
        } else {
            #expect(got == expected, "\(input)")
        }
    }
}
}
