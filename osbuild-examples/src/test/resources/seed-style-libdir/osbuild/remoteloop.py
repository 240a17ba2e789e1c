"""The client side of the seed's loop-device protocol.

A request is one datagram on /run/osbuild/api/remoteloop: JSON naming, by index into the file
descriptors passed with it (SCM_RIGHTS), the backing file ("fd") and the directory for the device
node ("dir_fd"), with an optional "offset" and "sizelimit" in bytes. The answer names the node:
{"devname": "loop3"}. SO_PASSCRED gives the client an address the answer can reach.
"""
import array
import json
import os
import socket

API = "/run/osbuild/api/remoteloop"


class LoopClient:
    def __init__(self, sock):
        self.sock = sock

    def create_device(self, fd, dir_fd=None, offset=None, sizelimit=None):
        own_dir = dir_fd is None
        if own_dir:
            dir_fd = os.open("/dev", os.O_DIRECTORY)
        try:
            request = {"fd": 0, "dir_fd": 1}
            if offset:
                request["offset"] = offset
            if sizelimit:
                request["sizelimit"] = sizelimit
            fds = array.array("i", [fd, dir_fd])
            self.sock.sendmsg([json.dumps(request).encode()],
                              [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
            answer = json.loads(self.sock.recv(1024))
        finally:
            if own_dir:
                os.close(dir_fd)
        if "devname" not in answer:
            raise RuntimeError(f"no loop device: {answer.get('error', answer)}")
        return answer["devname"]


def connect(path=API):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.connect(path)
    return LoopClient(sock)
