#!/usr/bin/env python3
"""Writes the small seed corpus of the fuzz targets (fuzz/corpus/<target>/). Run again after changing it."""
import glob, os, struct, zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def tiff_with_gps(big=False):
    e = ">" if big else "<"
    hdr = (b"MM\x00*" if big else b"II*\x00") + struct.pack(e + "I", 8)
    # IFD0: one entry, GPS pointer -> offset 26
    ifd0 = struct.pack(e + "H", 1) + struct.pack(e + "HHII", 0x8825, 4, 1, 26) + struct.pack(e + "I", 0)
    # GPS IFD: latitude ref (ASCII, 2) inline, latitude (RATIONAL x3) at offset 56
    gps = struct.pack(e + "H", 2) + struct.pack(e + "HHI", 1, 2, 2) + b"S\x00\x00\x00" \
        + struct.pack(e + "HHII", 2, 5, 3, 56) + struct.pack(e + "I", 0)
    vals = struct.pack(e + "6I", 1, 1, 2, 1, 3, 1)
    return hdr + ifd0 + gps + vals

def seg(marker, data):
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data

def jpeg(w=8, h=8, exif=True):
    out = b"\xFF\xD8"
    if exif: out += seg(0xE1, b"Exif\x00\x00" + tiff_with_gps())
    out += seg(0xDB, bytes(65))
    out += seg(0xC0, bytes([8]) + struct.pack(">HH", h, w) + b"\x01\x01\x11\x00")
    out += seg(0xDA, b"\x01\x01\x00\x00\x3F\x00") + b"\x12\x34\xFF\x00\x56" + b"\xFF\xD9"
    return out

def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))

def png(w=1, h=1):
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00here") + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))

def box(t, payload):
    return struct.pack(">I", 8 + len(payload)) + t + payload

def full(t, payload, version=0):
    return box(t, bytes([version, 0, 0, 0]) + payload)

def heic(w=64, h=64):
    ftyp = box(b"ftyp", b"heic" + bytes(4) + b"mif1heic")
    exif_item = struct.pack(">I", 0) + tiff_with_gps(big=True)
    infe = full(b"infe", struct.pack(">HH", 1, 0) + b"Exif" + b"\x00", version=2)
    iinf = full(b"iinf", struct.pack(">H", 1) + infe)
    # version 1: item_ID(2) construction_method(2) data_reference_index(2) base_offset(0) extent_count(2)
    iloc = full(b"iloc", bytes([0x44, 0x00]) + struct.pack(">H", 1)
                + struct.pack(">HHHH", 1, 1, 0, 1) + struct.pack(">II", 0, len(exif_item)), version=1)
    ispe = full(b"ispe", struct.pack(">II", w, h))
    iprp = box(b"iprp", box(b"ipco", ispe))
    meta = full(b"meta", full(b"hdlr", bytes(4) + b"pict" + bytes(13)) + iinf + iloc + iprp + box(b"idat", exif_item))
    return ftyp + meta + box(b"mdat", b"\x00" * 8)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

seeds = {
    "jpeg": {"valid.jpg": jpeg(), "no-exif.jpg": jpeg(exif=False), "truncated.jpg": jpeg()[:40],
             "bomb.jpg": jpeg(60000, 60000, exif=False)},
    "png": {"valid.png": png(), "truncated.png": png()[:30], "bomb.png": png(30000, 30000)},
    "tiff": {"le.tif": tiff_with_gps(), "be.tif": tiff_with_gps(big=True), "short.tif": tiff_with_gps()[:20]},
    "heif": {"valid.heic": heic(), "meta8.heic": box(b"ftyp", b"heic" + bytes(4)) + struct.pack(">I", 8) + b"meta",
             "iinf12.heic": box(b"ftyp", b"heic" + bytes(4)) + full(b"meta", box(b"iinf", bytes(4))),
             "bomb.heic": heic(60000, 60000)},
    "pdf": {"valid.pdf": PDF, "no-eof.pdf": PDF[:-7]},
    "recognise": {"a.jpg": jpeg(), "b.png": png(), "c.heic": heic(), "d.pdf": PDF, "e.gif": b"GIF89a\x01\x00\x01\x00"},
}

# The MIME parser starts from the committed mail fixtures (a few KB each).
MAIL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "AduanCoreTests", "Fixtures", "mail")
seeds["mime"] = {os.path.basename(p): open(p, "rb").read() for p in sorted(glob.glob(os.path.join(MAIL, "*.eml")))}

# The chat webhook parsers start from the committed webhook posts (WhatsApp, Messenger, Instagram).
CHAT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "AduanCoreTests", "Fixtures", "chat")
seeds["chat"] = {os.path.basename(p): open(p, "rb").read() for p in sorted(glob.glob(os.path.join(CHAT, "*.json")))}

for target, files in seeds.items():
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
