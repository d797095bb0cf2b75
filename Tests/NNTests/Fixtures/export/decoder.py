"""Decoder: 72 → 1×28×28, 2,481 parameters, exported from latent.

    from decoder import build
    model = build()            # the weights of decoder.safetensors, beside this file; eval mode
    y = model(torch.rand(8, 72,))

state_dict names are latent's (save MODEL "x.safetensors"): 1.weight, 1.bias, 3.weight, …
"""
import json
import os

import torch
from torch import nn

INPUT_SHAPE = (72,)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "decoder.safetensors")


class Decoder(nn.Sequential):
    """latent's decoder: 72 → 1×28×28."""

    def __init__(self):
        super().__init__(
            nn.Unflatten(1, (8, 3, 3)),  # 0: unflatten 8×3×3
            nn.Conv2d(8, 8, 3, padding=2),  # 1: conv 3×3 8→8 pad 2
            nn.ReLU(),  # 2: relu
            nn.Conv2d(8, 8, 3, padding=2),  # 3: conv 3×3 8→8 pad 2
            nn.ReLU(),  # 4: relu
            nn.Upsample(scale_factor=2, mode="nearest"),  # 5: upsample ×2
            nn.Conv2d(8, 16, 3, padding=1),  # 6: conv 3×3 8→16
            nn.ReLU(),  # 7: relu
            nn.Upsample(scale_factor=2, mode="nearest"),  # 8: upsample ×2
            nn.Conv2d(16, 1, 3, padding=1),  # 9: conv 3×3 16→1
            nn.Sigmoid(),  # 10: sigmoid
        )


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
    """Decoder with the weights of `weights` (strict: every name must match), in eval mode."""
    model = Decoder()
    if weights:
        model.load_state_dict(load_safetensors(weights), strict=True)
    return model.eval()


if __name__ == "__main__":
    model = build()
    x = torch.rand(2, *INPUT_SHAPE)
    with torch.no_grad():
        y = model(x)
    print(f"Decoder: {tuple(x.shape)} → {tuple(y.shape)}, "
          f"{sum(p.numel() for p in model.parameters()):,} parameters")
