"""Classifier: 1×28×28 → 10, 2,634 parameters, trained with DistributedDataParallel.

    torchrun --nproc_per_node 2 train_ddp.py --data data/mnist --epochs 1
    torchrun --nproc_per_node 2 train_ddp.py --data data/mnist --limit 6000 --out ckpt.safetensors

gloo on CPU, nccl when every process has a GPU (torchrun sets RANK, WORLD_SIZE, LOCAL_RANK).
--data: a folder of MNIST IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz];
--split t10k for the test files) or of PNG images, one sub-folder per class (latent's image folders).
latent's settings: crossentropy, adam lr 0.002, batch 64, seed 5, 1 epoch; --batch is the global batch, split across the processes.
Weights start from train_ddp.safetensors (latent's, beside this file); rank 0 writes --out after every
epoch with latent's names, which latent loads back: load "train_ddp-checkpoint.safetensors" into MODEL

state_dict names are latent's (save MODEL "x.safetensors"): 0.0.weight, 0.0.bias, 0.3.weight, …
Parts: encoder = model[0].
"""
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

INPUT_SHAPE = (1, 28, 28)
HERE = os.path.dirname(os.path.abspath(__file__))
# latent's choices
EPOCHS, BATCH, LR, SEED = 1, 64, 0.002, 5
LOSS = "crossentropy"
# Parameters frozen in latent (not trained) and its frozen batch norms (kept in eval mode, as latent does).
FROZEN = []
FROZEN_NORMS = []


class Classifier(nn.Sequential):
    """A latent classifier: 1×28×28 → 10."""

    def __init__(self):
        super().__init__(
            nn.Sequential(  # 0: encoder
                nn.Conv2d(1, 16, 3, padding=1),  # 0.0: conv 3×3 1→16
                nn.ReLU(),  # 0.1: relu
                nn.MaxPool2d(2),  # 0.2: maxpool 2×2
                nn.Conv2d(16, 8, 3, padding=1),  # 0.3: conv 3×3 16→8
                nn.ReLU(),  # 0.4: relu
                nn.MaxPool2d(2),  # 0.5: maxpool 2×2
                nn.Conv2d(8, 8, 3, padding=1),  # 0.6: conv 3×3 8→8
                nn.Sigmoid(),  # 0.7: sigmoid
                nn.MaxPool2d(2),  # 0.8: maxpool 2×2
                nn.Flatten(),  # 0.9: flatten
            ),
            nn.Linear(72, 10),  # 1: fc 72→10
            nn.Softmax(dim=1),  # 2: softmax
        )

    @property
    def encoder(self):
        return self[0]


_DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
           "U8": torch.uint8, "BOOL": torch.bool}


def load_safetensors(path):
    """The tensors of a .safetensors file by name."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        data = bytearray(f.read())
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        if begin == end:
            tensors[name] = torch.zeros(info["shape"], dtype=dtype)
        else:
            tensors[name] = torch.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"]).clone()
    return tensors


def save_safetensors(tensors, path):
    """Writes tensors as float32 safetensors (what latent's `load "…" into MODEL` reads)."""
    tensors = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in tensors.items()}
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name in sorted(tensors):
        size = tensors[name].numel() * 4
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    data = bytearray(offset)
    if offset:
        flat = torch.frombuffer(data, dtype=torch.uint8)
        for name in sorted(tensors):
            begin, end = header[name]["data_offsets"]
            if end > begin:
                flat[begin:end] = tensors[name].reshape(-1).view(torch.uint8)
    with open(path + ".tmp", "wb") as f:
        f.write(len(text).to_bytes(8, "little") + text + bytes(data))
    os.replace(path + ".tmp", path)

def read_idx(path):
    """An IDX file (MNIST's format, gzipped or not) as a uint8 or int tensor."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise SystemExit(f"{path}: not an IDX file of unsigned bytes")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    start = 4 + 4 * len(dims)
    return torch.frombuffer(bytearray(data[start:]), dtype=torch.uint8).reshape(dims)


def read_png(path):
    """An 8-bit, non-interlaced PNG as a float tensor [C, H, W] in [0, 1] (alpha composited onto black)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
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
    """Images [N, C, H, W] in [0, 1] and labels [N] from MNIST IDX files or a PNG class folder."""
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

def main():
    parser = argparse.ArgumentParser(description="DistributedDataParallel training of Classifier, exported from latent")
    parser.add_argument("--data", default="data/mnist", help="MNIST IDX folder or PNG class folder")
    parser.add_argument("--split", default="train", help="IDX file prefix: train or t10k")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N samples (0: all)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch", type=int, default=BATCH, help="global batch size")
    parser.add_argument("--lr", type=float, default=LR)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--init", default=os.path.join(HERE, "train_ddp.safetensors"), help="starting weights ('' for fresh)")
    parser.add_argument("--out", default="train_ddp-checkpoint.safetensors")
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

    model = Classifier()
    if args.init:
        model.load_state_dict(load_safetensors(args.init), strict=True)
    # Cross-entropy on the logits, as latent folds the final softmax into the loss (no weights change names).
    model[2] = nn.Identity()
    for name, p in model.named_parameters():
        p.requires_grad_(name not in FROZEN)
    model.to(device)
    ddp = DistributedDataParallel(model, device_ids=[local] if cuda else None)
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0)

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
            loss = F.cross_entropy(out, y)
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
            print(f"checkpoint {args.out} (latent: load \"{args.out}\" into MODEL)", flush=True)
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
