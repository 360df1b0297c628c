#!/usr/bin/env python3
"""A SCADA-host stand-in for Floc's Sparkplug B tests.

Subscribes to spBv1.0/# on a broker, decodes every payload with Google's protobuf
runtime and the specification's sparkplug_b.proto schema (sharing nothing with Floc), and
appends one JSON line per message to --out: topic, type, device, seq, bdSeq, metrics.
Commands arrive as JSON on the MQTT topic floc-test/control:
  {"cmd": "rebirth", "group": G, "node": N}                       -> NCMD Node Control/Rebirth
  {"cmd": "write", "group": G, "node": N, "device": D, "metric": name or null,
   "alias": int or null, "datatype": code, "value": v}              -> DCMD (NCMD if no device)
  {"cmd": "raw", "topic": T, "hex": "..."}                          -> publishes the bytes as they are
  {"cmd": "state", "online": bool, "timestamp": ms (optional, default now)}
                                                                    -> STATE of --primary-host (retained)
With --primary-host ID the host acts as Sparkplug 3.0 Primary Host: its will is STATE
{"online": false} and, once subscribed on every (re)connect, it publishes STATE {"online": true},
both retained on spBv1.0/STATE/ID and carrying the same timestamp (Sparkplug 3.0: the birth repeats
the will's timestamp). Its own STATE, as the broker echoes it, is recorded as
{"event": "state", "online": bool}; other STATE messages are not recorded.
The first line of --out is {"event": "ready"}, written once subscribed.
With --mqtt5 the host speaks MQTT 5 (Clean Start, no session kept) instead of 3.1.1.
"""
import argparse
import json
import sys
import time

import paho.mqtt.client as mqtt
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import DecodeError

# sparkplug_b.proto DataType codes.
INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 = 1, 2, 3, 4, 5, 6, 7, 8
FLOAT, DOUBLE, BOOLEAN, STRING, DATETIME, TEXT = 9, 10, 11, 12, 13, 14
SIGNED_BITS = {INT8: 8, INT16: 16, INT32: 32, INT64: 64}


def build_payload_class():
    """The Payload message of the specification's sparkplug_b.proto (proto2, package
    org.eclipse.tahu.protobuf), built at run time with Google's protobuf runtime so no
    protoc step is needed. Fields Floc does not use (metadata 8, properties 9, dataset 17,
    template 18, extension 19) are left out: protobuf keeps them as unknown fields."""
    F = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name="sparkplug_b.proto", package="org.eclipse.tahu.protobuf",
                                              syntax="proto2")
    payload = proto.message_type.add(name="Payload")
    metric = payload.nested_type.add(name="Metric")
    metric.oneof_decl.add(name="value")

    def add(message, name, number, kind, label=F.LABEL_OPTIONAL, type_name=None, oneof=None):
        field = message.field.add(name=name, number=number, type=kind, label=label)
        if type_name:
            field.type_name = type_name
        if oneof is not None:
            field.oneof_index = oneof

    add(payload, "timestamp", 1, F.TYPE_UINT64)
    add(payload, "metrics", 2, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".org.eclipse.tahu.protobuf.Payload.Metric")
    add(payload, "seq", 3, F.TYPE_UINT64)
    add(payload, "uuid", 4, F.TYPE_STRING)
    add(payload, "body", 5, F.TYPE_BYTES)
    for name, number, kind in [("name", 1, F.TYPE_STRING), ("alias", 2, F.TYPE_UINT64), ("timestamp", 3, F.TYPE_UINT64),
                               ("datatype", 4, F.TYPE_UINT32), ("is_historical", 5, F.TYPE_BOOL),
                               ("is_transient", 6, F.TYPE_BOOL), ("is_null", 7, F.TYPE_BOOL)]:
        add(metric, name, number, kind)
    for name, number, kind in [("int_value", 10, F.TYPE_UINT32), ("long_value", 11, F.TYPE_UINT64),
                               ("float_value", 12, F.TYPE_FLOAT), ("double_value", 13, F.TYPE_DOUBLE),
                               ("boolean_value", 14, F.TYPE_BOOL), ("string_value", 15, F.TYPE_STRING),
                               ("bytes_value", 16, F.TYPE_BYTES)]:
        add(metric, name, number, kind, oneof=0)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("org.eclipse.tahu.protobuf.Payload"))


Payload = build_payload_class()


def decode_payload(data):
    """Raises DecodeError/ValueError for what a Sparkplug host must refuse."""
    message = Payload()
    message.ParseFromString(data)
    metrics = []
    for m in message.metrics:
        dt = m.datatype
        value = getattr(m, m.WhichOneof("value")) if m.WhichOneof("value") else None
        if isinstance(m.name, bytes) or isinstance(value, bytes) and dt != 17:
            raise ValueError("metric name or string is not UTF-8")
        if m.is_null:
            value = None
        elif value is None:
            raise ValueError("metric %r has no value" % m.name)
        elif dt in SIGNED_BITS:
            # Signed types travel as two's complement of their own width in the unsigned fields.
            bits = SIGNED_BITS[dt]
            value &= (1 << bits) - 1
            if value >= 1 << (bits - 1):
                value -= 1 << bits
        elif dt not in (UINT8, UINT16, UINT32, UINT64, FLOAT, DOUBLE, BOOLEAN, STRING, DATETIME, TEXT):
            raise ValueError("datatype %r not decoded by this host" % dt)
        metrics.append({"name": m.name if m.HasField("name") else None,
                        "alias": m.alias if m.HasField("alias") else None,
                        "timestamp": m.timestamp if m.HasField("timestamp") else None,
                        "datatype": dt, "is_historical": m.is_historical, "is_null": m.is_null, "value": value})
    return {"timestamp": message.timestamp if message.HasField("timestamp") else None,
            "seq": message.seq if message.HasField("seq") else None, "metrics": metrics}


def encode_payload(metrics):
    """metrics: (name or None, alias or None, datatype, value) tuples."""
    message = Payload(timestamp=int(time.time() * 1000))
    for name, alias, datatype, value in metrics:
        m = message.metrics.add(timestamp=int(time.time() * 1000), datatype=datatype)
        if name is not None:
            m.name = name
        if alias is not None:
            m.alias = alias
        if datatype in SIGNED_BITS and datatype != INT64:
            m.int_value = value & ((1 << SIGNED_BITS[datatype]) - 1)
        elif datatype in (UINT8, UINT16, UINT32):
            m.int_value = value
        elif datatype in (INT64, UINT64):
            m.long_value = value & ((1 << 64) - 1)
        elif datatype == FLOAT:
            m.float_value = value
        elif datatype == DOUBLE:
            m.double_value = value
        elif datatype == BOOLEAN:
            m.boolean_value = bool(value)
        elif datatype == STRING:
            m.string_value = value
    return message.SerializeToString()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--primary-host")
    parser.add_argument("--mqtt5", action="store_true")
    args = parser.parse_args()
    state_topic = "spBv1.0/STATE/%s" % args.primary_host if args.primary_host else None

    connect_timestamp = int(time.time() * 1000)

    def state(client, online, timestamp=None):
        body = json.dumps({"online": online, "timestamp": timestamp if timestamp is not None else connect_timestamp})
        return client.publish(state_topic, body, qos=1, retain=True)
    out = open(args.out, "a", buffering=1)

    def record(entry):
        out.write(json.dumps(entry) + "\n")

    def on_connect(client, userdata, flags, reason_code, properties):
        client.subscribe([("spBv1.0/#", 1), ("floc-test/control", 1)])

    def on_subscribe(client, userdata, mid, reason_codes, properties):
        if state_topic:
            state(client, True)
        record({"event": "ready"})

    def on_message(client, userdata, msg):
        if msg.topic == "floc-test/control":
            command(client, json.loads(msg.payload))
            return
        if msg.topic.startswith("spBv1.0/STATE/"):
            # Only the host's own STATE, as the broker now holds it: tests wait for it before
            # starting a node that must see it.
            if msg.topic == state_topic:
                try:
                    record({"event": "state", "online": json.loads(msg.payload)["online"]})
                except (ValueError, KeyError):
                    pass
            return
        parts = msg.topic.split("/")
        entry = {"topic": msg.topic, "type": parts[2] if len(parts) > 2 else None,
                 "device": parts[4] if len(parts) > 4 else None, "retain": msg.retain}
        try:
            payload = decode_payload(msg.payload)
            entry.update(payload)
            entry["bdSeq"] = next((m["value"] for m in payload["metrics"] if m["name"] == "bdSeq"), None)
        except (DecodeError, ValueError) as error:
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
        elif request["cmd"] == "state":
            state(client, request["online"], request.get("timestamp", int(time.time() * 1000)))
        elif request["cmd"] == "raw":
            client.publish(request["topic"], bytes.fromhex(request["hex"]), qos=0)

    if args.mqtt5:
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="floc-test-host", protocol=mqtt.MQTTv5)
    else:
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="floc-test-host", clean_session=True)
    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.reconnect_delay_set(min_delay=1, max_delay=2)
    if state_topic:
        client.will_set(state_topic, json.dumps({"online": False, "timestamp": connect_timestamp}), qos=1, retain=True)
    if args.mqtt5:
        client.connect("127.0.0.1", args.port, keepalive=30, clean_start=True)
    else:
        client.connect("127.0.0.1", args.port, keepalive=30)
    client.loop_forever()


if __name__ == "__main__":
    sys.exit(main())
