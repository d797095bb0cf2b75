import CPNG
import Tensor

/// PNG files through libpng's simplified API (`png_image_*`), which handles every
/// colour type, bit depth, palette and interlacing, and reports errors as text
/// instead of longjmp-ing through Swift frames.
///
///     try PNG.write(try mnist.test.image(at: 0), to: "digit.png")   // 28×28 gray
///     let t = try PNG.read("digit.png")                              // Tensor [1, 28, 28]
public enum PNG {
    /// Decoded 8-bit pixels, interleaved (row-major, `channels` bytes per pixel).
    public struct Pixels: Equatable, Sendable {
        public var width: Int
        public var height: Int
        /// 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
        public var channels: Int
        public var bytes: [UInt8]

        public init(width: Int, height: Int, channels: Int, bytes: [UInt8]) {
            self.width = width
            self.height = height
            self.channels = channels
            self.bytes = bytes
        }
    }

    /// Largest image read or written: 2^26 samples (an 8k × 8k gray or a
    /// 4k × 4k RGBA picture); larger headers are refused before allocating.
    static let maxSamples = 1 << 26

    static func format(channels: Int) -> UInt32 {
        switch channels {
        case 1: return 0                                            // PNG_FORMAT_GRAY
        case 2: return UInt32(PNG_FORMAT_FLAG_ALPHA)                // GA
        case 3: return UInt32(PNG_FORMAT_FLAG_COLOR)                // RGB
        default: return UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)  // RGBA
        }
    }

    static func message(_ image: png_image) -> String {
        var m = image.message
        let text = withUnsafeBytes(of: &m) { raw -> String in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        return text.isEmpty ? "libpng error" : text
    }

    // MARK: writing

    /// PNG file bytes for interleaved 8-bit pixels.
    public static func encode(_ p: Pixels) throws -> [UInt8] {
        try encode(p, file: "PNG")
    }

    static func encode(_ p: Pixels, file: String) throws -> [UInt8] {
        guard (1...4).contains(p.channels) else { throw DataError(file: file, nil, "\(p.channels) channels (need 1–4)") }
        guard p.width > 0, p.height > 0, p.width <= 1 << 24, p.height <= 1 << 24,
              p.width * p.height * p.channels <= maxSamples else {
            throw DataError(file: file, nil, "cannot write a \(p.width)×\(p.height) image")
        }
        guard p.bytes.count == p.width * p.height * p.channels else {
            throw DataError(file: file, nil, "\(p.width)×\(p.height)×\(p.channels) pixels need \(formatCount(p.width * p.height * p.channels)) bytes, got \(formatCount(p.bytes.count))")
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(p.width)
        image.height = UInt32(p.height)
        image.format = format(channels: p.channels)
        // Room for the worst case (incompressible data) so one pass is enough;
        // if libpng still asks for more, it says how much and we go again.
        var size = p.bytes.count + p.height + p.bytes.count / 64 + 4096
        for _ in 0..<2 {
            let room = size
            var out = [UInt8](repeating: 0, count: room)
            let ok = out.withUnsafeMutableBytes { o in
                p.bytes.withUnsafeBytes { b in
                    png_image_write_to_memory(&image, o.baseAddress, &size, 0, b.baseAddress, 0, nil)
                }
            }
            if ok != 0 && size <= room { return Array(out[..<size]) }
            png_image_free(&image)
            guard size > room else { break }
        }
        throw DataError(file: file, nil, "cannot encode (\(message(image)))")
    }

    /// Writes interleaved 8-bit pixels as a PNG file (atomically).
    public static func write(_ p: Pixels, to path: String) throws {
        try FileBytes.write(encode(p, file: path), to: path)
    }

    /// Writes a tensor `[H, W]`, `[1, H, W]`, `[3, H, W]` or `[4, H, W]` (leading
    /// 1s allowed, values in [0, 1], clamped; NaN → 0) as an 8-bit PNG.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try write(pixels(of: tensor, file: path), to: path)
    }

    /// Interleaved 8-bit pixels of an image tensor.
    public static func pixels(of tensor: Tensor) throws -> Pixels {
        try pixels(of: tensor, file: "PNG")
    }

    static func pixels(of tensor: Tensor, file: String) throws -> Pixels {
        var shape = tensor.shape
        while shape.count > 3 && shape[0] == 1 { shape.removeFirst() }
        if shape.count == 2 { shape.insert(1, at: 0) }
        guard shape.count == 3, [1, 3, 4].contains(shape[0]), shape[1] > 0, shape[2] > 0 else {
            throw DataError(file: file, nil, "an image tensor must be [H, W], [1, H, W] or [3, H, W], got \(describeShape(tensor.shape))")
        }
        let (c, h, w) = (shape[0], shape[1], shape[2])
        let src = tensor.plain
        var bytes = [UInt8](repeating: 0, count: c * h * w)
        bytes.withUnsafeMutableBufferPointer { dst in
            for ch in 0..<c {
                let plane = src + ch * h * w
                for i in 0..<(h * w) {
                    let v = plane[i]
                    // `v > 0` is false for NaN, so NaN becomes 0.
                    let x = v > 0 ? min(v, 1) : 0
                    dst[i * c + ch] = UInt8(x * 255 + 0.5)
                }
            }
        }
        return Pixels(width: w, height: h, channels: c, bytes: bytes)
    }

    // MARK: reading

    /// Decodes a PNG file into 8-bit pixels. `channels` nil keeps the file's own
    /// (1 gray, 2 gray+alpha, 3 RGB or palette, 4 with alpha); 1–4 converts
    /// (alpha removed by compositing onto black). 16-bit samples are scaled to 8 bits.
    public static func readPixels(_ path: String, channels: Int? = nil) throws -> Pixels {
        let b = try FileBytes.read(path)
        return try decode(UnsafeRawBufferPointer(start: b.pointer, count: b.count), channels: channels, file: path)
    }

    /// Decodes PNG bytes held in memory.
    public static func decode(_ bytes: [UInt8], channels: Int? = nil) throws -> Pixels {
        try bytes.withUnsafeBytes { try decode($0, channels: channels, file: "PNG data") }
    }

    static func decode(_ data: UnsafeRawBufferPointer, channels: Int?, file: String) throws -> Pixels {
        if let channels, !(1...4).contains(channels) {
            throw DataError(file: file, nil, "cannot read as \(channels) channels (1–4)")
        }
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard data.count >= 8, Array(data.prefix(8)) == signature else {
            throw DataError(file: file, .byte(0), "not a PNG file (the 8-byte PNG signature is missing)")
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_memory(&image, data.baseAddress, data.count) != 0 else {
            defer { png_image_free(&image) }
            throw DataError(file: file, nil, "cannot read PNG (\(message(image)))")
        }
        // 16-bit files without gamma information are taken as sRGB like 8-bit
        // ones, so 16 → 8 bits is a plain rescale rather than a gamma change.
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        let natural = Int(image.format & UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)) + 1
        let c = channels ?? natural
        let (w, h) = (Int(image.width), Int(image.height))
        guard w > 0, h > 0, w <= 1 << 24, h <= 1 << 24, w * h * c <= maxSamples else {
            png_image_free(&image)
            throw DataError(file: file, nil, "PNG is \(w)×\(h) pixels × \(c) channels, over the limit of \(formatCount(maxSamples)) samples")
        }
        image.format = format(channels: c)
        var pixels = [UInt8](repeating: 0, count: w * h * c)
        let ok = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, Int32(w * c), nil) }
        guard ok != 0 else {
            defer { png_image_free(&image) }
            throw DataError(file: file, nil, "cannot read PNG (\(message(image)))")
        }
        return Pixels(width: w, height: h, channels: c, bytes: pixels)
    }

    /// Reads a PNG file as a Float tensor `[C, H, W]` in [0, 1] (see `readPixels`).
    public static func read(_ path: String, channels: Int? = nil) throws -> Tensor {
        tensor(of: try readPixels(path, channels: channels))
    }

    /// Interleaved pixels → `[C, H, W]` Float in [0, 1].
    public static func tensor(of p: Pixels) -> Tensor {
        let (c, plane) = (p.channels, p.width * p.height)
        let t = Tensor.empty([c, p.height, p.width])
        let dst = t.storage.pointer
        p.bytes.withUnsafeBufferPointer { src in
            for i in 0..<plane {
                for ch in 0..<c { dst[ch * plane + i] = Float(src[i * c + ch]) / 255 }
            }
        }
        return t
    }
}
