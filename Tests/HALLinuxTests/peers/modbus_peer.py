"""A foreign Modbus device for the HALLinux tests (pymodbus 3.16, SimDevice API).

Unit 1: coils 0..7 = 1,0,1,0,...; discrete inputs 0..3 = 1,1,0,0;
holding registers 100..109 = 1000..1009; input registers 200..203 = 2000..2003.
Any other address answers ILLEGAL DATA ADDRESS.

    modbus_peer.py tcp PORT
    modbus_peer.py rtu DEVICE BAUD
"""
import sys

from pymodbus.server import StartSerialServer, StartTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice


def device():
    def bits(address, values):
        return [SimData(address, values=values, datatype=DataType.BITS)]

    def registers(address, values):
        return [SimData(address, values=values, datatype=DataType.REGISTERS)]

    # Non-shared blocks, in pymodbus' order: coils, discrete inputs, holding, input.
    return SimDevice(id=1, simdata=(
        bits(0, [i % 2 == 0 for i in range(8)]),
        bits(0, [True, True, False, False]),
        registers(100, [1000 + i for i in range(10)]),
        registers(200, [2000 + i for i in range(4)]),
    ))


def main():
    mode = sys.argv[1]
    if mode == "tcp":
        StartTcpServer(device(), address=("127.0.0.1", int(sys.argv[2])))
    elif mode == "rtu":
        StartSerialServer(device(), port=sys.argv[2], baudrate=int(sys.argv[3]))
    else:
        sys.exit("usage: modbus_peer.py tcp PORT | rtu DEVICE BAUD")


if __name__ == "__main__":
    main()
