/// `help` and `help NAME`: what each command and builtin does, with an example,
/// in the lecture's words where it has them.
enum HelpTopics {
    static let tour = """
    latent — convolutional autoencoders and classifiers, one step at a time.
      ae = autoencoder(latent: 72)     build the lecture's autoencoder (INPUT = OUTPUT)
      fit ae mnist epochs 5            train it on unannotated digits
      z = ae.encoder(mnist.test[0])    the feature vector: a point in the latent space
      show ae.decoder(z)               the decoder generates an image from any point
      clf = ae.encoder + fc(10) + softmax   cut the decoder, attach a perceptron
      fit clf mnist epochs 3
      accuracy clf mnist.test
    Commands: fit show save load seed accuracy evaluate predict backend print freeze unfreeze vars del
    Tensors: tensor zeros ones randn rand arange conv2d maxpool upsample relu sigmoid softmax
             crossentropy bce mse matmul sum mean argmax reshape flatten concat grad
    Layers:  conv fc maxpool upsample relu sigmoid softmax flatten batchnorm dropout
    Language: x = 1 · for i in 0..3 { } · if c { } else { } · fn f(a) { return a } · expect c · time s
    `help NAME` explains one of them.
    """

    static let topics: [String: String] = [
        "fit": "fit MODEL DATA [epochs N] [batch N] [lr X] [loss \"bce\"] [optimizer \"sgd\"] [val DATA]\n  Trains with Adam (lr 0.001, batch 128). Autoencoders learn INPUT = OUTPUT with binary cross-entropy;\n  classifiers learn labels with cross-entropy. Ctrl-C stops at the end of the batch and keeps the weights.\n  example: fit ae mnist epochs 5 batch 64 lr 0.001",
        "show": "show IMAGE | BATCH | DATASET [caption \"...\"]\n  Draws a picture in the terminal: a digit, a reconstruction, a grid of images.\n  example: show ae.decoder(ae.encoder(mnist.test[0]))",
        "save": "save TENSOR \"file.npy\" | save TENSOR \"file.png\" | save session \"name\"\n  example: save z \"z.npy\"",
        "load": "load \"file.npy\" | load session \"name\"\n  example: z = load(\"z.npy\")",
        "seed": "seed N — makes initial weights, shuffling and dropout repeatable.\n  example: seed 1",
        "accuracy": "accuracy MODEL DATA — fraction of correctly classified images.\n  example: accuracy clf mnist.test",
        "evaluate": "evaluate MODEL DATA — loss (and accuracy for classifiers) without training.\n  example: evaluate ae mnist.test",
        "predict": "predict MODEL IMAGE — the most probable class and its probability.\n  example: predict clf mnist.test[0]",
        "backend": "backend \"fast\" | backend \"reference\" — oneDNN kernels or the plain Swift teaching version.\n  example: backend \"reference\"",
        "print": "print(A, B, ...) — prints values on one line.",
        "help": "help NAME — explains a command, builtin or keyword.",
        "vars": "vars — lists the session's variables.",
        "del": "del NAME — forgets a variable.",
        "freeze": "freeze MODEL — its weights stop changing in fit (transfer learning: train only the new head).\n  example: freeze clf.encoder",
        "unfreeze": "unfreeze MODEL — lets frozen weights learn again (fine-tuning, usually with a lower lr).\n  example: unfreeze clf; fit clf mnist epochs 1 lr 0.0001",
        "autoencoder": "autoencoder(latent: 72) — the lecture's convolutional autoencoder: encoder (feature extractor)\n  + decoder (generator); 72 = 8×3×3 features. Parts: .encoder, .decoder.\n  example: ae = autoencoder(latent: 72)",
        "classifier": "classifier(classes: 10, encoder: M) — encoder → FC → softmax.\n  example: clf = classifier(encoder: ae.encoder)",
        "conv": "conv(OUT, kernel: 3, stride: 1, padding: 1) — a convolutional layer: small perceptrons sharing\n  weights at every pixel (1×1 kernels) that cooperate with neighbours (3×3).\n  example: m = conv(16) + relu + maxpool",
        "fc": "fc(N) — a fully connected layer (perceptron) with N outputs; its input size is learnt.\n  example: clf = ae.encoder + fc(10) + softmax",
        "maxpool": "maxpool / maxpool(2) / maxpool(x, 2) — dimension reduction: each 2×2 block, step 2, becomes its maximum.\n  example: maxpool(tensor([[1, 2, 5, 6], [3, 4, 7, 8]]), 2)",
        "upsample": "upsample / upsample(2) / upsample(x, 2) — dimension expansion by nearest neighbour.\n  example: upsample(tensor([[1, 2], [3, 4]]), 2)   # the lecture's 2×2 → 4×4",
        "relu": "relu — max(0, x), as a layer or relu(x) on a tensor.",
        "sigmoid": "sigmoid — 1/(1+e^-x): independent probabilities (a wheel AND a bicycle).",
        "softmax": "softmax — e^x_i / Σ e^x_k: probabilities of mutually exclusive classes.\n  example: softmax(tensor([1, 2, 3]))",
        "crossentropy": "crossentropy(LOGITS, LABELS) — −Σ y_i log softmax(x)_i; its gradient is p − y.\n  example: z = tensor([1.0, 2.0, 0.5]); grad(crossentropy(z, [1]), z)",
        "grad": "grad(EXPR, x) — the gradient of a single-number expression with respect to variable x\n  (computed by autodiff; x itself is not changed).\n  example: z = tensor([1.0, 2.0, 0.5]); g = grad(crossentropy(z, [1]), z); expect g == softmax(z) - onehot([1], 3)[0]",
        "bce": "bce(P, TARGET) — binary cross-entropy of probabilities; the autoencoder's loss.",
        "mse": "mse(Y, TARGET) — mean squared error.",
        "tensor": "tensor([[1, 2], [3, 4]]) — a tensor from nested lists.",
        "zeros": "zeros(2, 3) or zeros([2, 3]) — a tensor of zeros (also ones, randn, rand).",
        "mnist": "mnist — 70,000 handwritten digits: mnist.train (60,000), mnist.test (10,000).\n  example: show mnist.test[0..16]",
        "expect": "expect CONDITION — stops a script loudly when the condition is false, showing both sides.\n  example: expect accuracy(clf, mnist.test) > 0.9",
        "time": "time STATEMENT — runs it and reports how long it took.\n  example: time fit ae mnist epochs 1",
        "for": "for NAME in SEQUENCE { ... } — ranges (0..3 is 0, 1, 2), lists, tensors, datasets.",
        "if": "if CONDITION { ... } else { ... }",
        "fn": "fn NAME(A, B) { return ... } — a function; fn(A) { ... } without a name is a value.",
        "filter": "DATA.filter(labels: [0, 1]) — only the images with these labels.",
        "model": "model(conv(16), relu, maxpool) — a chain of layers (the same as conv(16) + relu + maxpool).",
    ]

    static func text(for topic: String, known: [String]) -> String {
        if let t = topics[topic] { return t }
        if known.contains(topic) { return "\(topic) — a builtin; try \(topic)(...) or see `help` for the tour." }
        var s = "no help for '\(topic)'"
        if let near = Suggest.nearest(topic, in: Array(topics.keys) + known) { s += "; did you mean '\(near)'?" }
        return s
    }
}
