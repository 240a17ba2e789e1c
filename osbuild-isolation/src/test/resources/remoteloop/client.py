# A client of the seed's remoteloop protocol, as a seed assembler speaks it: descriptors passed
# with SCM_RIGHTS, a JSON request, a JSON answer. Each line it prints is one answer.
import array
import json
import os
import socket
import sys


def request(sock, fds, req):
    sock.sendmsg([json.dumps(req).encode()],
                 [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
    return json.loads(sock.recv(1024))


sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
sock.connect("/run/osbuild/api/remoteloop")
image = os.open(sys.argv[1], os.O_RDWR)
dev = os.open("/dev", os.O_DIRECTORY)
mode = sys.argv[2]

if mode == "write":
    answer = request(sock, [image, dev], {"fd": 0, "dir_fd": 1, "offset": 512, "sizelimit": 1024})
    print(json.dumps(answer))
    node = "/dev/" + answer["devname"]
    print("owner", os.stat(node).st_uid)
    with open(node, "r+b") as device:
        device.write(b"written through the loop device")
elif mode == "hostile":
    elsewhere = os.open("/tmp", os.O_DIRECTORY)
    print(json.dumps(request(sock, [image, elsewhere], {"fd": 0, "dir_fd": 1})))
    print(json.dumps(request(sock, [dev, dev], {"fd": 0, "dir_fd": 1})))
    print(json.dumps(request(sock, [image, dev], {"fd": 5, "dir_fd": 1})))
    print(json.dumps(request(sock, [image, dev], {"fd": 0, "dir_fd": 1, "offset": -1})))
    for _ in range(20):
        print(json.dumps(request(sock, [image, dev], {"fd": 0, "dir_fd": 1})))
elif mode == "mount":
    answer = request(sock, [image, dev], {"fd": 0, "dir_fd": 1})
    node = "/dev/" + answer["devname"]
    os.makedirs("/tmp/mnt")
    status = os.system(f"mount {node} /tmp/mnt && echo mounted > /tmp/mnt/greeting && umount /tmp/mnt")
    print("mount status", status)
