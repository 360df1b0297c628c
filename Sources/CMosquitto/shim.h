// Exposes libmosquitto (MQTT 3.1.1/5 client) for the Sparkplug B uplink; mqtt_protocol.h for the
// MQTT 5 property identifiers and reason codes.
#include <mosquitto.h>
#include <mqtt_protocol.h>
