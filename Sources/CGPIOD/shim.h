// Exposes libgpiod v1 (Debian 12: 1.6.3; the v2 API is incompatible). Only HALLinux imports this module.
#include <gpiod.h>
#include <errno.h>
