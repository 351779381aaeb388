#!/usr/bin/env bats
# Guest suite: kdump's network views of real traces of
# regress/progs/netload, whose TCP connections and UDP datagrams on
# 127.0.0.1 have known counts: --net, --connections, and the live tables
# of -l --interval while it runs, its pace set here through a FIFO.

load common

setup_file() {
	export TZ=UTC
	load_module
	# The sockets are on 127.0.0.1; the guest's loopback starts down.
	ip link set lo up
	export N=$(mktemp -d /tmp/net.XXXXXX)
	# One round on ports 7000 to 7011, traced once for the first tests.
	ktrace -i -f "$N/one.out" "$PROGS/netload" 7000 1 >"$N/one.txt"
}

teardown_file() {
	rm -rf "$N"
}

teardown() {
	kill_bg
}

# pid server|client FILE: the pid netload printed.
pid() {
	awk -v who="$1" '$1 == who { print $2 }' "$2"
}

# A round's counts, each way: 5 calls; the client sends 2 TCP writes of
# 1000 and 2000 bytes and 3 datagrams of 64, the server answers 2 x 500
# and 3 x 32.  json ROUNDS PID COMM: the --net --json row of a process.
json() {
	local big=$((3192 * $1)) small=$((1096 * $1)) sent received
	if [ "$3" = netclient ]; then
		sent=$big received=$small
	else
		sent=$small received=$big
	fi
	echo "{\"type\":\"net\",\"pid\":$2,\"comm\":\"$3\",\"family\":2,\"family_name\":\"AF_INET\",\"sends\":$((5 * $1)),\"recvs\":$((5 * $1)),\"sent_bytes\":$sent,\"received_bytes\":$received}"
}

@test "--net: each process's calls and bytes on its sockets, exactly" {
	local server client
	server=$(pid server "$N/one.txt") client=$(pid client "$N/one.txt")
	run -0 kdump --net --json -f "$N/one.out"
	echo "$output"
	# Busiest first: the same bytes each, the client's pid is larger.
	[ "$output" = "$(json 1 "$server" netserver)
$(json 1 "$client" netclient)
{\"type\":\"lost\",\"count\":0}" ]
	run -0 kdump --net -f "$N/one.out"
	echo "$output"
	[ "$(awk -v p="$client" '$1 == p' <<<"$output" | tr -s ' ')" = " $client netclient AF_INET 5 5 3.12 1.07" ]
	[ "$(awk -v p="$server" '$1 == p' <<<"$output" | tr -s ' ')" = " $server netserver AF_INET 5 5 1.07 3.12" ]
}

@test "--connections: every connection and datagram, with its ports and result" {
	local s c want
	s=$(pid server "$N/one.txt") c=$(pid client "$N/one.txt")
	run -0 kdump --connections -f "$N/one.out"
	echo "$output"
	# pid call peer local result, in no particular order.
	want="$c connect 127.0.0.1:7000 127.0.0.1:7010 0
$c connect 127.0.0.1:7000 127.0.0.1:7011 0
$c connect 127.0.0.1:7002 - ECONNREFUSED
$s accept 127.0.0.1:7010 127.0.0.1:7000 FD
$s accept 127.0.0.1:7011 127.0.0.1:7000 FD"
	for i in 1 2 3; do
		want="$want
$c sendto 127.0.0.1:7001 127.0.0.1:7003 64
$s recvfrom 127.0.0.1:7003 127.0.0.1:7001 64
$s sendto 127.0.0.1:7003 127.0.0.1:7001 32
$c recvfrom 127.0.0.1:7001 127.0.0.1:7003 32"
	done
	[ "$(awk 'NR > 1 { r = $9; if ($4 == "accept") r = r ~ /^[0-9]+$/ ? "FD" : r
	    print $2, $4, $7, $8, r }' <<<"$output" | sort)" = "$(sort <<<"$want")" ]
	[ "$(awk 'NR > 1 && $6 != "AF_INET"' <<<"$output")" = "" ]
}

# sums FILE: the sums over the tables of intervals in FILE (--net --json)
# so far: "TABLES", then "PID SENDS RECVS SENT RECEIVED" of each process.
sums() {
	python3 - "$1" <<-'EOF'
	import json, sys
	tables, procs = 0, {}
	for line in open(sys.argv[1]):
	    o = json.loads(line)
	    if o["type"] == "totals":
	        break
	    if o["type"] == "interval":
	        tables += 1
	    if o["type"] == "net":
	        p = procs.setdefault(o["pid"], [0, 0, 0, 0])
	        for i, k in enumerate(("sends", "recvs", "sent_bytes",
	                               "received_bytes")):
	            p[i] += o[k]
	print(tables)
	for pid in sorted(procs):
	    print(pid, *procs[pid])
	EOF
}

# until_sums ROUNDS: until the tables of $N/live.json add up to ROUNDS
# rounds of netload (20 s at most), and at least 2 were printed.
until_sums() {
	local i want
	for ((i = 0; i < 400; i++)); do
		if [ -s "$N/live.txt" ]; then
			want="$(pid server "$N/live.txt") $((5 * $1)) $((5 * $1)) $((1096 * $1)) $((3192 * $1))
$(pid client "$N/live.txt") $((5 * $1)) $((5 * $1)) $((3192 * $1)) $((1096 * $1))"
			[ "$(sums "$N/live.json" | sed 1d)" = "$want" ] &&
			    [ "$(sums "$N/live.json" | head -n 1)" -ge 2 ] &&
			    return 0
		fi
		sleep 0.05
	done
	echo "the tables never added up to $1 rounds:" >&2
	cat "$N/live.json" >&2
	return 1
}

@test "-l --interval 1: tables while netload runs, its totals after" {
	local npid st=0
	mkfifo "$N/gate"
	: >"$N/live.out"
	kdump -l --interval 1 --net --json -f "$N/live.out" \
	    >"$N/live.json" 2>"$N/live.err" &
	bg=$!
	# -a: the file kdump follows, not a new one.
	ktrace -a -i -f "$N/live.out" "$PROGS/netload" 7100 2 "$N/gate" \
	    >"$N/live.txt" &
	npid=$!
	# The first round is in the tables; netload waits at the gate.
	until_sums 1
	tables=$(sums "$N/live.json" | head -n 1)
	echo "$tables tables before the second round"
	kill -0 "$npid"
	echo go >"$N/gate"
	wait "$npid"
	until_sums 2
	kill -INT "$bg"
	wait "$bg" || st=$?
	bg=
	cat "$N/live.json" "$N/live.err"
	[ "$st" = 0 ]
	[ ! -s "$N/live.err" ]
	[ "$tables" -ge 2 ]
	[ "$(sed -n '/"type":"totals"/,$p' "$N/live.json" | sort)" = "$(sort <<-EOF
	{"type":"totals"}
	$(json 2 "$(pid server "$N/live.txt")" netserver)
	$(json 2 "$(pid client "$N/live.txt")" netclient)
	{"type":"lost","count":0}
	EOF
	)" ]
}
