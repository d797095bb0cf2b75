"""Mobilenet: 1×28×28 → 10, 1,930 parameters, exported from latent.

    from mobilenet import build
    model = build()            # the weights of mobilenet.safetensors, beside this file; eval mode
    y = model(torch.rand(8, 1, 28, 28))

state_dict names are latent's (save MODEL "x.safetensors"): backbone.0.weight, backbone.1.weight, backbone.1.bias, …
Parts: backbone = model.backbone, head = model.head.
"""
import json
import os

import torch
from torch import nn

INPUT_SHAPE = (1, 28, 28)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mobilenet.safetensors")


class GlobalAvgPool(nn.Module):
    """Averages each channel over the image: [N, C, H, W] → [N, C] (latent's global avgpool)."""
    def forward(self, x):
        return x.mean(dim=(2, 3))


class Mobilenet(nn.Module):
    """latent's mobilenet: 1×28×28 → 10."""

    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1, bias=False),  # backbone.0: conv 3×3 1→4
            nn.BatchNorm2d(4),  # backbone.1: batchnorm 4
            nn.ReLU(),  # backbone.2: relu
            nn.Conv2d(4, 4, 3, padding=1, groups=4, bias=False),  # backbone.3: conv 3×3 4→4 groups 4
            nn.BatchNorm2d(4),  # backbone.4: batchnorm 4
            nn.ReLU(),  # backbone.5: relu
            nn.Conv2d(4, 8, 1, bias=False),  # backbone.6: conv 1×1 4→8
            nn.BatchNorm2d(8),  # backbone.7: batchnorm 8
            nn.ReLU(),  # backbone.8: relu
            nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8, bias=False),  # backbone.9: conv 3×3 8→8 stride 2 groups 8
            nn.BatchNorm2d(8),  # backbone.10: batchnorm 8
            nn.ReLU(),  # backbone.11: relu
            nn.Conv2d(8, 16, 1, bias=False),  # backbone.12: conv 1×1 8→16
            nn.BatchNorm2d(16),  # backbone.13: batchnorm 16
            nn.ReLU(),  # backbone.14: relu
            nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False),  # backbone.15: conv 3×3 16→16 groups 16
            nn.BatchNorm2d(16),  # backbone.16: batchnorm 16
            nn.ReLU(),  # backbone.17: relu
            nn.Conv2d(16, 16, 1, bias=False),  # backbone.18: conv 1×1 16→16
            nn.BatchNorm2d(16),  # backbone.19: batchnorm 16
            nn.ReLU(),  # backbone.20: relu
            nn.Conv2d(16, 16, 3, stride=2, padding=1, groups=16, bias=False),  # backbone.21: conv 3×3 16→16 stride 2 groups 16
            nn.BatchNorm2d(16),  # backbone.22: batchnorm 16
            nn.ReLU(),  # backbone.23: relu
            nn.Conv2d(16, 32, 1, bias=False),  # backbone.24: conv 1×1 16→32
            nn.BatchNorm2d(32),  # backbone.25: batchnorm 32
            nn.ReLU(),  # backbone.26: relu
            GlobalAvgPool(),  # backbone.27: global avgpool
        )
        self.head = nn.Sequential(
            nn.Linear(32, 10),  # head.0: fc 32→10
            nn.Softmax(dim=1),  # head.1: softmax
        )

    def forward(self, x):
        x27 = self.backbone(x)
        x29 = self.head(x27)
        return x29


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
    """Mobilenet with the weights of `weights` (strict: every name must match), in eval mode."""
    model = Mobilenet()
    if weights:
        model.load_state_dict(load_safetensors(weights), strict=True)
    return model.eval()


if __name__ == "__main__":
    model = build()
    x = torch.rand(2, *INPUT_SHAPE)
    with torch.no_grad():
        y = model(x)
    print(f"Mobilenet: {tuple(x.shape)} → {tuple(y.shape)}, "
          f"{sum(p.numel() for p in model.parameters()):,} parameters")
