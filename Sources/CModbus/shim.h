// Exposes libmodbus (Debian 12: 3.1.6) to Swift. Only HALLinux imports this module.
#include <modbus.h>
#include <errno.h>
