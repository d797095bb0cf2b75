// swift-tools-version:6.0
// latent — a notebook-style REPL for convolutional autoencoders and classifiers.
// Modules import downward only: latent → Terminal/Notebook/Kernel → Script → Data/NN/Picture → Tensor.
// Each target's dependencies are exactly the modules its sources import (PackageImportTests).
import PackageDescription

let package = Package(
    name: "latent",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "latent", targets: ["latent"]),
        .executable(name: "latent-bench", targets: ["latent-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian packages installed by scripts/setup).
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // The Jupyter kernel's transport (libzmq3-dev) and message signing (libssl-dev: HMAC-SHA256
        // from libcrypto, already on every Debian machine that builds Swift; swift-crypto would add
        // ~1.5 min to every clean CI build for one function).
        .systemLibrary(name: "CZMQ", path: "Sources/CZMQ"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),

        // Checked -O in release like every module: the unchecked mode once turned an
        // out-of-range read into wrong numbers instead of a trap (docs/perf-notes.md).
        .target(name: "Tensor", dependencies: ["CDNNL"]),
        .target(name: "NN", dependencies: ["Tensor"]),
        .target(name: "Data", dependencies: ["Tensor", "CPNG", "CZlib"]),
        .target(name: "Picture", dependencies: ["Tensor", "Data"]),
        .target(name: "Script", dependencies: ["Tensor", "NN", "Data", "Picture"]),
        .target(name: "Terminal", dependencies: ["Script", "CEditLine", "NN", "Tensor", "Picture"]),
        .target(name: "Notebook", dependencies: ["Script", "NN", "Data", "Tensor", "Picture", "CSQLite"]),
        // `latent kernel`: the Jupyter messaging protocol around the same Interpreter the REPL uses.
        .target(name: "Kernel", dependencies: ["Notebook", "Script", "Data", "NN", "Tensor", "Picture", "CZMQ", "CCrypto"]),
        .executableTarget(name: "latent", dependencies: [
            "Terminal", "Notebook", "Kernel", "Script", "Data", "NN",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "latent-bench", dependencies: ["Tensor"]),
        // Trainer.fit throughput, test quality and peak memory of the reference models (scripts/bench, scripts/train-quality).
        .executableTarget(name: "latent-fitbench", dependencies: ["Tensor", "NN", "Data", "Script"]),
        // Trains the pretrained models of zoo/ and runs the transfer-learning sequence (scripts/train-zoo).
        .executableTarget(name: "latent-zoo", dependencies: ["Tensor", "NN", "Data", "Script"]),

        .testTarget(name: "TensorTests", dependencies: ["Tensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DataTests", dependencies: ["Data", "Tensor", "CZlib", "CPNG"]),
        .testTarget(name: "PictureTests", dependencies: ["Picture", "Data", "Tensor"]),
        .testTarget(name: "TerminalImageTests", dependencies: ["Terminal"]),
        .testTarget(name: "ScriptTests", dependencies: ["Script", "NN", "Data", "Tensor", "Picture"], resources: [.copy("Scripts")]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Script", "NN", "Data", "Tensor", "Picture"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "Script"]),
        .testTarget(name: "TutorialTests", dependencies: ["Script", "NN", "Data", "Tensor", "Picture"]),
    ],
    swiftLanguageModes: [.v5]
)
