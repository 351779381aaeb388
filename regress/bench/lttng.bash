# LTTng for the benchmark's scripts (run-guest, exact, spare-lttng),
# sourced: its kernel modules and session daemon brought up and taken
# down, and the session that records what ktrace -t c records.  The
# caller sets TOP (the project) and LTTNG_HOME (where the lttng client
# keeps its .lttngrc).

# lttng_daemon_up MODS PIDFILE: LTTng's modules loaded from MODS, in
# dependency order (regress/bench/lttng-mods: lttng-sessiond takes the
# modules already loaded for its own), then lttng-sessiond started, its
# pid in PIDFILE.  On failure: why, in lttng_err; what was loaded stays
# until lttng_daemon_down.
lttng_daemon_up() {
	local mods=$1 pidfile=$2 m
	mkdir -p "$LTTNG_HOME"
	# shellcheck disable=SC2013 # one name a line
	for m in $(grep -v '^#' "$TOP/regress/bench/lttng-mods"); do
		if ! lttng_err=$(insmod "$mods/$m.ko" 2>&1); then
			lttng_err="insmod $m failed: $lttng_err"
			return 1
		fi
	done
	rm -f "$pidfile"
	if ! lttng_err=$(lttng-sessiond -d --kmod-probes=sched,statedump \
	    --pidfile="$pidfile" 2>&1); then
		lttng_err="lttng-sessiond failed: ${lttng_err%%$'\n'*}"
		return 1
	fi
}

# lttng_daemon_down PIDFILE: lttng-sessiond (and its consumer) stopped,
# LTTng's modules unloaded.  Fails, with the modules left in lttng_err,
# when some would not go.
lttng_daemon_down() {
	local pidfile=$1 pid i m
	pid=$(cat "$pidfile" 2>/dev/null)
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 150; i++)); do
			kill -0 "$pid" 2>/dev/null ||
				pgrep -x lttng-consumerd >/dev/null || break
			sleep 0.2
		done
	fi
	rm -f "$pidfile"
	# Dependents first: each pass unloads those nothing uses any more.
	for ((i = 0; i < 6; i++)); do
		for m in $(lsmod | awk '$1 ~ /^lttng_/ { print $1 }'); do
			rmmod "$m" 2>/dev/null
		done
	done
	lttng_err=$(lsmod | awk '$1 ~ /^lttng_/ { print $1 }' | tr '\n' ' ')
	[ -z "$lttng_err" ]
}

# lttng_syscall_session NAME DIR TRACKED: session NAME, recording into
# DIR what ktrace -t c records, of the processes TRACKED names (lttng
# track's --gid=GID or --pid=PID): every syscall's entry and exit, with
# pid, tid and procname, in 4 x 1 MiB a CPU, discarding when full.  Not
# started.  The lttng commands' output goes to the caller's stdout and
# stderr.
lttng_syscall_session() {
	lttng create "$1" --output="$2" &&
	lttng enable-channel -k c0 --subbuf-size=1M --num-subbuf=4 --discard &&
	lttng enable-event -k -c c0 --syscall --all &&
	lttng add-context -k -c c0 -t pid -t tid -t procname &&
	lttng track -k "$3"
}
