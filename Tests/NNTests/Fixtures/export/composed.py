"""Classifier: 1×28×28 → 10, 2,634 parameters, exported from latent.

    from composed import build
    model = build()            # the weights of composed.safetensors, beside this file; eval mode
    y = model(torch.rand(8, 1, 28, 28))

state_dict names are latent's (save MODEL "x.safetensors"): 0.0.weight, 0.0.bias, 0.3.weight, …
Parts: encoder = model[0].
"""
import json
import os

import torch
from torch import nn

INPUT_SHAPE = (1, 28, 28)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "composed.safetensors")


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

def build(weights=WEIGHTS):
    """Classifier with the weights of `weights` (strict: every name must match), in eval mode."""
    model = Classifier()
    if weights:
        model.load_state_dict(load_safetensors(weights), strict=True)
    return model.eval()


if __name__ == "__main__":
    model = build()
    x = torch.rand(2, *INPUT_SHAPE)
    with torch.no_grad():
        y = model(x)
    print(f"Classifier: {tuple(x.shape)} → {tuple(y.shape)}, "
          f"{sum(p.numel() for p in model.parameters()):,} parameters")
