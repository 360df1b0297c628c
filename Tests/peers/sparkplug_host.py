#!/usr/bin/env python3
"""A SCADA-host stand-in for Floc's Sparkplug B tests.

Subscribes to spBv1.0/# on a broker, decodes every payload with its own Sparkplug B
decoder (written from the spec's sparkplug_b.proto, sharing nothing with Floc), and
appends one JSON line per message to --out: topic, type, device, seq, bdSeq, metrics.
Commands arrive as JSON on the MQTT topic floc-test/control:
  {"cmd": "rebirth", "group": G, "node": N}                       -> NCMD Node Control/Rebirth
  {"cmd": "write", "group": G, "node": N, "device": D, "metric": name or null,
   "alias": int or null, "datatype": code, "value": v}              -> DCMD (NCMD if no device)
  {"cmd": "raw", "topic": T, "hex": "..."}                          -> publishes the bytes as they are
The first line of --out is {"event": "ready"}, written once subscribed.
"""
import argparse
import json
import struct
import sys
import time

import paho.mqtt.client as mqtt

# sparkplug_b.proto DataType codes.
INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 = 1, 2, 3, 4, 5, 6, 7, 8
FLOAT, DOUBLE, BOOLEAN, STRING, DATETIME, TEXT = 9, 10, 11, 12, 13, 14
SIGNED_BITS = {INT8: 8, INT16: 16, INT32: 32, INT64: 64}


def read_varint(data, i):
    result = shift = 0
    while True:
        if i >= len(data):
            raise ValueError("truncated varint")
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7
        if shift >= 70:
            raise ValueError("varint too long")


def fields(data):
    """Yields (field number, wire type, value): int for varint/fixed, bytes for the rest."""
    i = 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(data, i)
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        elif wire == 2:
            length, i = read_varint(data, i)
            value, i = data[i:i + length], i + length
        else:
            raise ValueError("wire type %d" % wire)
        if i > len(data):
            raise ValueError("field %d past end" % number)
        yield number, wire, value


def decode_metric(data):
    metric = {"name": None, "alias": None, "timestamp": None, "datatype": None,
              "is_historical": False, "is_null": False, "value": None}
    raw = {}
    for number, _, value in fields(data):
        if number == 1:
            metric["name"] = value.decode("utf-8")
        elif number == 2:
            metric["alias"] = value
        elif number == 3:
            metric["timestamp"] = value
        elif number == 4:
            metric["datatype"] = value
        elif number == 5:
            metric["is_historical"] = bool(value)
        elif number == 7:
            metric["is_null"] = bool(value)
        elif 10 <= number <= 15:
            raw[number] = value
    dt = metric["datatype"]
    if metric["is_null"]:
        return metric
    if dt in (INT8, INT16, INT32, UINT8, UINT16, UINT32):
        v = raw[10]
        bits = SIGNED_BITS.get(dt)
        if bits:
            v &= (1 << bits) - 1
            if v >= 1 << (bits - 1):
                v -= 1 << bits
        metric["value"] = v
    elif dt in (INT64, UINT64, DATETIME):
        v = raw[11]
        if dt == INT64 and v >= 1 << 63:
            v -= 1 << 64
        metric["value"] = v
    elif dt == FLOAT:
        metric["value"] = struct.unpack("<f", raw[12])[0]
    elif dt == DOUBLE:
        metric["value"] = struct.unpack("<d", raw[13])[0]
    elif dt == BOOLEAN:
        metric["value"] = bool(raw[14])
    elif dt in (STRING, TEXT):
        metric["value"] = raw[15].decode("utf-8")
    else:
        raise ValueError("datatype %r not decoded by this host" % dt)
    return metric


def decode_payload(data):
    payload = {"timestamp": None, "seq": None, "metrics": []}
    for number, _, value in fields(data):
        if number == 1:
            payload["timestamp"] = value
        elif number == 2:
            payload["metrics"].append(decode_metric(value))
        elif number == 3:
            payload["seq"] = value
    return payload


def write_varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field_varint(number, value):
    return write_varint(number << 3) + write_varint(value)


def field_bytes(number, value):
    return write_varint(number << 3 | 2) + write_varint(len(value)) + value


def encode_metric(name, alias, datatype, value):
    out = b""
    if name is not None:
        out += field_bytes(1, name.encode("utf-8"))
    if alias is not None:
        out += field_varint(2, alias)
    out += field_varint(3, int(time.time() * 1000)) + field_varint(4, datatype)
    if datatype in SIGNED_BITS and datatype != INT64:
        out += field_varint(10, value & ((1 << SIGNED_BITS[datatype]) - 1))
    elif datatype in (UINT8, UINT16, UINT32):
        out += field_varint(10, value)
    elif datatype in (INT64, UINT64):
        out += field_varint(11, value & ((1 << 64) - 1))
    elif datatype == FLOAT:
        out += write_varint(12 << 3 | 5) + struct.pack("<f", value)
    elif datatype == DOUBLE:
        out += write_varint(13 << 3 | 1) + struct.pack("<d", value)
    elif datatype == BOOLEAN:
        out += field_varint(14, 1 if value else 0)
    elif datatype == STRING:
        out += field_bytes(15, value.encode("utf-8"))
    return out


def encode_payload(metrics):
    out = field_varint(1, int(time.time() * 1000))
    for metric in metrics:
        out += field_bytes(2, encode_metric(*metric))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = open(args.out, "a", buffering=1)

    def record(entry):
        out.write(json.dumps(entry) + "\n")

    def on_connect(client, userdata, flags, reason_code, properties):
        client.subscribe([("spBv1.0/#", 1), ("floc-test/control", 1)])

    def on_subscribe(client, userdata, mid, reason_codes, properties):
        record({"event": "ready"})

    def on_message(client, userdata, msg):
        if msg.topic == "floc-test/control":
            command(client, json.loads(msg.payload))
            return
        parts = msg.topic.split("/")
        entry = {"topic": msg.topic, "type": parts[2] if len(parts) > 2 else None,
                 "device": parts[4] if len(parts) > 4 else None, "retain": msg.retain}
        try:
            payload = decode_payload(msg.payload)
            entry.update(payload)
            entry["bdSeq"] = next((m["value"] for m in payload["metrics"] if m["name"] == "bdSeq"), None)
        except (ValueError, KeyError, UnicodeDecodeError, struct.error) as error:
            entry["error"] = str(error)
        record(entry)

    def command(client, request):
        if request["cmd"] == "rebirth":
            topic = "spBv1.0/%s/NCMD/%s" % (request["group"], request["node"])
            client.publish(topic, encode_payload([("Node Control/Rebirth", None, BOOLEAN, True)]), qos=0)
        elif request["cmd"] == "write":
            device = request.get("device")
            kind = "DCMD" if device else "NCMD"
            topic = "spBv1.0/%s/%s/%s" % (request["group"], kind, request["node"]) + ("/" + device if device else "")
            metric = (request.get("metric"), request.get("alias"), request["datatype"], request["value"])
            client.publish(topic, encode_payload([metric]), qos=0)
        elif request["cmd"] == "raw":
            client.publish(request["topic"], bytes.fromhex(request["hex"]), qos=0)

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="floc-test-host", clean_session=True)
    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.connect("127.0.0.1", args.port, keepalive=30)
    client.loop_forever()


if __name__ == "__main__":
    sys.exit(main())
