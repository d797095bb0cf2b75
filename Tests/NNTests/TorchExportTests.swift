import Foundation
import Testing
@testable import NN
import Tensor

/// `TorchCode`: the generated PyTorch text, line by line per layer kind and whole
/// against golden files (Fixtures/export/*.py; scripts/check-handoff runs the same
/// files in PyTorch). LATENT_UPDATE_GOLDEN=1 rewrites the golden files.
extension NNTests {
    @Suite struct TorchExport {
        /// Every layer kind and the Python line it becomes.
        static let kinds: [(String, () throws -> Layer, [Int], String)] = [
            ("conv", { try Conv2d(out: 16, in: 1) }, [1, 8, 8], "nn.Conv2d(1, 16, 3, padding=1)"),
            ("conv strided", { try Conv2d(out: 8, kernel: 1, stride: 2, in: 4, bias: false) }, [4, 8, 8], "nn.Conv2d(4, 8, 1, stride=2, bias=False)"),
            ("conv depthwise", { try Conv2d(out: 4, padding: 2, in: 4, groups: 4) }, [4, 8, 8], "nn.Conv2d(4, 4, 3, padding=2, groups=4)"),
            ("fc", { try Linear(out: 10, in: 72) }, [72], "nn.Linear(72, 10)"),
            ("fc no bias", { try Linear(out: 3, in: 5, bias: false) }, [5], "nn.Linear(5, 3, bias=False)"),
            ("batchnorm", { try BatchNorm2d(channels: 16) }, [16, 4, 4], "nn.BatchNorm2d(16)"),
            ("batchnorm eps", { try BatchNorm2d(channels: 2, momentum: 0.2, eps: 0.001) }, [2, 4, 4], "nn.BatchNorm2d(2, eps=0.001, momentum=0.2)"),
            ("maxpool", { try Pool2d(.max, kernel: 2) }, [1, 4, 4], "nn.MaxPool2d(2)"),
            ("avgpool", { try Pool2d(.average, kernel: 3, stride: 1) }, [1, 4, 4], "nn.AvgPool2d(3, stride=1)"),
            ("maxpool padded", { try PaddedMaxPool2d(kernel: 3, stride: 2, padding: 1) }, [1, 8, 8], "nn.MaxPool2d(3, stride=2, padding=1)"),
            ("global avgpool", { GlobalAvgPool() }, [3, 4, 4], "GlobalAvgPool()"),
            ("upsample", { try Upsample(scale: 2) }, [1, 4, 4], "nn.Upsample(scale_factor=2, mode=\"nearest\")"),
            ("relu", { ReLU() }, [3], "nn.ReLU()"),
            ("relu6", { ReLU6() }, [3], "nn.ReLU6()"),
            ("leaky relu", { LeakyReLU(slope: 0.1) }, [3], "nn.LeakyReLU(0.1)"),
            ("sigmoid", { Sigmoid() }, [3], "nn.Sigmoid()"),
            ("tanh", { Tanh() }, [3], "nn.Tanh()"),
            ("softmax", { Softmax() }, [3], "nn.Softmax(dim=1)"),
            ("flatten", { Flatten() }, [2, 3, 3], "nn.Flatten()"),
            ("unflatten", { try Unflatten([8, 3, 3]) }, [72], "nn.Unflatten(1, (8, 3, 3))"),
            ("unflatten one", { try Unflatten([5]) }, [5], "nn.Unflatten(1, (5,))"),
            ("identity", { Identity() }, [3], "nn.Identity()"),
            ("dropout", { try Dropout(p: 0.25) }, [3], "nn.Dropout(0.25)"),
        ]

        @Test(arguments: 0..<kinds.count)
        func eachLayerKindIsOneLine(_ k: Int) throws {
            let (name, make, shape, line) = Self.kinds[k]
            let m = try Model(chain: [make()], inputShape: shape)
            let text = try TorchCode.module(m, weightsFile: "m.safetensors")
            let want = "            \(line),  # 0: \(m.nodes[0].layer.description)"
            #expect(text.components(separatedBy: "\n").contains(want), "\(name): \(text)")
        }

        @Test func addAndConcatAreHelpersWiredInForward() throws {
            let b = GraphBuilder()
            let c = b.add(try Conv2d(out: 2, in: 2), b.input)
            let s = b.add(Add(), c, b.input)
            b.add(Concat(), s, c)
            let text = try TorchCode.module(try b.model(inputShape: [2, 4, 4]), weightsFile: "g.safetensors")
            #expect(text.contains("class Add(nn.Module):"))
            #expect(text.contains("class Concat(nn.Module):"))
            #expect(text.contains("        x1 = self[1](x0, x)\n        x2 = self[2](x1, x0)\n        return x2\n"), "\(text)")
        }

        @Test func unshapedAndUnknownLayersAreRefused() throws {
            let lazy = try Model(chain: [try Conv2d(out: 4)])
            #expect(throws: NNError("export: conv 3×3 ?→4 does not know its input size yet; run the model on an input (or fit it) first")) {
                try TorchCode.module(lazy, weightsFile: "w.safetensors")
            }
            let conv = try Conv2d(out: 1, in: 1)
            let twice = try Model(chain: [conv, conv], inputShape: [1, 4, 4])
            #expect(throws: NNError("export: conv 3×3 1→1 is used twice (as '0' and '1'); PyTorch would save its weights under both names")) {
                try TorchCode.module(twice, weightsFile: "w.safetensors")
            }
            final class Custom: Layer { override var kind: String { "custom" } }
            #expect(throws: NNError("export: custom (custom) has no PyTorch counterpart in the exporter")) {
                try TorchCode.module(try Model(chain: [Custom()], inputShape: [3]), weightsFile: "w.safetensors")
            }
        }

        static let goldens: [(String, () throws -> Model)] = [
            ("autoencoder", { try Builders.autoencoder(latent: 72) }),
            ("autoencoder-latent2", { try Builders.autoencoder(latent: 2) }),
            ("composed", { try Builders.autoencoder(latent: 72).part("encoder").composed(with: Model(layer: Linear(out: 10))).composed(with: Model(layer: Softmax())) }),
            ("decoder", { try Builders.autoencoder(latent: 72).part("decoder") }),
            ("resnet", { try Builders.resnet(width: 4) }),
            ("mobilenet", { try Builders.mobilenet(width: 4) }),
            ("inception", { try Builders.inception(width: 8) }),
            ("unet", { try Builders.unet(width: 4) }),
            ("alexnet", { try Builders.alexnet(width: 4) }),
            ("vgg-backbone", { try Builders.vgg(width: 4).part("backbone") }),
        ]

        @Test(arguments: 0..<goldens.count)
        func generatedTextEqualsGoldenFile(_ k: Int) throws {
            let (name, build) = Self.goldens[k]
            let text = try TorchCode.module(build(), weightsFile: "\(name).safetensors")
            try checkGolden(text, "\(name).py")
        }

        @Test func trainingScriptEqualsGoldenFile() throws {
            let clf = try Builders.classifier()
            var s = TrainingScript.Settings(clf)
            s.seed = 5
            s.batchSize = 64
            s.learningRate = 0.002
            let text = try TrainingScript.script(clf, settings: s, file: "train_ddp.py", weightsFile: "train_ddp.safetensors")
            try checkGolden(text, "train_ddp.py")
            #expect(text.contains("    model[2] = nn.Identity()\n"))
            #expect(text.contains("loss = F.cross_entropy(out, y)"))
            #expect(text.contains("torchrun --nproc_per_node 2 train_ddp.py --data data/mnist --epochs 1"))
        }

        @Test func trainingScriptTakesLatentsSettingsAndFrozenParts() throws {
            let ae = try Builders.autoencoder(latent: 72)
            try ae.part("encoder").freeze()
            ae.optimizer = SGD(lr: 0.05, momentum: 0.9)
            let s = TrainingScript.Settings(ae)
            #expect(s.summary == "bce, sgd lr 0.05, batch 128, seed \(Random.lastSeed), 1 epoch")
            let text = try TrainingScript.script(ae, settings: s, file: "t.py", weightsFile: "t.safetensors")
            #expect(text.contains("FROZEN = [\"0.0.weight\", \"0.0.bias\", \"0.3.weight\", \"0.3.bias\", \"0.6.weight\", \"0.6.bias\"]"))
            #expect(text.contains("optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=args.lr, momentum=0.9, weight_decay=0.0)"))
            #expect(text.contains("loss = F.binary_cross_entropy(out, x)"))
            var wrong = s
            wrong.loss = .mse
            #expect(throws: NNError("export: mse compares the output with the input, but this model maps 1×28×28 to 10; use loss: \"crossentropy\" for a classifier")) {
                try TrainingScript.script(try Builders.classifier(), settings: wrong, file: "t.py", weightsFile: "t.safetensors")
            }
        }

        func checkGolden(_ text: String, _ file: String) throws {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/export/\(file)")
            if ProcessInfo.processInfo.environment["LATENT_UPDATE_GOLDEN"] == "1" {
                try Data(text.utf8).write(to: source)
                return
            }
            guard let url = Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Fixtures/export") else {
                throw NNError("golden file Fixtures/export/\(file) is missing (LATENT_UPDATE_GOLDEN=1 writes it)")
            }
            let want = try String(contentsOf: url, encoding: .utf8)
            let (a, b) = (text.components(separatedBy: "\n"), want.components(separatedBy: "\n"))
            let firstDiff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
            #expect(text == want, "\(file) differs at line \((firstDiff?.offset ?? min(a.count, b.count)) + 1): \(firstDiff.map { "got \($0.element.0) / golden \($0.element.1)" } ?? "length")")
        }
    }
}
