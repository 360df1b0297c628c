#!/usr/bin/env python3
"""An independent Modbus device for Floc's interop tests and demo: pymodbus behind a
fault-injecting line.

    Floc --(TCP, or RTU on a socat pty pair)--> line proxy --> pymodbus server

pymodbus implements the protocol (not Floc's code); the proxy in front of it plays
the wire: it counts the requests it sees per unit and function, mutes units (a device
that is absent), replaces answers with garbage or corrupts their CRC, and drops the
link (TCP connections closed, or the serial line silent) for a while. Values are
encoded and decoded here with Python's struct, independently of Floc's codecs.

Started with a JSON config (--config FILE or a JSON string); prints one line
`{"ready": true, "modbus_port": N, "control_port": M, "serial": PATH}` when serving.
Control: one JSON object per line on 127.0.0.1:control_port, one JSON reply per line.
`corrupt` flips the last byte of the next answers (RTU: the CRC) or, with `"at": N`, byte N
(TCP has no CRC: `"at": 0` breaks the transaction id, which the master checks); `decode`
answers the value and, exactly, its Python `repr` as `text`. Only ever binds 127.0.0.1.
"""
import argparse
import asyncio
import json
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import time
import tty

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import ModbusSerialServer, ModbusTcpServer

BLOCK_KEYS = {"coil": "co", "discrete": "di", "holding": "hr", "input": "ir"}
FC_FOR_TABLE = {"coil": 1, "discrete": 2, "holding": 3, "input": 4}
TYPE_FORMATS = {"int16": "h", "uint16": "H", "int32": "i", "uint32": "I", "int64": "q",
                "uint64": "Q", "float32": "f", "float64": "d"}


def encode(value, type_name, order):
    """Engineering-free raw value -> list of 16-bit registers, in the given byte/word order."""
    fmt = TYPE_FORMATS[type_name]
    if fmt in "fd":
        raw = struct.pack(">" + fmt, float(value))
    else:
        raw = struct.pack(">" + fmt, int(value))
    words = [raw[i:i + 2] for i in range(0, len(raw), 2)]  # big-endian words, high first
    if order in ("CDAB", "DCBA"):
        words.reverse()
    if order in ("BADC", "DCBA"):
        words = [w[::-1] for w in words]
    return [struct.unpack(">H", w)[0] for w in words]


def decode(registers, type_name, order):
    words = [struct.pack(">H", r) for r in registers]
    if order in ("BADC", "DCBA"):
        words = [w[::-1] for w in words]
    if order in ("CDAB", "DCBA"):
        words.reverse()
    return struct.unpack(">" + TYPE_FORMATS[type_name], b"".join(words))[0]


def rtu_request_length(buf):
    """Length of the RTU request frame at the start of buf, or None if not yet known."""
    if len(buf) < 2:
        return None
    fc = buf[1]
    if fc in (1, 2, 3, 4, 5, 6):
        return 8
    if fc in (15, 16):
        return 9 + buf[6] if len(buf) >= 7 else None
    return len(buf)  # unknown function: forward what we have


ILLEGAL_DATA_ADDRESS = 2


class CheckedBlock(ModbusSequentialDataBlock):
    """A block that answers ILLEGAL DATA ADDRESS outside its range, as devices do
    (pymodbus 3.9's own block silently returns a short list instead)."""

    def inside(self, address, count):
        return self.address <= address and address + count <= self.address + len(self.values)

    def getValues(self, address, count=1):
        return super().getValues(address, count) if self.inside(address, count) else ILLEGAL_DATA_ADDRESS

    def setValues(self, address, values):
        count = len(values) if isinstance(values, list) else 1
        return super().setValues(address, values) if self.inside(address, count) else ILLEGAL_DATA_ADDRESS


class Line:
    """Fault state of the wire, shared by the TCP and RTU proxies."""

    def __init__(self):
        self.counts = {}          # "unit:fc" -> requests seen
        self.muted = set()        # units that never answer
        self.garbage = 0          # answers to replace by random bytes
        self.corrupt = 0          # answers with one byte flipped
        self.corrupt_at = -1      # which byte: -1 the last (RTU: CRC), 0 the first (TCP: transaction id)
        self.down_until = 0.0     # link dropped until this monotonic time
        self.clients = set()      # open TCP client writers

    def count(self, unit, fc):
        key = f"{unit}:{fc}"
        self.counts[key] = self.counts.get(key, 0) + 1

    def is_down(self):
        return time.monotonic() < self.down_until

    def mangle(self, answer):
        if self.garbage > 0:
            self.garbage -= 1
            return bytes(random.getrandbits(8) for _ in range(max(5, len(answer))))
        if self.corrupt > 0:
            self.corrupt -= 1
            at = self.corrupt_at % len(answer)
            return answer[:at] + bytes([answer[at] ^ 0xFF]) + answer[at + 1:]
        return answer


class Peer:
    def __init__(self, config):
        self.config = config
        self.line = Line()
        self.devices = {}
        for unit_text, spec in config.get("units", {"1": {}}).items():
            self.devices[int(unit_text)] = ModbusSlaveContext(
                **{key: self.block(spec, table) for table, key in BLOCK_KEYS.items()})
        self.context = ModbusServerContext(slaves=self.devices, single=False)
        for item in config.get("values", []):
            self.command(dict(item, cmd="encode"))

    @staticmethod
    def block(spec, table):
        """One block per table: `{"holding": {"100": [1, 2]}}` maps just those addresses
        (any other answers ILLEGAL DATA ADDRESS); by default addresses 0..size-1 hold zeros."""
        start, values = 0, [0] * spec.get("size", 1000)
        if table in spec:
            (start_text, values), = spec[table].items()
            start = int(start_text)
        if table in ("coil", "discrete"):
            values = [bool(v) for v in values]
        # pymodbus adds one to protocol addresses before looking them up.
        return CheckedBlock(start + 1, list(values))

    # Datastore access by protocol (0-based) address; pymodbus shifts by one inside.
    def get(self, unit, table, address, count):
        return self.devices[unit].getValues(FC_FOR_TABLE[table], address, count)

    def put(self, unit, table, address, values):
        self.devices[unit].setValues(FC_FOR_TABLE[table], address, values)

    def command(self, msg):
        cmd = msg.get("cmd")
        if cmd == "counts":
            return {"counts": self.line.counts}
        if cmd == "reset_counts":
            self.line.counts = {}
            return {"ok": True}
        if cmd == "set":
            self.put(msg["unit"], msg["table"], msg["address"], msg["values"])
            return {"ok": True}
        if cmd == "get":
            values = self.get(msg["unit"], msg["table"], msg["address"], msg["count"])
            return {"values": [int(v) if not isinstance(v, bool) else v for v in values]}
        if cmd == "encode":
            regs = encode(msg["value"], msg["type"], msg.get("order", "ABCD"))
            self.put(msg["unit"], msg.get("table", "holding"), msg["address"], regs)
            return {"registers": regs}
        if cmd == "decode":
            count = {"int16": 1, "uint16": 1, "int32": 2, "uint32": 2, "float32": 2}.get(msg["type"], 4)
            regs = self.get(msg["unit"], msg.get("table", "holding"), msg["address"], count)
            value = decode(regs, msg["type"], msg.get("order", "ABCD"))
            # `text`: the value exactly (JSON readers may round 64-bit integers through a double).
            return {"value": value, "text": repr(value), "registers": regs}
        if cmd == "mute":
            self.line.muted.add(msg["unit"])
            return {"ok": True}
        if cmd == "unmute":
            self.line.muted.discard(msg["unit"])
            return {"ok": True}
        if cmd == "garbage":
            self.line.garbage = msg.get("count", 1)
            return {"ok": True}
        if cmd == "corrupt":
            # TCP frames carry no CRC: `"at": 0` breaks the transaction id, which a master checks.
            self.line.corrupt = msg.get("count", 1)
            self.line.corrupt_at = msg.get("at", -1)
            return {"ok": True}
        if cmd == "drop":
            self.line.down_until = time.monotonic() + msg.get("seconds", 1.0)
            for writer in list(self.line.clients):
                writer.close()
            return {"ok": True}
        return {"error": f"unknown command {cmd!r}"}

    async def control_client(self, reader, writer):
        while line := await reader.readline():
            try:
                reply = self.command(json.loads(line))
            except Exception as error:  # a bad control message must not stop the peer
                reply = {"error": f"{type(error).__name__}: {error}"}
            writer.write((json.dumps(reply) + "\n").encode())
            await writer.drain()
        writer.close()

    # --- TCP: proxy in front of pymodbus ---------------------------------------------
    async def tcp_client(self, reader, writer):
        if self.line.is_down():
            writer.close()
            return
        self.line.clients.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.inner_port)
            while True:
                header = await reader.readexactly(7)
                length = struct.unpack(">H", header[4:6])[0]
                body = await reader.readexactly(length - 1)
                unit, fc = header[6], body[0]
                self.line.count(unit, fc)
                if unit in self.line.muted or self.line.is_down():
                    continue
                up_writer.write(header + body)
                await up_writer.drain()
                answer_header = await up_reader.readexactly(7)
                answer = answer_header + await up_reader.readexactly(struct.unpack(">H", answer_header[4:6])[0] - 1)
                writer.write(self.line.mangle(answer))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            self.line.clients.discard(writer)
            writer.close()

    # --- RTU: socat pty pair to Floc, an internal pty to pymodbus ---------------------
    @staticmethod
    def reader(fd):
        """Non-blocking reads of fd as an asyncio queue of byte chunks."""
        os.set_blocking(fd, False)
        queue = asyncio.Queue()

        def readable():
            try:
                queue.put_nowait(os.read(fd, 4096))
            except BlockingIOError:
                pass
            except OSError:
                queue.put_nowait(b"")

        asyncio.get_running_loop().add_reader(fd, readable)
        return queue

    async def rtu_pump(self, line_fd, inner_fd):
        line, inner = self.reader(line_fd), self.reader(inner_fd)
        buf = b""
        while True:
            buf += await line.get()
            while (n := rtu_request_length(buf)) is not None and len(buf) >= n:
                frame, buf = buf[:n], buf[n:]
                unit, fc = frame[0], frame[1]
                self.line.count(unit, fc)
                while not inner.empty():  # a late answer from before must not pass as this one's
                    inner.get_nowait()
                if unit in self.line.muted or self.line.is_down():
                    continue
                os.write(inner_fd, frame)
                answer = await self.read_answer(inner)
                if answer:
                    os.write(line_fd, self.line.mangle(answer))

    @staticmethod
    async def read_answer(queue, quiet=0.02, limit=1.0):
        """Collect pymodbus's answer until the line is quiet (RTU frames end in silence)."""
        data = b""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                data += await asyncio.wait_for(queue.get(), quiet if data else deadline - time.monotonic())
            except asyncio.TimeoutError:
                break
        return data

    async def main(self):
        control = await asyncio.start_server(self.control_client, "127.0.0.1", 0)
        ready = {"ready": True, "control_port": control.sockets[0].getsockname()[1], "pid": os.getpid()}
        transport = self.config.get("transport", "tcp")
        if transport == "tcp":
            inner = ModbusTcpServer(self.context, address=("127.0.0.1", 0), ignore_missing_slaves=True)
            asyncio.create_task(inner.serve_forever())
            for _ in range(200):
                if inner.transport is not None:
                    break
                await asyncio.sleep(0.01)
            self.inner_port = inner.transport.sockets[0].getsockname()[1]
            outer = await asyncio.start_server(self.tcp_client, "127.0.0.1", self.config.get("port", 0))
            ready["modbus_port"] = outer.sockets[0].getsockname()[1]
        else:
            floc_end = self.config["serial"]
            line_end = floc_end + ".line"
            self.socat = subprocess.Popen(
                ["socat", f"pty,raw,echo=0,link={floc_end}", f"pty,raw,echo=0,link={line_end}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(500):
                if os.path.exists(floc_end) and os.path.exists(line_end):
                    break
                await asyncio.sleep(0.01)
            line_fd = os.open(line_end, os.O_RDWR | os.O_NOCTTY)
            tty.setraw(line_fd)
            inner_master, inner_slave = os.openpty()
            tty.setraw(inner_slave)
            inner = ModbusSerialServer(self.context, port=os.ttyname(inner_slave),
                                       baudrate=self.config.get("baud", 19200), ignore_missing_slaves=True)
            asyncio.create_task(inner.serve_forever())
            await asyncio.sleep(0.2)
            asyncio.create_task(self.rtu_pump(line_fd, inner_master))
            ready["serial"] = floc_end
        print(json.dumps(ready), flush=True)
        await asyncio.Event().wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="{}", help="JSON config, or @FILE")
    args = parser.parse_args()
    text = open(args.config[1:]).read() if args.config.startswith("@") else args.config
    peer = Peer(json.loads(text))

    def stop(*_):
        if getattr(peer, "socat", None):
            peer.socat.terminate()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        asyncio.run(peer.main())
    finally:
        stop()


if __name__ == "__main__":
    main()
