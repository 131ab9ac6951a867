"""The sandbox: the processes that run student code and the boundary around them.

``zygote`` (the warm fork server, and its handle on the trusted side), ``runner`` (the
only code that imports student code), ``layers`` (which confinement this host allows,
found by trying), ``confine`` (namespaces, read-only mounts, uid, rlimits, applied right
after fork), ``seccomp`` (the system-call filter), ``uids``, ``processes`` (finding and
killing processes through /proc), ``gpu`` (what runners need of a host where
CUDA works), ``unconfined`` (runners without a sandbox, where the host allows none:
macOS, Windows) and ``wire`` (the data-only format of every message
that crosses the boundary).  Nothing here holds expected values or decides a score."""
