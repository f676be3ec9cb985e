# Sourced by the benches that run the queue in a JVM, from the repository's root: PEER_HEAP and PEER_JIT default to the
# daemon unit's own JVM options (its JAVA_OPTS line), so that the bench's JVM runs as the installed daemon's does; set
# either, even empty, to replace that part. The heap's options are -Xms, -Xmx and -XX:+AlwaysPreTouch, the rest the
# JIT's. heap and jit name them as the run headers print them.
unit_jvm_opts=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' installer/systemd/aliaport-daemon.service)
[ -n "$unit_jvm_opts" ] || { echo "no JAVA_OPTS line in installer/systemd/aliaport-daemon.service" >&2; exit 1; }
read -ra unit_jvm_opts <<<"$unit_jvm_opts" # split at spaces, no glob expansion (an option such as -Xlog:gc*)
unit_heap= unit_jit=
for opt in "${unit_jvm_opts[@]}"; do
    case $opt in
        -Xms* | -Xmx* | -XX:+AlwaysPreTouch) unit_heap+=" $opt" ;;
        *) unit_jit+=" $opt" ;;
    esac
done
PEER_HEAP=${PEER_HEAP-${unit_heap# }}
PEER_JIT=${PEER_JIT-${unit_jit# }}
heap=${PEER_HEAP:-as the JVM sizes it}
jit=${PEER_JIT:-as HotSpot sets it}
