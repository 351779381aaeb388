#!/usr/bin/env bats
# kdump's network views on trace files written byte by byte: --net (the
# bytes and calls of each process's sockets) and --connections, with the
# edge cases of telling sockets from other descriptors (one closed and
# reused for a file, dup'd, inherited, made by socketpair), failed
# connects, IPv6 and AF_UNIX addresses, --json, --interval, the filters,
# the live tables of -l --interval, and the option errors.

load tools/common

setup_file() { common_setup_file; }
setup() {
	common_setup
	export TZ=UTC
}

teardown() {
	[ -z "${bg:-}" ] || { kill "$bg" 2>/dev/null; wait "$bg" || true; }
}

EPOCH=1700000000	# 22:13:20 UTC
declare -gA NR=([read]=0 [write]=1 [close]=3 [pipe]=22 [dup]=32 [dup2]=33
    [sendfile]=40 [socket]=41 [connect]=42 [accept]=43 [sendto]=44
    [recvfrom]=45 [sendmsg]=46 [recvmsg]=47 [bind]=49 [listen]=50
    [getsockname]=51 [socketpair]=53 [setsockopt]=54 [clone]=56 [fork]=57
    [execve]=59 [fcntl]=72 [exit_group]=231 [openat]=257 [splice]=275
    [accept4]=288 [dup3]=292 [recvmmsg]=299 [sendmmsg]=307 [clone3]=435
    [close_range]=436)

# nettrace [FILE]: a trace (t.out) of the calls on standard input, a line
# each:  PID[/TID] SEC NAME ARGS|- = RESULT [SOCKADDR SETTINGS]
# Line n's CALL is at SEC (after EPOCH) and n ms, then the STRU of the
# sockaddr (ktrgen's settings) if any, then the RET 250 us after the
# CALL; RESULT -N is errno N, ? no RET.  "! RECORD" is a ktrgen record.
nettrace() {
	local line who t name args eq res sa pid tid h code n=0
	while IFS= read -r line; do
		[[ -n $line && $line != '#'* ]] || continue
		if [[ $line == '!'* ]]; then
			echo "${line#!}"
			continue
		fi
		read -r who t name args eq res sa <<<"$line"
		pid=${who%/*} tid=${who#*/} code=${NR[$name]}
		[ "$args" != - ] || args=
		n=$((n + 1))
		h="pid=$pid tid=$tid comm=app$pid sec=$((EPOCH + t))"
		echo "call $h nsec=$((n * 1000000)) code=$code args=$args"
		[ -z "$sa" ] || echo "sockaddr $h nsec=$((n * 1000000 + 1000)) $sa"
		case $res in
		'?') ;;
		-*) echo "ret $h nsec=$((n * 1000000 + 250000)) code=$code error=${res#-}" ;;
		*) echo "ret $h nsec=$((n * 1000000 + 250000)) code=$code retval=$res" ;;
		esac
	done | "$KTRGEN" -o "${1:-t.out}"
}

# row PID [FAMILY]: the --net row of a process in $output, spaces squeezed.
row() {
	awk -v p="$1" -v f="${2:-}" '$1 == p && (f == "" || $3 == f)' \
	    <<<"$output" | tr -s ' '
}

HEADER="    PID COMMAND          FAMILY         SENDS      RECVS    SENT_KB    RECV_KB"

@test "--net: bytes and calls of each process's sockets, busiest first; a descriptor reused for a file stops counting" {
	nettrace <<-'EOF'
	100 1 socket 2,1,0 = 3
	100 1 connect 3,0x1000,16 = 0 family=inet addr=127.0.0.1 port=80
	100 1 write 3,0x2000,1000 = 1000
	100 1 read 3,0x2000,4096 = 2048
	100 1 close 3 = 0
	100 1 openat -100,0x3000,0 = 3
	100 1 write 3,0x2000,500 = 500
	100 1 read 3,0x2000,100 = 100
	200 1 socket 2,2,0 = 5
	200 1 sendto 5,0x2000,4096,0,0x4000,16 = 4096 family=inet addr=10.0.0.1 port=53
	200 1 recvfrom 5,0x2000,4096,0,0x4000,0x5000 = 3000 family=inet addr=10.0.0.1 port=53
	200 1 recvfrom 5,0x2000,4096,0,0x4000,0x5000 = -11
	# Its close was not recorded: the open that returned 4 tells.
	300 1 socket 2,1,0 = 4
	300 1 openat -100,0x3000,0 = 4
	300 1 write 4,0x2000,10 = 10
	# pipe() returns 3 in memory: its close tells.
	400 1 socket 2,1,0 = 3
	400 1 close 3 = 0
	400 1 pipe 0x1000 = 0
	400 1 write 3,0x2000,10 = 10
	EOF
	run -0 "$KDUMP" --net -f t.out
	echo "$output"
	[ "$output" = "$HEADER
    200 app200           AF_INET            1          1       4.00       2.93
    100 app100           AF_INET            1          1       0.98       2.00
records lost: 0" ]
}

@test "--net: dup, dup2, dup3 and fcntl(F_DUPFD) copies count; close-on-exec, dup2 over and close_range end them" {
	nettrace <<-'EOF'
	100 1 socket 1,1,0 = 3
	100 1 dup 3 = 4
	100 1 dup2 3,7 = 7
	100 1 dup3 3,8,0x80000 = 8
	100 1 fcntl 3,0,10 = 10
	100 1 fcntl 3,1030,20 = 20
	100 1 close 3 = 0
	100 1 write 3,0x1000,1 = 1
	100 1 write 4,0x1000,10 = 10
	100 1 write 7,0x1000,20 = 20
	100 1 write 8,0x1000,40 = 40
	100 1 write 10,0x1000,80 = 80
	100 1 write 20,0x1000,160 = 160
	# A file over 4; FD_CLOEXEC on 7; exec closes 7, 8, 20, 30 and 31.
	100 1 openat -100,0x3000,0 = 5
	100 1 dup2 5,4 = 4
	100 1 write 4,0x1000,1000 = 1000
	100 1 fcntl 7,2,1 = 0
	100 1 socket 1,0x80001,0 = 30
	100 1 accept4 30,0,0,0x80000 = 31
	100 1 execve 0x1000,0x2000,0x3000 = 0
	100 1 write 30,0x1000,1 = 1
	100 1 write 31,0x1000,1 = 1
	100 1 write 7,0x1000,1 = 1
	100 1 write 8,0x1000,1 = 1
	100 1 write 20,0x1000,1 = 1
	100 1 write 10,0x1000,320 = 320
	100 1 close_range 9,4294967295,0 = 0
	100 1 write 10,0x1000,1 = 1
	EOF
	run -0 "$KDUMP" --net --json -f t.out
	echo "$output"
	[ "$output" = '{"type":"net","pid":100,"comm":"app100","family":1,"family_name":"AF_UNIX","sends":6,"recvs":0,"sent_bytes":630,"received_bytes":0}
{"type":"lost","count":0}' ]
	run -0 "$KDUMP" --net -f t.out
	[ "$(row 100)" = " 100 app100 AF_UNIX 6 0 0.62 0.00" ]
}

@test "--net: a new process starts with its parent's sockets; a thread's calls are its process's" {
	nettrace <<-'EOF'
	100 1 socket 2,1,0 = 3
	100 1 fork - = 101
	101 1 write 3,0x1000,100 = 100
	100 1 close 3 = 0
	100 1 write 3,0x1000,5 = 5
	101 1 write 3,0x1000,100 = 100
	100 1 socket 2,1,0 = 4
	# A thread (CLONE_THREAD), and one clone3() made: not processes.
	100 1 clone 0x3d0f00,0,0,0,0 = 102
	100/102 1 write 4,0x1000,7 = 7
	100 1 clone3 0x1000,88 = 103
	100/103 1 write 4,0x1000,9 = 9
	# A process 103 later: none of 100's sockets.
	103 1 write 4,0x1000,11 = 11
	# Nor a process 104 after a thread 104 that made no call.
	100 1 clone 0x3d0f00,0,0,0,0 = 104
	104 1 write 4,0x1000,15 = 15
	# exit_group: 101's sockets are gone, and a later 101 has none.
	101 1 exit_group 0 = ?
	101 2 write 3,0x1000,13 = 13
	EOF
	run -0 "$KDUMP" --net -f t.out
	echo "$output"
	[ "$(row 101)" = " 101 app101 AF_INET 2 0 0.20 0.00" ]
	[ "$(row 100)" = " 100 app100 AF_INET 2 0 0.02 0.00" ]
	[ -z "$(row 103)" ] && [ -z "$(row 104)" ]
	[ "$(wc -l <<<"$output")" = 4 ]
}

@test "--connections: failed connects with their errno, a connect in progress, one never returned" {
	nettrace <<-'EOF'
	100 1 socket 2,1,0 = 3
	100 1 connect 3,0x1000,16 = -111 family=inet addr=127.0.0.1 port=9
	100 1 close 3 = 0
	100 1 socket 2,0x801,0 = 4
	100 1 connect 4,0x1000,16 = -115 family=inet addr=192.0.2.1 port=443
	# In progress is connected: no line for an address given then.
	100 1 sendto 4,0x2000,10,0,0x1000,16 = 10 family=inet addr=192.0.2.1 port=443
	# Not a socket: its connect fails, and proves nothing.
	100 1 connect 9,0x1000,16 = -88 family=inet addr=127.0.0.1 port=1
	100 1 write 9,0x2000,10 = 10
	100 2 connect 4,0x1000,16 = ? family=inet addr=192.0.2.1 port=443
	EOF
	run -0 "$KDUMP" --connections -f t.out
	echo "$output"
	[ "$output" = "TIME                PID COMMAND          CALL           FD FAMILY    PEER                    LOCAL                   RESULT       DURATION
22:13:21.002000     100 app100           connect         3 AF_INET   127.0.0.1:9             -                       ECONNREFUSED 0.000250
22:13:21.005000     100 app100           connect         4 AF_INET   192.0.2.1:443           -                       EINPROGRESS  0.000250
22:13:21.007000     100 app100           connect         9 AF_INET   127.0.0.1:1             -                       ENOTSOCK     0.000250
22:13:22.009000     100 app100           connect         4 AF_INET   192.0.2.1:443           -                       ??           -" ]
	run -0 "$KDUMP" --net -f t.out
	[ "$(row 100)" = " 100 app100 AF_INET 1 0 0.01 0.00" ]
	[ "$(wc -l <<<"$output")" = 3 ]
}

@test "--connections: IPv6, accept's peer and the listening socket's address; --net by family" {
	nettrace <<-'EOF'
	100 1 socket 10,1,0 = 3
	100 1 setsockopt 3,1,2,0x1000,4 = 0
	100 1 bind 3,0x1000,28 = 0 family=inet6 addr=:: port=8080
	100 1 listen 3,128 = 0
	100 2 accept4 3,0x1000,0x2000,0x80000 = 4 family=inet6 addr=::1 port=50000
	100 2 recvfrom 4,0x3000,65536,0,0,0 = 65536
	100 2 sendto 4,0x3000,1024,0,0,0 = 1024
	100 2 close 4 = 0
	100 3 accept 3,0,0 = 4
	100 3 read 4,0x3000,100 = 100
	100 3 socket 2,1,0 = 5
	100 3 connect 5,0x1000,16 = 0 family=inet addr=10.1.1.1 port=25
	100 3 write 5,0x3000,30000 = 30000
	100 4 getsockname 5,0x1000,0x2000 = 0 family=inet6 addr=fe80::1 port=8080 scope=2
	100 4 socket 10,2,0 = 6
	100 4 sendto 6,0x3000,8,0,0x1000,28 = 8 family=inet6 addr=fe80::1 port=547 scope=2
	EOF
	run -0 "$KDUMP" --connections -f t.out
	echo "$output"
	[ "$(sed -n 2p <<<"$output" | tr -s ' ')" = "22:13:22.005000 100 app100 accept4 3 AF_INET6 [::1]:50000 [::]:8080 4 0.000250" ]
	[ "$(sed -n 3p <<<"$output" | tr -s ' ')" = "22:13:23.009000 100 app100 accept 3 AF_INET6 - [::]:8080 4 0.000250" ]
	[ "$(sed -n 4p <<<"$output" | tr -s ' ')" = "22:13:23.012000 100 app100 connect 5 AF_INET 10.1.1.1:25 - 0 0.000250" ]
	[ "$(sed -n 5p <<<"$output" | tr -s ' ')" = "22:13:24.016000 100 app100 sendto 6 AF_INET6 [fe80::1%2]:547 - 8 0.000250" ]
	[ "$(wc -l <<<"$output")" = 5 ]
	run -0 "$KDUMP" --net -f t.out
	echo "$output"
	[ "$(sed -n 2p <<<"$output" | tr -s ' ')" = " 100 app100 AF_INET6 2 2 1.01 64.10" ]
	[ "$(sed -n 3p <<<"$output" | tr -s ' ')" = " 100 app100 AF_INET 1 0 29.30 0.00" ]
}

@test "AF_UNIX: paths, abstract and unnamed addresses; socketpair's descriptors once a socket call shows them" {
	nettrace <<-'EOF'
	100 1 socket 1,1,0 = 3
	100 1 connect 3,0x1000,110 = 0 family=unix path=/run/app.sock
	100 1 write 3,0x2000,100 = 100
	100 1 socket 1,2,0 = 4
	100 1 connect 4,0x1000,20 = 0 family=unix path=@log\snames
	100 1 socketpair 1,1,0,0x5000 = 0
	100 1 write 5,0x2000,7 = 7
	100 1 sendmsg 5,0x6000,0 = 8
	100 1 write 5,0x2000,16 = 16
	100 1 recvmsg 6,0x6000,0 = 32
	# The pair's two are known: a third is a socket of no known family.
	100 1 recvmsg 7,0x6000,0 = 1
	100 2 socket 1,1,0 = 8
	100 2 bind 8,0x1000,12 = 0 family=unix path=/tmp/srv
	100 2 accept 8,0x1000,0x2000 = 9 family=unix path= salen=2
	# Connected: no line.
	100 2 recvfrom 9,0x1000,10,0,0x2000,0x3000 = 5 family=unix path= salen=2
	EOF
	run -0 "$KDUMP" --connections -f t.out
	echo "$output"
	[ "$(sed -n 2p <<<"$output" | tr -s ' ')" = "22:13:21.002000 100 app100 connect 3 AF_UNIX /run/app.sock - 0 0.000250" ]
	[ "$(sed -n 3p <<<"$output" | tr -s ' ')" = '22:13:21.005000 100 app100 connect 4 AF_UNIX @log\snames - 0 0.000250' ]
	[ "$(sed -n 4p <<<"$output" | tr -s ' ')" = "22:13:22.014000 100 app100 accept 8 AF_UNIX unnamed /tmp/srv 9 0.000250" ]
	[ "$(wc -l <<<"$output")" = 4 ]
	run -0 "$KDUMP" --net -f t.out
	echo "$output"
	[ "$(row 100 AF_UNIX)" = " 100 app100 AF_UNIX 3 2 0.12 0.04" ]
	[ "$(row 100 '?')" = " 100 app100 ? 0 1 0.00 0.00" ]
}

@test "--connections: datagrams with an address on sockets not connected, not once connected" {
	nettrace <<-'EOF'
	100 1 socket 2,2,0 = 3
	100 1 sendto 3,0x1,64,0,0x2,16 = 64 family=inet addr=10.0.0.2 port=53
	100 1 recvfrom 3,0x1,512,0,0x2,0x3 = 128 family=inet addr=10.0.0.2 port=53
	100 1 connect 3,0x2,16 = 0 family=inet addr=10.0.0.3 port=123
	100 1 sendto 3,0x1,48,0,0,0 = 48
	100 1 recvfrom 3,0x1,512,0,0x2,0x3 = 48 family=inet addr=10.0.0.3 port=123
	100 1 sendmsg 3,0x4,0 = 48
	EOF
	run -0 "$KDUMP" --connections -f t.out
	echo "$output"
	[ "$(awk 'NR > 1 { print $4, $7, $9 }' <<<"$output")" = "sendto 10.0.0.2:53 64
recvfrom 10.0.0.2:53 128
connect 10.0.0.3:123 0" ]
	run -0 "$KDUMP" --net -f t.out
	[ "$(row 100)" = " 100 app100 AF_INET 3 2 0.16 0.17" ]
}

@test "sendfile, splice, sendmmsg and recvmmsg: calls, and the bytes the results say" {
	nettrace <<-'EOF'
	100 1 socket 2,1,0 = 3
	100 1 openat -100,0x3000,0 = 4
	100 1 sendfile 3,4,0,8192 = 8192
	100 1 splice 5,0,3,0,1024,0 = 1024
	100 1 splice 3,0,6,0,2048,0 = 2048
	100 1 sendmmsg 3,0x1000,4,0 = 4
	100 1 recvmmsg 3,0x1000,4,0,0 = 2
	100 1 sendfile 4,3,0,100 = 100
	EOF
	run -0 "$KDUMP" --net --json -f t.out
	echo "$output"
	[ "$(head -n 1 <<<"$output")" = '{"type":"net","pid":100,"comm":"app100","family":2,"family_name":"AF_INET","sends":3,"recvs":2,"sent_bytes":9216,"received_bytes":2048}' ]
}

@test "--json: the rows of --net and a line a connection, every member" {
	nettrace <<-'EOF'
	100 1 socket 2,1,0 = 3
	100 1 bind 3,0x1000,16 = 0 family=inet addr=127.0.0.1 port=4000
	100 1 connect 3,0x1000,16 = 0 family=inet addr=127.0.0.1 port=80
	100 1 write 3,0x2000,10 = 10
	100 1 socket 1,1,0 = 4
	100 1 connect 4,0x1000,14 = -2 family=unix path=@x
	!call pid=100 tid=101 comm=app100 code=43 args=7,0x1000,0x2000 sec=1700000002
	!lost pid=100 count=3 sec=1700000002
	!sockaddr pid=100 tid=101 comm=app100 family=inet6 addr=::1 port=9 sec=1700000002
	!ret pid=100 tid=101 comm=app100 code=43 retval=8 sec=1700000002 nsec=5000
	EOF
	run -0 "$KDUMP" --connections --json -f t.out
	echo "$output"
	[ "$output" = '{"type":"connection","pid":100,"tid":100,"comm":"app100","syscall":"connect","fd":3,"family":2,"family_name":"AF_INET","peer":{"family":2,"family_name":"AF_INET","addr":"127.0.0.1","port":80},"local":{"family":2,"family_name":"AF_INET","addr":"127.0.0.1","port":4000},"start":{"sec":1700000001,"nsec":3000000},"end":{"sec":1700000001,"nsec":3250000},"duration_ns":250000,"retval":0,"errno":0,"error":null}
{"type":"connection","pid":100,"tid":100,"comm":"app100","syscall":"connect","fd":4,"family":1,"family_name":"AF_UNIX","peer":{"family":1,"family_name":"AF_UNIX","abstract":true,"path":"x"},"local":null,"start":{"sec":1700000001,"nsec":6000000},"end":{"sec":1700000001,"nsec":6250000},"duration_ns":250000,"retval":-1,"errno":2,"error":"ENOENT"}
{"type":"connection","pid":100,"tid":101,"comm":"app100","syscall":"accept","fd":7,"family":10,"family_name":"AF_INET6","peer":{"family":10,"family_name":"AF_INET6","addr":"::1","port":9,"scope_id":0},"local":null,"start":{"sec":1700000002,"nsec":0},"end":{"sec":1700000002,"nsec":5000},"duration_ns":5000,"retval":8,"errno":0,"error":null}' ]
	run -0 "$KDUMP" --net --json -f t.out
	echo "$output"
	[ "$output" = '{"type":"net","pid":100,"comm":"app100","family":2,"family_name":"AF_INET","sends":1,"recvs":0,"sent_bytes":10,"received_bytes":0}
{"type":"lost","count":3}' ]
}

@test "--net --interval: a table for each interval of trace time with traffic, by the time calls end, then the totals" {
	nettrace <<-'EOF'
	100 1 socket 2,1,0 = 3
	100 1 write 3,0x1000,1024 = 1024
	200 1 socket 2,1,0 = 3
	200 1 read 3,0x1000,2048 = 2048
	100 3 write 3,0x1000,512 = 512
	# Entered in second 3, returned in second 4: second 4's.
	!call pid=100 tid=100 comm=app100 code=0 args=3,0x1000,4096 sec=1700000003 nsec=900000000
	!ret pid=100 tid=100 comm=app100 code=0 retval=4096 sec=1700000004 nsec=100
	EOF
	run -0 "$KDUMP" --net --interval 1 -f t.out
	echo "$output"
	[ "$output" = "interval 22:13:21.000000 to 22:13:22.000000
$HEADER
    200 app200           AF_INET            0          1       0.00       2.00
    100 app100           AF_INET            1          0       1.00       0.00

interval 22:13:23.000000 to 22:13:24.000000
$HEADER
    100 app100           AF_INET            1          0       0.50       0.00

interval 22:13:24.000000 to 22:13:25.000000
$HEADER
    100 app100           AF_INET            0          1       0.00       4.00

totals
$HEADER
    100 app100           AF_INET            2          1       1.50       4.00
    200 app200           AF_INET            0          1       0.00       2.00
records lost: 0" ]
	# Intervals of several seconds, from multiples of them; JSON.
	run -0 "$KDUMP" --net --interval 3 --json -f t.out
	echo "$output"
	[ "$(grep -c '"type":"interval"' <<<"$output")" = 2 ]
	[ "$(head -n 1 <<<"$output")" = '{"type":"interval","start":{"sec":1700000001,"nsec":0},"end":{"sec":1700000004,"nsec":0}}' ]
	[ "$(grep -A1 '"type":"totals"' <<<"$output" | tail -n 1)" = '{"type":"net","pid":100,"comm":"app100","family":2,"family_name":"AF_INET","sends":2,"recvs":1,"sent_bytes":1536,"received_bytes":4096}' ]
}

@test "filters: -p, --syscall, --after, --before, --errors; sockets are known from every call" {
	nettrace <<-'EOF'
	100 1 socket 2,1,0 = 3
	100 1 connect 3,0x1000,16 = 0 family=inet addr=10.0.0.1 port=80
	100 2 write 3,0x1000,100 = 100
	100 3 read 3,0x1000,200 = 200
	200 1 socket 2,1,0 = 3
	200 1 connect 3,0x1000,16 = -111 family=inet addr=10.0.0.1 port=81
	200 2 write 3,0x1000,1 = -32
	EOF
	run -0 "$KDUMP" --net -p 100 -f t.out
	[ "$(row 100)" = " 100 app100 AF_INET 1 1 0.10 0.20" ]
	[ -z "$(row 200)" ]
	run -0 "$KDUMP" --net --syscall write -f t.out
	[ "$(row 100)" = " 100 app100 AF_INET 1 0 0.10 0.00" ]
	run -0 "$KDUMP" --net --after 22:13:22 --before 22:13:23 -f t.out
	[ "$(row 100)" = " 100 app100 AF_INET 1 0 0.10 0.00" ]
	run -0 "$KDUMP" --connections --errors -f t.out
	echo "$output"
	[ "$(awk 'NR > 1 { print $2, $4, $9 }' <<<"$output")" = "200 connect ECONNREFUSED" ]
	run -0 "$KDUMP" --connections --syscall NETWORK -p 100 -f t.out
	[ "$(awk 'NR > 1 { print $2, $4, $9 }' <<<"$output")" = "100 connect 0" ]
}

# part N: the records of part N of a trace read live, process 100's
# write of N KiB each second from EPOCH + 10 N.
part() {
	local i
	for ((i = 0; i < 3; i++)); do
		echo "call pid=100 comm=app code=1 args=3,0x1000,$(($1 * 1024)) sec=$((EPOCH + 10 * $1 + i))"
		echo "ret pid=100 comm=app code=1 retval=$(($1 * 1024)) sec=$((EPOCH + 10 * $1 + i)) nsec=500"
	done
}

# sum COLUMN KEY COLUMN FILE: the sum of a column in the rows of the
# tables of intervals in FILE (before the totals) whose KEY column is KEY.
sum() {
	awk -v k="$1" -v key="$2" -v c="$3" '/^totals$/ { exit }
	    $k == key { n += $c } END { print n + 0 }' "$4"
}

# until_sum N COLUMN KEY COLUMN FILE: until sum says N (10 s at most).
until_sum() {
	local i want=$1
	shift
	for ((i = 0; i < 200; i++)); do
		[ "$(sum "$@")" = "$want" ] && return 0
		sleep 0.05
	done
	echo "$4: never $want in column $3 of the rows of $2:" >&2
	cat "$4" >&2
	return 1
}

@test "-l --interval: a --net table each second while the file grows, the totals on SIGINT" {
	{ echo "call pid=100 comm=app code=41 args=2,1,0"
	  echo "ret pid=100 comm=app code=41 retval=3"; part 1; } |
	    "$KTRGEN" -o t.out
	part 2 | "$KTRGEN" -o more.out
	timeout -s INT 20 "$KDUMP" -l --interval 1 --net -f t.out \
	    >live.txt 2>err.txt &
	bg=$!
	until_sum 3 1 100 4 live.txt
	cat more.out >>t.out
	until_sum 6 1 100 4 live.txt
	kill -INT "$bg"
	st=0
	wait "$bg" || st=$?
	bg=
	cat live.txt err.txt
	[ "$st" = 0 ]
	[ ! -s err.txt ]
	# Each table is of its second, their sum the totals, which come last.
	[ "$(sum 1 100 6 live.txt)" = 9 ]
	[ "$(tail -n 4 live.txt | head -n 1)" = totals ]
	[ "$(tail -n 2 live.txt | head -n 1 | tr -s ' ')" = " 100 app AF_INET 6 0 9.00 0.00" ]
	[ "$(tail -n 1 live.txt)" = "records lost: 0" ]
	[ "$(grep -c '^interval [0-9:.]* to [0-9:.]*$' live.txt)" -ge 3 ]
}

@test "-l --interval: a pipe's end is the trace's; one cut in a record says so, exit 1" {
	{ echo "call pid=100 comm=app code=41 args=2,1,0"
	  echo "ret pid=100 comm=app code=41 retval=3"; part 1; } |
	    "$KTRGEN" -o t.out
	run -0 --separate-stderr timeout 20 "$KDUMP" -l --interval 1 --net \
	    --json -f - < <(cat t.out)
	echo "$output"
	row='{"type":"net","pid":100,"comm":"app","family":2,"family_name":"AF_INET","sends":3,"recvs":0,"sent_bytes":3072,"received_bytes":0}'
	[[ $(head -n 1 <<<"$output") == '{"type":"interval","start":{"sec":'* ]]
	[ "$(sed -n '/"type":"totals"/,$p' <<<"$output")" = '{"type":"totals"}'"
$row"'
{"type":"lost","count":0}' ]
	run -1 --separate-stderr timeout 20 "$KDUMP" -l --interval 1 --net \
	    -f - < <(head -c -3 t.out)
	[ "$stderr" = "kdump: the trace ends inside a record" ]
	grep -qx totals <<<"$output"
}

@test "-l --interval --stats: a table of each interval's calls, then the whole trace's" {
	part 1 | "$KTRGEN" -o one.out
	{ echo "call pid=100 comm=app code=39"
	  echo "ret pid=100 comm=app code=39 retval=100"; } | "$KTRGEN" -o two.out
	mkfifo pipe
	timeout 20 "$KDUMP" -l --interval 1 --stats -f - <pipe >live.txt 2>&1 &
	bg=$!
	# Not 3: bats's.
	exec 7>pipe
	cat one.out >&7
	until_sum 3 2 write 3 live.txt
	cat two.out >&7
	exec 7>&-
	st=0
	wait "$bg" || st=$?
	bg=
	cat live.txt
	[ "$st" = 0 ]
	# Tables of intervals, not of the trace so far: getpid's is later.
	[ "$(sum 2 write 3 live.txt)" = 3 ]
	[ "$(sum 2 getpid 3 live.txt)" = 1 ]
	[ "$(grep -c '^interval ' live.txt)" -ge 2 ]
	[ "$(sed -n '/^totals$/,$p' live.txt | awk '$2 == "write" || $2 == "getpid" { print $2, $3 }')" = "write 3
getpid 1" ]
}

@test "option errors: --interval and -l with the views, views that exclude each other" {
	nettrace <<<"100 1 socket 2,1,0 = 3"
	run -1 --separate-stderr "$KDUMP" --interval 1 -f t.out
	[ "$stderr" = "kdump: --interval is an option of --net, and of --stats with -l" ]
	run -1 --separate-stderr "$KDUMP" --stats --interval 1 -f t.out
	[ "$stderr" = "kdump: --interval is an option of --net, and of --stats with -l" ]
	run -1 --separate-stderr "$KDUMP" --connections --interval 1 -f t.out
	[ "$stderr" = "kdump: --interval is an option of --net, and of --stats with -l" ]
	run -1 --separate-stderr timeout 10 "$KDUMP" -l --net -f t.out
	[ "$stderr" = "kdump: -l: --net needs --interval, or the end of the trace" ]
	run -1 --separate-stderr "$KDUMP" --net --interval 0 -f t.out
	[ "$stderr" = "kdump: --interval 0 is too small" ]
	run -1 --separate-stderr "$KDUMP" --net --interval x -f t.out
	[ "$stderr" = "kdump: --interval x is invalid" ]
	run -1 --separate-stderr "$KDUMP" --net --connections -f t.out
	[ "$stderr" = "kdump: --net and --connections exclude each other" ]
	run -1 --separate-stderr "$KDUMP" --connections --stats -f t.out
	[ "$stderr" = "kdump: --connections and --stats exclude each other" ]
	run -1 --separate-stderr "$KDUMP" --net --sort count -f t.out
	[ "$stderr" = "kdump: --sort and --by-pid are options of --stats" ]
}
