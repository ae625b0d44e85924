"""The result video: a well-formed ISO BMFF (MP4) file with one H.264 track."""

from __future__ import annotations

import struct

from seedance.mock import sample_mp4

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"dinf"}


def boxes(data: bytes, start: int = 0, end: int | None = None) -> list[tuple[bytes, bytes]]:
    """The (type, payload) of each box in ``data[start:end]``; fails on a malformed size."""
    end = len(data) if end is None else end
    found = []
    offset = start
    while offset < end:
        assert end - offset >= 8, f"truncated box header at {offset}"
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        assert 8 <= size <= end - offset, f"box {kind!r} at {offset} has size {size}"
        found.append((kind, data[offset + 8 : offset + size]))
        offset += size
    assert offset == end
    return found


def _tree(data: bytes) -> dict[bytes, bytes]:
    flat: dict[bytes, bytes] = {}

    def walk(payload: bytes) -> None:
        for kind, inner in boxes(payload):
            flat[kind] = inner
            if kind in _CONTAINERS:
                walk(inner)

    walk(data)
    return flat


def test_the_video_is_ftyp_moov_mdat_with_consistent_sizes():
    data = sample_mp4()
    assert [kind for kind, _ in boxes(data)] == [b"ftyp", b"moov", b"mdat"]
    tree = _tree(data)
    assert tree[b"ftyp"][:4] == b"isom"
    for needed in (b"mvhd", b"tkhd", b"mdhd", b"hdlr", b"stsd", b"stts", b"stsc", b"stsz", b"stco"):
        assert needed in tree, needed
    assert tree[b"hdlr"][8:12] == b"vide"
    assert b"avc1" in tree[b"stsd"]
    assert b"avcC" in tree[b"stsd"]


def test_the_sample_table_points_at_the_mdat_payload():
    data = sample_mp4()
    tree = _tree(data)
    (offset,) = struct.unpack(">I", tree[b"stco"][8:12])
    (sample_size,) = struct.unpack(">I", tree[b"stsz"][12:16])
    mdat = tree[b"mdat"]
    assert data[offset : offset + sample_size] == mdat
    nal_types = []
    pos = 0
    while pos < len(mdat):
        (length,) = struct.unpack(">I", mdat[pos : pos + 4])
        nal_types.append(mdat[pos + 4] & 0x1F)
        pos += 4 + length
    assert pos == len(mdat)
    assert nal_types == [7, 8, 5]  # SPS, PPS, IDR slice


def test_the_track_says_sixteen_by_sixteen_for_one_second():
    tree = _tree(sample_mp4())
    width, height = struct.unpack(">II", tree[b"tkhd"][-8:])
    assert (width >> 16, height >> 16) == (16, 16)
    timescale, duration = struct.unpack(">II", tree[b"mvhd"][12:20])
    assert duration / timescale == 1.0
