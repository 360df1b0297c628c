#!/usr/bin/env python3
"""An HJ 212-2017 platform (the environmental authority's side), written independently of Floc.

Listens on 127.0.0.1 (--port, 0 = any free port; --drop-acks N leaves the first N packets
unacknowledged) and prints one ready line:
    {"port": P, "control_port": C}
Every packet received is appended to --log as one JSON line:
    {"valid": true, "qn": ..., "cn": ..., "flag": ..., "cp": ..., "acked": true}
or {"valid": false, "error": ..., "raw": ...} for a malformed packet, and for a data upload (CN 2011,
2051, 2061, 2031) with an Rtd/Min/Avg/Max/Cou that is not a plain decimal (-?digits[.digits]: no
exponent, no inf/nan), which is left unacknowledged as a strict platform would.
Data packets whose Flag has bit A (1) set are answered with CN=9014 and the same QN.

Control port: one JSON object per line, one JSON reply per line:
    {"cmd": "drop_acks", "count": N}   do not acknowledge the next N packets
    {"cmd": "delay_acks", "count": N, "seconds": S}
                                       acknowledge the next N packets S seconds late (logged "late": S)
    {"cmd": "close_connections"}       close every data connection now
    {"cmd": "received"}                -> {"packets": [...]} everything logged so far
    {"cmd": "send", "segment": S}      frame data segment S (CRC added here) to every data connection
                                       -> {"ok": true, "sent": N}
"""
import argparse
import json
import os
import re
import signal
import socket
import threading


def crc16(data: bytes) -> int:
    # HJ 212-2017 appendix A: reflected 0xA001 from 0xFFFF, byte XORed after shifting out the high byte.
    crc = 0xFFFF
    for byte in data:
        crc = (crc >> 8) ^ byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def frame(segment: str) -> bytes:
    data = segment.encode("ascii")
    return b"##%04d" % len(data) + data + b"%04X\r\n" % crc16(data)


def parse(packet: bytes) -> dict:
    if not packet.startswith(b"##") or not packet.endswith(b"\r\n"):
        raise ValueError("framing")
    length = int(packet[2:6].decode("ascii"))
    data = packet[6:-6]
    if len(data) != length:
        raise ValueError("length %d != %d" % (length, len(data)))
    if int(packet[-6:-2], 16) != crc16(data):
        raise ValueError("crc")
    text = data.decode("ascii")
    head, _, rest = text.partition("CP=&&")
    fields = dict(item.split("=", 1) for item in head.split(";") if "=" in item)
    fields["CP"] = rest[:-2] if rest.endswith("&&") else rest
    return fields


DATA_COMMANDS = ("2011", "2051", "2061", "2031")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def bad_numbers(cp: str) -> list:
    """The `code-Field=value` pairs of a data CP whose value is not a plain decimal."""
    bad = []
    for group in cp.split(";"):
        for pair in group.split(","):
            key, _, value = pair.partition("=")
            if key.rpartition("-")[2] in ("Rtd", "Min", "Avg", "Max", "Cou") and not NUMBER.match(value):
                bad.append(pair)
    return bad


class Platform:
    def __init__(self, log_path):
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1) if log_path else None
        self.records = []
        self.drop_acks = 0
        self.delay_acks = 0
        self.delay_seconds = 0.0
        self.connections = []

    def record(self, entry):
        with self.lock:
            self.records.append(entry)
            if self.log:
                self.log.write(json.dumps(entry) + "\n")

    def serve_connection(self, conn):
        buffer = b""
        with self.lock:
            self.connections.append(conn)
        try:
            while True:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                buffer += chunk
                while b"\r\n" in buffer:
                    start = buffer.find(b"##")
                    if start < 0:
                        buffer = b""
                        break
                    end = buffer.find(b"\r\n", start)
                    if end < 0:
                        buffer = buffer[start:]
                        break
                    packet, buffer = buffer[start:end + 2], buffer[end + 2:]
                    self.handle(conn, packet)
        except OSError:
            return
        finally:
            with self.lock:
                if conn in self.connections:
                    self.connections.remove(conn)
            conn.close()

    def handle(self, conn, packet):
        try:
            fields = parse(packet)
        except (ValueError, UnicodeDecodeError) as error:
            self.record({"valid": False, "error": str(error), "raw": packet.decode("latin-1")})
            return
        if fields.get("CN") in DATA_COMMANDS and bad_numbers(fields["CP"]):
            self.record({"valid": False, "error": "numbers: %s" % ",".join(bad_numbers(fields["CP"])),
                         "raw": packet.decode("latin-1")})
            return
        wants_ack = int(fields.get("Flag", "0")) & 1 == 1
        with self.lock:
            drop = self.drop_acks > 0
            if drop:
                self.drop_acks -= 1
            late = 0.0
            if wants_ack and not drop and self.delay_acks > 0:
                self.delay_acks -= 1
                late = self.delay_seconds
        acked = wants_ack and not drop
        entry = {"valid": True, "qn": fields.get("QN"), "cn": fields.get("CN"), "mn": fields.get("MN"),
                 "flag": fields.get("Flag"), "cp": fields["CP"], "acked": acked}
        if late:
            entry["late"] = late
        self.record(entry)
        if acked:
            reply = frame("QN=%s;ST=91;CN=9014;PW=%s;MN=%s;Flag=4;CP=&&&&" % (
                fields.get("QN"), fields.get("PW", ""), fields.get("MN", "")))
            if late:
                threading.Timer(late, self.send_quietly, args=(conn, reply)).start()
            else:
                conn.sendall(reply)

    @staticmethod
    def send_quietly(conn, packet):
        try:
            conn.sendall(packet)
        except OSError:
            pass

    def control(self, conn):
        with conn, conn.makefile("rw") as stream:
            for line in stream:
                command = json.loads(line)
                reply = {"ok": True}
                if command["cmd"] == "drop_acks":
                    with self.lock:
                        self.drop_acks = int(command["count"])
                elif command["cmd"] == "delay_acks":
                    with self.lock:
                        self.delay_acks = int(command["count"])
                        self.delay_seconds = float(command["seconds"])
                elif command["cmd"] == "close_connections":
                    with self.lock:
                        for data_conn in self.connections:
                            try:
                                data_conn.shutdown(socket.SHUT_RDWR)
                            except OSError:
                                pass
                elif command["cmd"] == "send":
                    packet = frame(command["segment"])
                    with self.lock:
                        targets = list(self.connections)
                    for data_conn in targets:
                        data_conn.sendall(packet)
                    reply["sent"] = len(targets)
                elif command["cmd"] == "received":
                    with self.lock:
                        reply["packets"] = list(self.records)
                else:
                    reply = {"ok": False, "error": "unknown command"}
                stream.write(json.dumps(reply) + "\n")
                stream.flush()


def listener(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(8)
    return sock


def accept_forever(sock, target):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=target, args=(conn,), daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", default=None)
    parser.add_argument("--drop-acks", type=int, default=0, help="leave the first N packets unacknowledged")
    args = parser.parse_args()
    # The test stops the platform with SIGTERM and expects it gone at once (daemon threads included).
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    platform = Platform(args.log)
    platform.drop_acks = args.drop_acks
    data = listener(args.port)
    control = listener(0)
    threading.Thread(target=accept_forever, args=(control, platform.control), daemon=True).start()
    print(json.dumps({"port": data.getsockname()[1], "control_port": control.getsockname()[1]}), flush=True)
    accept_forever(data, platform.serve_connection)


if __name__ == "__main__":
    main()
