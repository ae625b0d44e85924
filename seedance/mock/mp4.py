"""A tiny, valid MP4 file built in code: one 16x16 grey H.264 frame (I_PCM), one second long.

The file is an ISO BMFF ``ftyp`` + ``moov`` + ``mdat`` with a single ``avc1`` video track;
the H.264 stream (SPS, PPS, one IDR slice made of one I_PCM macroblock) is written bit by
bit, so any player or ``ffprobe`` reads it as a real video. Built once, then cached.
"""

from __future__ import annotations

import functools
import struct

_WIDTH = _HEIGHT = 16
_TIMESCALE = 1000
_DURATION = 1000  # one second, in timescale units
_GREY = 0x80


class _Bits:
    """An MSB-first bit writer with H.264 Exp-Golomb codes."""

    def __init__(self) -> None:
        self._bits: list[int] = []

    def u(self, count: int, value: int) -> None:
        self._bits.extend((value >> (count - 1 - i)) & 1 for i in range(count))

    def ue(self, value: int) -> None:
        code = value + 1
        self.u(2 * code.bit_length() - 1, code)

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align_zero(self) -> None:
        while len(self._bits) % 8:
            self._bits.append(0)

    def trailing(self) -> None:
        self._bits.append(1)
        self.align_zero()

    def raw(self, data: bytes) -> None:
        for byte in data:
            self.u(8, byte)

    def payload(self) -> bytes:
        out = bytearray()
        for i in range(0, len(self._bits), 8):
            byte = 0
            for bit in self._bits[i : i + 8]:
                byte = (byte << 1) | bit
            out.append(byte)
        return bytes(out)


def _nal(header: int, rbsp: bytes) -> bytes:
    """Add emulation-prevention bytes and the NAL header."""
    out = bytearray([header])
    zeros = 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def _sps() -> bytes:
    bits = _Bits()
    bits.u(8, 66)  # profile_idc: Baseline
    bits.u(8, 0xC0)  # constraint_set0/1 flags
    bits.u(8, 10)  # level_idc 1.0
    bits.ue(0)  # seq_parameter_set_id
    bits.ue(0)  # log2_max_frame_num_minus4
    bits.ue(2)  # pic_order_cnt_type
    bits.ue(1)  # max_num_ref_frames
    bits.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    bits.ue(_WIDTH // 16 - 1)
    bits.ue(_HEIGHT // 16 - 1)
    bits.u(1, 1)  # frame_mbs_only_flag
    bits.u(1, 1)  # direct_8x8_inference_flag
    bits.u(1, 0)  # frame_cropping_flag
    bits.u(1, 0)  # vui_parameters_present_flag
    bits.trailing()
    return _nal(0x67, bits.payload())


def _pps() -> bytes:
    bits = _Bits()
    bits.ue(0)  # pic_parameter_set_id
    bits.ue(0)  # seq_parameter_set_id
    bits.u(1, 0)  # entropy_coding_mode_flag: CAVLC
    bits.u(1, 0)  # bottom_field_pic_order_in_frame_present_flag
    bits.ue(0)  # num_slice_groups_minus1
    bits.ue(0)  # num_ref_idx_l0_default_active_minus1
    bits.ue(0)  # num_ref_idx_l1_default_active_minus1
    bits.u(1, 0)  # weighted_pred_flag
    bits.u(2, 0)  # weighted_bipred_idc
    bits.se(0)  # pic_init_qp_minus26
    bits.se(0)  # pic_init_qs_minus26
    bits.se(0)  # chroma_qp_index_offset
    bits.u(1, 1)  # deblocking_filter_control_present_flag
    bits.u(1, 0)  # constrained_intra_pred_flag
    bits.u(1, 0)  # redundant_pic_cnt_present_flag
    bits.trailing()
    return _nal(0x68, bits.payload())


def _idr_slice() -> bytes:
    bits = _Bits()
    bits.ue(0)  # first_mb_in_slice
    bits.ue(7)  # slice_type: I (all slices)
    bits.ue(0)  # pic_parameter_set_id
    bits.u(4, 0)  # frame_num (log2_max_frame_num = 4)
    bits.ue(0)  # idr_pic_id
    bits.u(1, 0)  # no_output_of_prior_pics_flag
    bits.u(1, 0)  # long_term_reference_flag
    bits.se(0)  # slice_qp_delta
    bits.ue(1)  # disable_deblocking_filter_idc
    bits.ue(25)  # mb_type: I_PCM
    bits.align_zero()  # pcm_alignment_zero_bits
    bits.raw(bytes([_GREY]) * (_WIDTH * _HEIGHT * 3 // 2))  # Y, Cb, Cr samples
    bits.trailing()
    return _nal(0x65, bits.payload())


def _box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *parts)


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _moov(sps: bytes, pps: bytes, sample_size: int, mdat_offset: int) -> bytes:
    mvhd = _full(
        b"mvhd", 0, 0,
        struct.pack(">IIII", 0, 0, _TIMESCALE, _DURATION),
        struct.pack(">IH", 0x10000, 0x100), bytes(10), _MATRIX, bytes(24),
        struct.pack(">I", 2),
    )  # fmt: skip
    tkhd = _full(
        b"tkhd", 0, 3,
        struct.pack(">IIIII", 0, 0, 1, 0, _DURATION), bytes(8),
        struct.pack(">hhhH", 0, 0, 0, 0), _MATRIX,
        struct.pack(">II", _WIDTH << 16, _HEIGHT << 16),
    )  # fmt: skip
    mdhd = _full(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, _TIMESCALE, _DURATION, 0x55C4, 0))
    hdlr = _full(b"hdlr", 0, 0, struct.pack(">I", 0), b"vide", bytes(12), b"VideoHandler\x00")
    avcc = _box(
        b"avcC",
        bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]),
        struct.pack(">H", len(sps)), sps,
        bytes([1]), struct.pack(">H", len(pps)), pps,
    )  # fmt: skip
    avc1 = _box(
        b"avc1",
        bytes(6), struct.pack(">H", 1), bytes(16),
        struct.pack(">HHIIIH", _WIDTH, _HEIGHT, 0x480000, 0x480000, 0, 1),
        bytes(32), struct.pack(">Hh", 0x18, -1), avcc,
    )  # fmt: skip
    stbl = _box(
        b"stbl",
        _full(b"stsd", 0, 0, struct.pack(">I", 1), avc1),
        _full(b"stts", 0, 0, struct.pack(">III", 1, 1, _DURATION)),
        _full(b"stss", 0, 0, struct.pack(">II", 1, 1)),
        _full(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, 1, 1)),
        _full(b"stsz", 0, 0, struct.pack(">III", 0, 1, sample_size)),
        _full(b"stco", 0, 0, struct.pack(">II", 1, mdat_offset)),
    )  # fmt: skip
    dinf = _box(b"dinf", _full(b"dref", 0, 0, struct.pack(">I", 1), _full(b"url ", 0, 1)))
    minf = _box(b"minf", _full(b"vmhd", 0, 1, bytes(8)), dinf, stbl)
    trak = _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf))
    return _box(b"moov", mvhd, trak)


@functools.cache
def sample_mp4() -> bytes:
    """The bytes of the mock's result video (a valid MP4, about 1 KB)."""
    sps, pps, idr = _sps(), _pps(), _idr_slice()
    sample = b"".join(struct.pack(">I", len(n)) + n for n in (sps, pps, idr))
    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2avc1mp41")
    moov_size = len(_moov(sps, pps, len(sample), 0))
    mdat_offset = len(ftyp) + moov_size + 8
    return ftyp + _moov(sps, pps, len(sample), mdat_offset) + _box(b"mdat", sample)
