#!/usr/bin/env python3
"""An independent Beken UART bootloader client (pyserial), written from the protocol notes only, used to check the
simulator the way third-party tools use a real chip: link by spamming LinkCheck (modem lines may not exist on a
pty), switch baud, identify the protocol, detect the flash size by address aliasing, read with per-sector CRC checks,
erase + write + verify, reboot. Exit 0 and print OK lines on success."""
import argparse
import os
import struct
import sys
import time
import zlib

import serial


def short(cmd, payload=b""):
    return b"\x01\xe0\xfc" + bytes([len(payload) + 1, cmd]) + payload


def long(op, payload=b""):
    return b"\x01\xe0\xfc\xff\xf4" + struct.pack("<H", len(payload) + 1) + bytes([op]) + payload


class Chip:
    def __init__(self, port):
        self.s = serial.Serial(port, 115200, timeout=1.0)
        self.buf = b""

    def _fill(self, deadline):
        while time.monotonic() < deadline:
            self.s.timeout = max(0.001, min(0.05, deadline - time.monotonic()))
            chunk = self.s.read(max(1, self.s.in_waiting))
            if chunk:
                self.buf += chunk
                return True
        return False

    def reply(self, is_long, code, timeout=2.0):
        """Resync on 04 0E, skip replies to other commands; returns the payload after CMD (short) or OP (long)."""
        deadline = time.monotonic() + timeout
        while True:
            i = self.buf.find(b"\x04\x0e")
            if i >= 0 and len(self.buf) >= i + 7:
                head = self.buf[i:]
                if head[2] == 0xFF and head[3:7] == b"\x01\xe0\xfc\xf4":
                    if len(head) >= 10:
                        n = struct.unpack("<H", head[7:9])[0]
                        if len(head) >= 9 + n:
                            self.buf = head[9 + n:]
                            if is_long and head[9] == code:
                                return head[10:9 + n]
                            continue
                elif head[2] != 0xFF and head[3:6] == b"\x01\xe0\xfc":
                    n = head[2]
                    if len(head) >= 3 + n:
                        self.buf = head[3 + n:]
                        if not is_long and head[6] == code:
                            return head[7:3 + n]
                        continue
                else:
                    self.buf = head[2:]
                    continue
            elif i < 0:
                self.buf = self.buf[-1:]
            if not self._fill(deadline):
                raise TimeoutError("no reply to %s 0x%02X" % ("long" if is_long else "short", code))

    def cmd(self, data, is_long, code, timeout=2.0):
        self.s.write(data)
        self.s.flush()
        return self.reply(is_long, code, timeout)

    def pulse_reset(self):
        try:
            self.s.rts = True
            self.s.dtr = True
            time.sleep(0.05)
            self.s.rts = False
            self.s.dtr = False
            print("modem lines: pulsed")
        except (OSError, serial.SerialException) as e:
            print("modem lines: unavailable (%s), relying on link-check auto reboot" % e.__class__.__name__)

    def link(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.s.write(short(0x00))
            self.s.timeout = 0.005
            self.buf += self.s.read(4096)
            if b"\x04\x0e\x05\x01\xe0\xfc\x01\x00" in self.buf:
                time.sleep(0.05)
                self.s.timeout = 0.01
                while self.s.read(4096):
                    pass
                self.buf = b""
                return True
        return False

    def set_baud(self, baud, delay_ms=20):
        self.s.write(short(0x0F, struct.pack("<IB", baud, delay_ms)))
        self.s.flush()
        time.sleep(delay_ms / 2000)
        self.s.baudrate = baud
        echo = self.reply(False, 0x0F, 1.0)
        assert echo == struct.pack("<IB", baud, delay_ms), echo.hex()

    def crc(self, start, end):
        r = self.cmd(short(0x10, struct.pack("<II", start, end)), False, 0x10, 5.0)
        return struct.unpack("<I", r)[0] ^ 0xFFFFFFFF

    def read4k(self, addr):
        r = self.cmd(long(0x09, struct.pack("<I", addr)), True, 0x09, 3.0)
        return r[0], r[5:]

    def erase4k(self, addr):
        r = self.cmd(long(0x0F, b"\x20" + struct.pack("<I", addr)), True, 0x0F)
        return r[0]

    def write4k(self, addr, data):
        r = self.cmd(long(0x07, struct.pack("<I", addr) + data), True, 0x07)
        return r[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port")
    ap.add_argument("--baud", type=int, default=2000000)
    ap.add_argument("--read-kib", type=int, default=128)
    a = ap.parse_args()
    chip = Chip(a.port)
    chip.pulse_reset()
    if not chip.link(10.0):
        print("FAIL: could not link")
        return 1
    print("OK linked")
    chip.set_baud(a.baud)
    print("OK baud %d" % a.baud)

    st, _ = chip.read4k(0)
    basic = st == 6
    print("OK bootloader area read status %d -> %s" % (st, "BASIC (protected)" if basic else "FULL"))
    st, ref = chip.read4k(0x11000)
    assert st == 0 and len(ref) == 4096
    size = 0
    for s in (0x100000, 0x200000, 0x400000, 0x800000):
        st, alias = chip.read4k(s + 0x11000)
        if st == 0 and alias == ref:
            size = s
            break
    assert size, "flash size not detected"
    print("OK flash size %d KiB (aliasing)" % (size // 1024))
    st, boot = chip.read4k(size)
    assert st == 0
    c = chip.crc(0, 256)
    if c == zlib.crc32(boot[:256]):
        end_inclusive = False
    elif c == zlib.crc32(boot[:257]):
        end_inclusive = True
    else:
        raise AssertionError("CRC of the bootloader matches neither convention")
    print("OK bootloader crc32 %08x, CRC end %s" % (c, "inclusive" if end_inclusive else "exclusive"))

    def sector_crc(addr):
        return chip.crc(addr, addr + 0x1000 - (1 if end_inclusive else 0))

    t0 = time.monotonic()
    image = b""
    for addr in range(0x11000, 0x11000 + a.read_kib * 1024, 0x1000):
        st, data = chip.read4k(addr)
        assert st == 0 and len(data) == 4096
        assert sector_crc(addr) == zlib.crc32(data), "CRC mismatch at 0x%x" % addr
        if basic:
            chip.link(1.0)  # protect-lock bootloaders want a LinkCheck after each CRC
        image += data
    dt = time.monotonic() - t0
    print("OK read %d KiB with CRC checks in %.2f s" % (len(image) // 1024, dt))

    if not basic:
        # BootROM chips: clear the SPI flash block-protect bits (BP0-4, CMP) before erasing
        sr1 = chip.cmd(long(0x0C, b"\x05"), True, 0x0C)[2]
        sr2 = chip.cmd(long(0x0C, b"\x35"), True, 0x0C)[2]
        sr = (sr1 | sr2 << 8) & ~0x407C
        chip.cmd(long(0x0D, b"\x01" + struct.pack("<H", sr)), True, 0x0D)
        time.sleep(0.01)
        sr1 = chip.cmd(long(0x0C, b"\x05"), True, 0x0C)[2]
        assert sr1 & 0x7C == 0, "unprotect failed: SR1=%02x" % sr1
        mid = chip.cmd(long(0x0E, b"\x9f\x00\x00\x00"), True, 0x0E)
        print("OK unprotected, JEDEC %s" % mid[2:5].hex())
    rnd = os.urandom(4 * 4096)
    base = size // 2 + 0x40000
    for i in range(4):
        addr = base + i * 0x1000
        assert chip.erase4k(addr) == 0
        assert chip.write4k(addr, rnd[i * 4096:(i + 1) * 4096]) == 0
        assert sector_crc(addr) == zlib.crc32(rnd[i * 4096:(i + 1) * 4096]), "write verify failed at 0x%x" % addr
        if basic:
            chip.link(1.0)
    for i in range(4):
        st, data = chip.read4k(base + i * 0x1000)
        assert data == rnd[i * 4096:(i + 1) * 4096]
    print("OK wrote and verified 16 KiB at 0x%x" % base)
    chip.s.write(short(0x0E, b"\xa5"))
    chip.s.flush()
    print("OK rebooted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
