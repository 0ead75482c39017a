# Writes the README's "Bring your own data" inputs into the current folder from the repository's Fashion-MNIST test
# set: fashion-1000.npz (input: float32 [1000,1,28,28] in [0, 1]), fashion-1000-labels.npy (int64), and the first 200
# images as 8-bit grayscale PNGs in fashion-png/0-tshirt/ ... 9-boot/. Needs only numpy (PNGs written with zlib).
# Usage: python3 docs/byod-fashion.py   (from any folder; reads data/fashion-mnist next to this docs/ folder)
import gzip, os, struct, zlib
import numpy as np
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'fashion-mnist')
images = np.frombuffer(gzip.open(f'{root}/t10k-images-idx3-ubyte.gz').read()[16:], np.uint8).reshape(-1, 1, 28, 28)
labels = np.frombuffer(gzip.open(f'{root}/t10k-labels-idx1-ubyte.gz').read()[8:], np.uint8)
x = (images[:1000] / 255.0).astype(np.float32)
np.savez_compressed('fashion-1000.npz', input=x)
np.save('fashion-1000-labels.npy', labels[:1000].astype(np.int64))
names = ['0-tshirt', '1-trouser', '2-pullover', '3-dress', '4-coat', '5-sandal', '6-shirt', '7-sneaker', '8-bag', '9-boot']
def png(path, a):  # 8-bit grayscale PNG
    raw = b''.join(b'\x00' + row.tobytes() for row in a)
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', a.shape[1], a.shape[0], 8, 0, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
for i in range(200):
    d = f'fashion-png/{names[labels[i]]}'; os.makedirs(d, exist_ok=True)
    png(f'{d}/{i:04d}.png', images[i, 0])
