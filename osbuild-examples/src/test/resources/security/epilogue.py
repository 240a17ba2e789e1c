

# The epilogue of HostileStageTest's external stages (see preamble.py): runs main() unless the stage
# runs in the test JVM's own mount namespace, then writes RESULT into the tree.
try:
    RESULT["uid_map"] = read_text("/proc/self/uid_map")
    own_namespace = os.readlink("/proc/self/ns/mnt")
    if own_namespace == OPTIONS["hostMountNamespace"]:
        RESULT["unsafe"] = "the stage runs in the test JVM's mount namespace " + own_namespace + ": nothing attempted"
    else:
        main()
except BaseException as e:
    RESULT["error"] = repr(e)
finally:
    os.write(_RESULT_FD, json.dumps(RESULT, sort_keys=True).encode())
    os.close(_RESULT_FD)
sys.exit(0)
