"""Inception: 1×28×28 → 10, 4,256 parameters, exported from latent.

    from inception import build
    model = build()            # the weights of inception.safetensors, beside this file; eval mode
    y = model(torch.rand(8, 1, 28, 28))

state_dict names are latent's (save MODEL "x.safetensors"): backbone.0.weight, backbone.0.bias, backbone.3.weight, …
Parts: backbone = model.backbone, head = model.head.
"""
import json
import os

import torch
from torch import nn

INPUT_SHAPE = (1, 28, 28)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inception.safetensors")


class Concat(nn.Module):
    """Concatenates its inputs along the channels (latent's concat)."""
    def forward(self, *xs):
        return torch.cat(xs, dim=1)


class GlobalAvgPool(nn.Module):
    """Averages each channel over the image: [N, C, H, W] → [N, C] (latent's global avgpool)."""
    def forward(self, x):
        return x.mean(dim=(2, 3))


class Inception(nn.Module):
    """latent's inception: 1×28×28 → 10."""

    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),  # backbone.0: conv 3×3 1→8
            nn.ReLU(),  # backbone.1: relu
            nn.MaxPool2d(2),  # backbone.2: maxpool 2×2
            nn.Conv2d(8, 8, 1),  # backbone.3: conv 1×1 8→8
            nn.ReLU(),  # backbone.4: relu
            nn.Conv2d(8, 5, 1),  # backbone.5: conv 1×1 8→5
            nn.ReLU(),  # backbone.6: relu
            nn.Conv2d(5, 8, 3, padding=1),  # backbone.7: conv 3×3 5→8
            nn.ReLU(),  # backbone.8: relu
            nn.Conv2d(8, 3, 1),  # backbone.9: conv 1×1 8→3
            nn.ReLU(),  # backbone.10: relu
            nn.Conv2d(3, 4, 5, padding=2),  # backbone.11: conv 5×5 3→4
            nn.ReLU(),  # backbone.12: relu
            Concat(),  # backbone.13: concat
            nn.MaxPool2d(2),  # backbone.14: maxpool 2×2
            nn.Conv2d(20, 16, 1),  # backbone.15: conv 1×1 20→16
            nn.ReLU(),  # backbone.16: relu
            nn.Conv2d(20, 9, 1),  # backbone.17: conv 1×1 20→9
            nn.ReLU(),  # backbone.18: relu
            nn.Conv2d(9, 16, 3, padding=1),  # backbone.19: conv 3×3 9→16
            nn.ReLU(),  # backbone.20: relu
            nn.Conv2d(20, 5, 1),  # backbone.21: conv 1×1 20→5
            nn.ReLU(),  # backbone.22: relu
            nn.Conv2d(5, 8, 5, padding=2),  # backbone.23: conv 5×5 5→8
            nn.ReLU(),  # backbone.24: relu
            Concat(),  # backbone.25: concat
            GlobalAvgPool(),  # backbone.26: global avgpool
        )
        self.head = nn.Sequential(
            nn.Linear(40, 10),  # head.0: fc 40→10
            nn.Softmax(dim=1),  # head.1: softmax
        )

    def forward(self, x):
        x0 = self.backbone[0](x)
        x1 = self.backbone[1](x0)
        x2 = self.backbone[2](x1)
        x3 = self.backbone[3](x2)
        x4 = self.backbone[4](x3)
        x5 = self.backbone[5](x2)
        x6 = self.backbone[6](x5)
        x7 = self.backbone[7](x6)
        x8 = self.backbone[8](x7)
        x9 = self.backbone[9](x2)
        x10 = self.backbone[10](x9)
        x11 = self.backbone[11](x10)
        x12 = self.backbone[12](x11)
        x13 = self.backbone[13](x4, x8, x12)
        x14 = self.backbone[14](x13)
        x15 = self.backbone[15](x14)
        x16 = self.backbone[16](x15)
        x17 = self.backbone[17](x14)
        x18 = self.backbone[18](x17)
        x19 = self.backbone[19](x18)
        x20 = self.backbone[20](x19)
        x21 = self.backbone[21](x14)
        x22 = self.backbone[22](x21)
        x23 = self.backbone[23](x22)
        x24 = self.backbone[24](x23)
        x25 = self.backbone[25](x16, x20, x24)
        x26 = self.backbone[26](x25)
        x28 = self.head(x26)
        return x28


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

def build(weights=WEIGHTS):
    """Inception with the weights of `weights` (strict: every name must match), in eval mode."""
    model = Inception()
    if weights:
        model.load_state_dict(load_safetensors(weights), strict=True)
    return model.eval()


if __name__ == "__main__":
    model = build()
    x = torch.rand(2, *INPUT_SHAPE)
    with torch.no_grad():
        y = model(x)
    print(f"Inception: {tuple(x.shape)} → {tuple(y.shape)}, "
          f"{sum(p.numel() for p in model.parameters()):,} parameters")
