// Exposes libmosquitto (MQTT 3.1.1/5 client) for the Sparkplug B uplink.
#include <mosquitto.h>
