/// The pixels of a set of images, as loaded: `count` images of `imageShape`
/// (C×H×W) stored back to back as UInt8 from `offset` in `bytes`.
///
/// Never converted as a whole (all of MNIST as Float would be 188 MB); datasets
/// are views onto a store and convert only the images a batch asks for.
final class ImageStore: @unchecked Sendable {
    let bytes: ByteBuffer
    let offset: Int
    let count: Int
    let imageShape: [Int]
    /// Bytes per image (C·H·W).
    let imageSize: Int

    init(bytes: ByteBuffer, offset: Int, count: Int, imageShape: [Int]) {
        self.bytes = bytes
        self.offset = offset
        self.count = count
        self.imageShape = imageShape
        self.imageSize = imageShape.reduce(1, *)
    }

    /// The first byte of image `row` (row < count).
    @inline(__always) func pixels(_ row: Int) -> UnsafePointer<UInt8> {
        UnsafePointer(bytes.pointer + offset + row * imageSize)
    }
}
