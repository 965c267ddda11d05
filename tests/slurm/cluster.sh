#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the real-Slurm sweep test:
#   tests/slurm/cluster.sh start|stop|status|env
# Everything lives in one state directory ($NNDF_SLURM_DIR, default
# /tmp/nndf-slurm): its own munge key and socket, slurm.conf and cgroup.conf,
# spool, state, logs, pid files. Nothing is written to /etc, so the machine's
# own Slurm or munge (if any) is neither read nor touched. Clients find this
# cluster through SLURM_CONF: `eval "$(tests/slurm/cluster.sh env)"`.
#
# The daemons run as root (SlurmUser=root) because the test machines are
# containers without systemd or a slurm user. The plugin choices are the ones
# that work there: no cgroup v2 delegation, so process tracking by /proc
# (proctrack/linuxproc), no task binding (task/none), no accounting.
set -euo pipefail

dir=${NNDF_SLURM_DIR:-/tmp/nndf-slurm}
# Ports away from Slurm's defaults (6817/6818), so a real installation on the
# same machine does not answer our clients.
ctld_port=${NNDF_SLURM_CTLD_PORT:-16817}
slurmd_port=${NNDF_SLURM_SLURMD_PORT:-16818}

say() { echo "cluster: $*" >&2; }

need() {
    local tool
    for tool in munged mungekey slurmctld slurmd sinfo sbatch; do
        command -v "$tool" >/dev/null || {
            say "$tool not found (Debian packages slurm-wlm and munge)"
            exit 2
        }
    done
    [[ $(id -u) -eq 0 ]] || {
        say "the daemons must start as root"
        exit 2
    }
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_configs() {
    local host node_line
    host=$(hostname -s)
    # `slurmd -C` prints the node as Slurm sees it (CPUs, sockets, memory);
    # declaring exactly that keeps slurmd from draining the node as smaller
    # than configured.
    node_line=$(slurmd -C | head -n 1)
    cat >"$dir/etc/slurm.conf" <<EOF
ClusterName=nndf-test
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=300
$node_line State=UNKNOWN NodeAddr=127.0.0.1
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    cat >"$dir/etc/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
CgroupAutomount=no
EOF
}

start_munge() {
    mungekey --create --keyfile="$dir/munge/munge.key" --force 2>/dev/null ||
        dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    chmod 600 "$dir/munge/munge.key"
    # --force: munged refuses a socket under a world-writable directory such
    # as /tmp unless told it is fine (this is a throwaway test cluster).
    munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
        --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" \
        --seed-file="$dir/munge/munged.seed"
}

wait_idle() {
    local deadline=$((SECONDS + ${NNDF_SLURM_START_TIMEOUT:-60})) state
    while ((SECONDS < deadline)); do
        state=$(SLURM_CONF=$dir/etc/slurm.conf sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
        if [[ $state == idle ]]; then
            return 0
        fi
        sleep 0.5
    done
    say "node not idle after ${NNDF_SLURM_START_TIMEOUT:-60}s (state: ${state:-none}); logs in $dir/log"
    tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 2>/dev/null || true
    return 1
}

start() {
    need
    if pid_alive "$dir/run/slurmctld.pid"; then
        say "already running in $dir"
        return 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"/{etc,munge,state,spool,run,log}
    chmod 700 "$dir/munge"
    write_configs
    start_munge
    slurmctld -f "$dir/etc/slurm.conf" -i
    slurmd -f "$dir/etc/slurm.conf"
    if ! wait_idle; then
        stop
        return 1
    fi
    say "up in $dir ($(sinfo_line))"
}

sinfo_line() { SLURM_CONF=$dir/etc/slurm.conf sinfo -h -N -o '%N %T cpus=%c mem=%m'; }

stop() {
    local name pid deadline
    for name in slurmd slurmctld munged; do
        [[ -f $dir/run/$name.pid ]] || continue
        pid=$(cat "$dir/run/$name.pid")
        kill "$pid" 2>/dev/null || continue
        deadline=$((SECONDS + 15))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    done
    # Job steps outlive slurmd when it is stopped mid-job; they are ours only
    # if their slurmstepd was started with this cluster's config.
    for pid in $(pgrep -x slurmstepd 2>/dev/null || true); do
        if tr '\0' ' ' <"/proc/$pid/environ" 2>/dev/null | grep -q "SLURM_CONF=$dir/" ||
            grep -qs "$dir" "/proc/$pid/cmdline"; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$dir"
}

status() {
    if pid_alive "$dir/run/slurmctld.pid" && pid_alive "$dir/run/slurmd.pid"; then
        echo "running in $dir: $(sinfo_line)"
    else
        echo "not running"
        return 1
    fi
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
env) echo "export SLURM_CONF=$dir/etc/slurm.conf" ;;
*)
    echo "usage: $0 start|stop|status|env" >&2
    exit 64
    ;;
esac
