#!/usr/bin/env python3
"""A stand-in plant for trying Floc before floc-sim exists: serves every device of a unit file
with plausible values, one modbus_peer.py per bus (TCP on the unit's host:port, RTU on the pty
behind the board's UART), using the devices' own profiles. Values are static.

    demo_plant.py Boards/units/sim-container.toml
"""
import json
import os
import signal
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from modbus_peer import TYPE_FORMATS  # noqa: E402

# Typical engineering values of a working aeration tank, by unit.
TYPICAL = {"mg/L": 2.1, "ppm": 2.1, "pH": 7.2, "mV": 180.0, "degC": 17.5, "%sat": 22.0, "m": 2.4,
           "Nm3/h": 310.0, "%": 62.0, "Hz": 31.0, "kWh": 18250.0, "kW": 7.5, "bar": 0.24}


def engineering(point):
    if point.get("unit") in TYPICAL:
        value = TYPICAL[point["unit"]]
        low, high = point.get("range", [value, value])
        return min(max(value, low), high)
    low, high = point.get("range", [0, 0])
    return (low + high) / 2


def load(path):
    with open(path, "rb") as file:
        return tomllib.load(file)


def peer_config(unit, bus_name, bus, boards):
    units, values = {}, []
    for device in unit.get("devices", {}).values():
        if device["bus"] != bus_name:
            continue
        profile = load(os.path.join(boards, "devices", device["profile"] + ".toml"))
        top = 0
        for point in profile.get("points", {}).values():
            table = point["table"]
            kind = point.get("type", "bool" if table in ("coil", "discrete") else "uint16")
            top = max(top, point["address"] + 4)
            if table in ("coil", "discrete") or "bits" in point or kind not in TYPE_FORMATS:
                continue
            raw = (engineering(point) - point.get("offset", 0.0)) / point.get("scale", 1.0)
            if kind[0] in "iu":
                raw = round(raw)
            values.append({"unit": device["address"], "table": table, "address": point["address"],
                           "type": kind, "order": point.get("order", "ABCD"), "value": raw})
        units[str(device["address"])] = {"size": top + 16}
    config = {"units": units, "values": values}
    if bus["type"] == "tcp":
        config.update(transport="tcp", port=bus.get("port", 502))
    else:
        board = load(os.path.join(boards, unit["unit"]["board"] + ".toml"))
        uart = board.get("roles", {}).get(bus.get("port"), bus.get("port"))
        serial = bus.get("device") or board["uarts"][uart]["device"]
        os.makedirs(os.path.dirname(serial), exist_ok=True)
        config.update(transport="rtu", serial=serial, baud=bus.get("baud", 9600))
    return config


def main():
    unit_path = sys.argv[1]
    boards = os.path.dirname(os.path.dirname(os.path.abspath(unit_path)))
    unit = load(unit_path)
    peers = []
    for name, bus in unit.get("buses", {}).items():
        config = peer_config(unit, name, bus, boards)
        peers.append(subprocess.Popen([sys.executable, os.path.join(HERE, "modbus_peer.py"),
                                       "--config", json.dumps(config)], stdout=subprocess.PIPE, text=True))
        ready = json.loads(peers[-1].stdout.readline())
        where = f"127.0.0.1:{ready['modbus_port']}" if "modbus_port" in ready else ready["serial"]
        print(f"demo plant: bus {name} served on {where} ({len(config['units'])} devices)", flush=True)

    def stop(*_):
        for peer in peers:
            peer.terminate()
        for peer in peers:
            peer.wait(timeout=5)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("demo plant: ready", flush=True)
    signal.pause()


if __name__ == "__main__":
    main()
