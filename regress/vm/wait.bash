# Shared by the guest suites (load wait): bounded waits for a trace file.
# shellcheck shell=bash

# wait_for_bytes FILE [BYTES [TRIES]]: wait, TRIES times 50 ms (200: 10 s),
# until FILE, which may not exist yet, holds at least BYTES bytes (64: a
# record's header).
wait_for_bytes() {
	local i size
	for ((i = 0; i < ${3:-200}; i++)); do
		size=$(stat -c %s "$1" 2>/dev/null || echo 0)
		[ "$size" -ge "${2:-64}" ] && return 0
		sleep 0.05
	done
	echo "$1 did not reach ${2:-64} bytes" >&2
	return 1
}
