"""Unet: 1×28×28 → 1×28×28, 8,197 parameters, exported from latent.

    from unet import build
    model = build()            # the weights of unet.safetensors, beside this file; eval mode
    y = model(torch.rand(8, 1, 28, 28))

state_dict names are latent's (save MODEL "x.safetensors"): encoder.0.weight, encoder.0.bias, encoder.2.weight, …
Parts: encoder = model.encoder, decoder = model.decoder.
"""
import json
import os

import torch
from torch import nn

INPUT_SHAPE = (1, 28, 28)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "unet.safetensors")


class Concat(nn.Module):
    """Concatenates its inputs along the channels (latent's concat)."""
    def forward(self, *xs):
        return torch.cat(xs, dim=1)


class Unet(nn.Module):
    """latent's unet: 1×28×28 → 1×28×28."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),  # encoder.0: conv 3×3 1→4
            nn.ReLU(),  # encoder.1: relu
            nn.Conv2d(4, 4, 3, padding=1),  # encoder.2: conv 3×3 4→4
            nn.ReLU(),  # encoder.3: relu
            nn.MaxPool2d(2),  # encoder.4: maxpool 2×2
            nn.Conv2d(4, 8, 3, padding=1),  # encoder.5: conv 3×3 4→8
            nn.ReLU(),  # encoder.6: relu
            nn.Conv2d(8, 8, 3, padding=1),  # encoder.7: conv 3×3 8→8
            nn.ReLU(),  # encoder.8: relu
            nn.MaxPool2d(2),  # encoder.9: maxpool 2×2
            nn.Conv2d(8, 16, 3, padding=1),  # encoder.10: conv 3×3 8→16
            nn.ReLU(),  # encoder.11: relu
            nn.Conv2d(16, 16, 3, padding=1),  # encoder.12: conv 3×3 16→16
            nn.ReLU(),  # encoder.13: relu
        )
        self.decoder = nn.Sequential(
            nn.Upsample(scale_factor=2, mode="nearest"),  # decoder.0: upsample ×2
            nn.Conv2d(16, 8, 3, padding=1),  # decoder.1: conv 3×3 16→8
            Concat(),  # decoder.2: concat
            nn.Conv2d(16, 8, 3, padding=1),  # decoder.3: conv 3×3 16→8
            nn.ReLU(),  # decoder.4: relu
            nn.Conv2d(8, 8, 3, padding=1),  # decoder.5: conv 3×3 8→8
            nn.ReLU(),  # decoder.6: relu
            nn.Upsample(scale_factor=2, mode="nearest"),  # decoder.7: upsample ×2
            nn.Conv2d(8, 4, 3, padding=1),  # decoder.8: conv 3×3 8→4
            Concat(),  # decoder.9: concat
            nn.Conv2d(8, 4, 3, padding=1),  # decoder.10: conv 3×3 8→4
            nn.ReLU(),  # decoder.11: relu
            nn.Conv2d(4, 4, 3, padding=1),  # decoder.12: conv 3×3 4→4
            nn.ReLU(),  # decoder.13: relu
            nn.Conv2d(4, 1, 1),  # decoder.14: conv 1×1 4→1
            nn.Sigmoid(),  # decoder.15: sigmoid
        )

    def forward(self, x):
        x0 = self.encoder[0](x)
        x1 = self.encoder[1](x0)
        x2 = self.encoder[2](x1)
        x3 = self.encoder[3](x2)
        x4 = self.encoder[4](x3)
        x5 = self.encoder[5](x4)
        x6 = self.encoder[6](x5)
        x7 = self.encoder[7](x6)
        x8 = self.encoder[8](x7)
        x9 = self.encoder[9](x8)
        x10 = self.encoder[10](x9)
        x11 = self.encoder[11](x10)
        x12 = self.encoder[12](x11)
        x13 = self.encoder[13](x12)
        x14 = self.decoder[0](x13)
        x15 = self.decoder[1](x14)
        x16 = self.decoder[2](x15, x8)
        x17 = self.decoder[3](x16)
        x18 = self.decoder[4](x17)
        x19 = self.decoder[5](x18)
        x20 = self.decoder[6](x19)
        x21 = self.decoder[7](x20)
        x22 = self.decoder[8](x21)
        x23 = self.decoder[9](x22, x3)
        x24 = self.decoder[10](x23)
        x25 = self.decoder[11](x24)
        x26 = self.decoder[12](x25)
        x27 = self.decoder[13](x26)
        x28 = self.decoder[14](x27)
        x29 = self.decoder[15](x28)
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
    """Unet with the weights of `weights` (strict: every name must match), in eval mode."""
    model = Unet()
    if weights:
        model.load_state_dict(load_safetensors(weights), strict=True)
    return model.eval()


if __name__ == "__main__":
    model = build()
    x = torch.rand(2, *INPUT_SHAPE)
    with torch.no_grad():
        y = model(x)
    print(f"Unet: {tuple(x.shape)} → {tuple(y.shape)}, "
          f"{sum(p.numel() for p in model.parameters()):,} parameters")
