import Foundation
import Tensor

/// A PyTorch DistributedDataParallel training script around a model's module (the
/// class `TorchCode` writes, embedded so the script stands alone): torchrun starts N
/// processes (gloo on CPU, nccl when each has a GPU), a `DistributedSampler` splits
/// MNIST IDX files or a PNG class folder, the loss, optimizer, learning rate, batch
/// size and seed are latent's, and rank 0 checkpoints latent-loadable safetensors.
///
///     try clf.exportTrainingScript(to: "train_ddp.py", settings: .init(clf))
public enum TrainingScript {
    /// What the script trains with; `init(_:)` takes latent's choices for the model.
    public struct Settings {
        public var epochs = 1
        /// The global batch (split across the processes, so one step sees as many samples as latent's).
        public var batchSize: Int
        public var learningRate: Double
        public var seed: Int
        public var loss: LossKind
        /// `adam` or `sgd`, with PyTorch's keyword arguments besides `lr`.
        public var optimizer: (name: String, arguments: String)

        /// The last fit's loss and batch size, the kept optimizer (Adam 1e-3 when none),
        /// the last `seed`.
        public init(_ model: Model) {
            let last = model.history.epochs.last
            batchSize = last?.batchSize ?? 128
            loss = last?.lossKind ?? model.defaultLoss
            seed = Int(truncatingIfNeeded: Random.lastSeed)
            switch model.optimizer {
            case let s as SGD:
                learningRate = Double(s.learningRate)
                optimizer = ("sgd", "momentum=\(TorchLayers.python(s.momentum)), weight_decay=\(TorchLayers.python(s.weightDecay))")
            default:
                // Not trained yet (or an optimizer PyTorch has no twin of): latent's Adam.
                let o = model.optimizer as? Adam ?? Adam()
                learningRate = Double(o.learningRate)
                optimizer = ("adam", "betas=(\(TorchLayers.python(o.beta1)), \(TorchLayers.python(o.beta2))), eps=\(TorchLayers.python(o.eps)), weight_decay=\(TorchLayers.python(o.weightDecay))")
            }
        }

        /// "bce, adam lr 0.001, batch 128, seed 0, 1 epoch"
        public var summary: String {
            "\(loss.shortName), \(optimizer.name) lr \(Float(learningRate)), batch \(batchSize), seed \(seed), \(epochs) epoch\(epochs == 1 ? "" : "s")"
        }
    }

    /// How to start the script on one machine with two processes.
    public static func command(file: String, settings: Settings, data: String = "data/mnist") -> String {
        "torchrun --nproc_per_node 2 \(file) --data \(data) --epochs \(settings.epochs)"
    }

    /// The script's text; `weightsFile` (beside it) holds the starting weights.
    public static func script(_ model: Model, settings s: Settings, file: String, weightsFile: String) throws -> String {
        let body = try TorchCode.classCode(model)
        let tree = body.tree
        let stem = (file as NSString).deletingPathExtension
        guard let inputShape = model.inputShape else {
            throw NNError("export: the model's input shape is not known yet; run it on an input (or fit it) first")
        }
        if !s.loss.usesLabels, model.outputShape != inputShape {
            throw NNError("export: \(s.loss.shortName) compares the output with the input, but this model maps \(describeDims(inputShape)) to \(describeDims(model.outputShape ?? [])); use loss: \"crossentropy\" for a classifier")
        }
        let n = model.nodes.count
        let foldSoftmax = s.loss == .crossEntropy && model.endsInSoftmax && n > 1 && model.nodes[n - 1].inputs == [n - 2]
        let frozen = model.namedParameters.filter { $0.1.isFrozen }.map { $0.0 }
        let frozenNorms = model.nodes.filter { $0.layer is BatchNorm2d && $0.layer.isFrozen }.map { $0.path.joined(separator: ".") }
        let optimizerClass = s.optimizer.name == "sgd" ? "torch.optim.SGD" : "torch.optim.Adam"
        let lossLine: String
        switch s.loss {
        case .binaryCrossEntropy: lossLine = "F.binary_cross_entropy(out, x)"
        case .mse: lossLine = "F.mse_loss(out, x)"
        case .crossEntropy: lossLine = foldSoftmax ? "F.cross_entropy(out, y)" : "F.nll_loss(torch.log(out.clamp_min(1e-12)), y)"
        case .elbo:
            // The VAE: reconstruction summed per image plus beta × the KL its Gaussian kept.
            lossLine = "F.binary_cross_entropy(out, x, reduction=\"sum\") / x.shape[0] + sum(g.beta * g.kl for g in model.modules() if isinstance(g, Gaussian))"
        }
        let usage = """
                torchrun --nproc_per_node 2 \(file) --data data/mnist --epochs \(s.epochs)
                torchrun --nproc_per_node 2 \(file) --data data/mnist --limit 6000 --out ckpt.safetensors

            gloo on CPU, nccl when every process has a GPU (torchrun sets RANK, WORLD_SIZE, LOCAL_RANK).
            --data: a folder of MNIST IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz];
            --split t10k for the test files) or of PNG images, one sub-folder per class (latent's image folders).
            latent's settings: \(s.summary); --batch is the global batch, split across the processes.
            Weights start from \(weightsFile) (latent's, beside this file); rank 0 writes --out after every
            epoch with latent's names, which latent loads back: load "\(stem)-checkpoint.safetensors" into MODEL
            """
        var out = TorchCode.header(model, body.className, title: "trained with DistributedDataParallel", usage: usage)
        out += """
            import argparse
            import gzip
            import json
            import os
            import zlib

            import torch
            import torch.distributed as dist
            import torch.nn.functional as F
            from torch import nn
            from torch.nn.parallel import DistributedDataParallel
            from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

            INPUT_SHAPE = (\(TorchCode.shapeTuple(inputShape, bare: true)))
            HERE = os.path.dirname(os.path.abspath(__file__))
            # latent's choices
            EPOCHS, BATCH, LR, SEED = \(s.epochs), \(s.batchSize), \(TorchLayers.python(Float(s.learningRate))), \(s.seed)
            LOSS = \(PythonName.quote(s.loss.shortName))
            # Parameters frozen in latent (not trained) and its frozen batch norms (kept in eval mode, as latent does).
            FROZEN = [\(frozen.map(PythonName.quote).joined(separator: ", "))]
            FROZEN_NORMS = [\(frozenNorms.map(PythonName.quote).joined(separator: ", "))]



            """
        out += body.code + "\n\n" + TorchCode.safetensorsCode + "\n\n" + dataCode + "\n\n"
        out += """
            def main():
                parser = argparse.ArgumentParser(description="DistributedDataParallel training of \(body.className), exported from latent")
                parser.add_argument("--data", default="data/mnist", help="MNIST IDX folder or PNG class folder")
                parser.add_argument("--split", default="train", help="IDX file prefix: train or t10k")
                parser.add_argument("--limit", type=int, default=0, help="use only the first N samples (0: all)")
                parser.add_argument("--epochs", type=int, default=EPOCHS)
                parser.add_argument("--batch", type=int, default=BATCH, help="global batch size")
                parser.add_argument("--lr", type=float, default=LR)
                parser.add_argument("--seed", type=int, default=SEED)
                parser.add_argument("--init", default=os.path.join(HERE, \(PythonName.quote(weightsFile))), help="starting weights ('' for fresh)")
                parser.add_argument("--out", default=\(PythonName.quote(stem + "-checkpoint.safetensors")))
                parser.add_argument("--lines", type=int, default=10, help="loss lines per epoch")
                args = parser.parse_args()

                cuda = torch.cuda.is_available() and torch.cuda.device_count() > 0
                dist.init_process_group("nccl" if cuda else "gloo")
                rank, world = dist.get_rank(), dist.get_world_size()
                local = int(os.environ.get("LOCAL_RANK", 0))
                device = torch.device("cuda", local) if cuda else torch.device("cpu")
                if cuda:
                    torch.cuda.set_device(device)
                torch.manual_seed(args.seed)

                model = \(body.className)()
                if args.init:
                    model.load_state_dict(load_safetensors(args.init), strict=True)

            """
        if foldSoftmax {
            out += """
                    # Cross-entropy on the logits, as latent folds the final softmax into the loss (no weights change names).
                    \(tree.accessor(model.nodes[n - 1].path, base: "model")) = nn.Identity()

                """
        }
        out += """
                for name, p in model.named_parameters():
                    p.requires_grad_(name not in FROZEN)
                model.to(device)
                ddp = DistributedDataParallel(model, device_ids=[local] if cuda else None)
                optimizer = \(optimizerClass)([p for p in model.parameters() if p.requires_grad], lr=args.lr, \(s.optimizer.arguments))

                images, labels = load_data(args.data, args.split, args.limit)
                if tuple(images.shape[1:]) != INPUT_SHAPE:
                    raise SystemExit(f"{args.data}: images are {tuple(images.shape[1:])}, the model takes {INPUT_SHAPE}")
                dataset = TensorDataset(images, labels)
                sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
                loader = DataLoader(dataset, batch_size=max(1, args.batch // world), sampler=sampler)
                if rank == 0:
                    print(f"{len(dataset)} samples, {world} processes ({'nccl' if cuda else 'gloo'}), "
                          f"batch {max(1, args.batch // world)} per process, {len(loader)} steps per epoch", flush=True)

                for epoch in range(1, args.epochs + 1):
                    sampler.set_epoch(epoch)
                    ddp.train()
                    for name, m in model.named_modules():
                        if name in FROZEN_NORMS:
                            m.eval()
                    every = max(1, len(loader) // max(1, args.lines))
                    window = torch.zeros(2, dtype=torch.float64, device=device)   # loss sum, samples
                    total = torch.zeros(2, dtype=torch.float64, device=device)
                    for step, (x, y) in enumerate(loader, 1):
                        x, y = x.to(device), y.to(device)
                        out = ddp(x)
                        loss = \(lossLine)
                        optimizer.zero_grad()
                        loss.backward()
                        optimizer.step()
                        window += torch.tensor([loss.item() * len(x), len(x)], dtype=torch.float64, device=device)
                        if step % every == 0 or step == len(loader):
                            dist.all_reduce(window)
                            total += window
                            if rank == 0:
                                print(f"epoch {epoch} step {step}/{len(loader)}  loss {window[0].item() / window[1].item():.4f}", flush=True)
                            window.zero_()
                    if rank == 0:
                        print(f"epoch {epoch}: mean loss {total[0].item() / total[1].item():.4f} ({LOSS})", flush=True)
                        save_safetensors(model.state_dict(), args.out)
                        print(f"checkpoint {args.out} (latent: load \\"{args.out}\\" into MODEL)", flush=True)
                dist.barrier()
                dist.destroy_process_group()


            if __name__ == "__main__":
                main()

            """
        return out
    }

    /// Reading MNIST IDX files and PNG class folders with the standard library and torch.
    static let dataCode = """
        def read_idx(path):
            \"\"\"An IDX file (MNIST's format, gzipped or not) as a uint8 or int tensor.\"\"\"
            with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
                data = f.read()
            if data[0] != 0 or data[1] != 0 or data[2] != 8:
                raise SystemExit(f"{path}: not an IDX file of unsigned bytes")
            dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
            start = 4 + 4 * len(dims)
            return torch.frombuffer(bytearray(data[start:]), dtype=torch.uint8).reshape(dims)


        def read_png(path):
            \"\"\"An 8-bit, non-interlaced PNG as a float tensor [C, H, W] in [0, 1] (alpha composited onto black).\"\"\"
            with open(path, "rb") as f:
                data = f.read()
            if data[:8] != b"\\x89PNG\\r\\n\\x1a\\n":
                raise SystemExit(f"{path}: not a PNG file")
            pos, idat, width = 8, b"", 0
            while pos < len(data):
                size = int.from_bytes(data[pos:pos + 4], "big")
                kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + size]
                if kind == b"IHDR":
                    width, height = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
                    depth, color, interlace = body[8], body[9], body[12]
                    if depth != 8 or interlace != 0 or color not in (0, 2, 4, 6):
                        raise SystemExit(f"{path}: only 8-bit non-interlaced gray/RGB(A) PNGs are read here")
                elif kind == b"IDAT":
                    idat += body
                pos += 12 + size
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
            raw, stride = zlib.decompress(idat), width * channels
            rows, prev = [], bytearray(stride)
            for r in range(height):
                kind, line = raw[r * (stride + 1)], bytearray(raw[r * (stride + 1) + 1:(r + 1) * (stride + 1)])
                for i in range(stride):
                    a = line[i - channels] if i >= channels else 0
                    b, c = prev[i], prev[i - channels] if i >= channels else 0
                    if kind == 1:
                        line[i] = (line[i] + a) & 255
                    elif kind == 2:
                        line[i] = (line[i] + b) & 255
                    elif kind == 3:
                        line[i] = (line[i] + (a + b) // 2) & 255
                    elif kind == 4:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                rows.append(bytes(line))
                prev = line
            pixels = torch.frombuffer(bytearray(b"".join(rows)), dtype=torch.uint8).reshape(height, width, channels)
            x = pixels.permute(2, 0, 1).float() / 255
            if channels in (2, 4):
                x = x[:-1] * x[-1:]
            return x


        def load_data(folder, split="train", limit=0):
            \"\"\"Images [N, C, H, W] in [0, 1] and labels [N] from MNIST IDX files or a PNG class folder.\"\"\"
            def find(name):
                for candidate in (name, name + ".gz"):
                    if os.path.exists(os.path.join(folder, candidate)):
                        return os.path.join(folder, candidate)
                return None
            images_file, labels_file = find(f"{split}-images-idx3-ubyte"), find(f"{split}-labels-idx1-ubyte")
            if images_file and labels_file:
                images = read_idx(images_file).unsqueeze(1).float() / 255
                labels = read_idx(labels_file).long()
            else:
                classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)) and not d.startswith("."))
                if not classes:
                    raise SystemExit(f"{folder}: neither MNIST IDX files ({split}-images-idx3-ubyte) nor class sub-folders of PNGs")
                files = [(os.path.join(folder, c, f), k) for k, c in enumerate(classes)
                         for f in sorted(os.listdir(os.path.join(folder, c))) if f.lower().endswith(".png") and not f.startswith(".")]
                if limit:
                    files = files[:limit]
                pictures = [read_png(f) for f, _ in files]
                if any(p.shape[0] == 3 for p in pictures):
                    pictures = [p.expand(3, -1, -1) if p.shape[0] == 1 else p for p in pictures]
                images, labels = torch.stack(pictures), torch.tensor([k for _, k in files])
            if limit:
                images, labels = images[:limit], labels[:limit]
            return images.contiguous(), labels
        """
}

extension Model {
    /// Writes the DDP training script (`path`, .py) and the starting weights beside it
    /// (same name, .safetensors). Returns the weights' path.
    @discardableResult
    public func exportTrainingScript(to path: String, settings: TrainingScript.Settings) throws -> String {
        let weights = (path as NSString).deletingPathExtension + ".safetensors"
        let file = (path as NSString).lastPathComponent
        let code = try TrainingScript.script(self, settings: settings, file: file, weightsFile: (weights as NSString).lastPathComponent)
        try Safetensors.write(stateDict(), metadata: ["format": "pt"], to: weights)
        try Data(code.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return weights
    }
}
