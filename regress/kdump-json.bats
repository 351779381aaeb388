#!/usr/bin/env bats
# kdump --json: one JSON object a record, a line each; every line parses
# (python3 -m json.tool), carries every header field, the decoded payload
# and the raw bytes, and says what the text says.

load tools/common

setup_file() { common_setup_file; }
setup() { common_setup; }

WRITE=1 GETPID=39

# json [KDUMP ARGS]: kdump --json of t.out into t.json, each line parsed
# as a JSON text of its own (one python3 for all: a start costs more
# than the parse).
json() {
	"$KDUMP" --json "$@" -f t.out > t.json
	python3 -c '
import json, sys
for line in open("t.json"):
    try:
        json.loads(line)
    except ValueError:
        sys.exit("not JSON: " + line.rstrip("\n"))
'
}

# py EXPR...: python3 with the objects of t.json in "recs"; each
# statement must hold (assert) or print.
py() {
	python3 -c '
import json, sys
recs = [json.loads(l) for l in open("t.json")]
exec(sys.argv[1])
' "$1"
}

@test "one object a line, every line parses, even for odd bytes" {
	gen "call code=$WRITE args=1,2,3" \
	    'namei path=/a"b\\c\n\x01\xff\x7f' \
	    "gio fd=1 hex=$(python3 -c 'print(bytes(range(256)).hex())')" \
	    'user data=\0\x1f"' "rec type=20 hex=00ff" \
	    'args list=a"b,c\\d' "stru name=x\x01y data=z"
	json
	[ "$(wc -l < t.json)" -eq 7 ]
}

@test "every header field, v1 and v0" {
	gen 'call pid=42 tid=4242 comm=sh"x code=39 sec=1700000000 nsec=123456789 cpu=3' \
	    "call v0 pid=5 comm=old code=$GETPID sec=9 nsec=5000" \
	    "call code=$GETPID drop"
	json
	py '
r = recs[0]
assert r["type"] == "CALL" and r["type_num"] == 1, r
assert r["offset"] == 0 and r["version"] == 1 and r["dropped"] is False
assert r["pid"] == 42 and r["tid"] == 4242 and r["comm"] == "sh\"x"
assert r["cpu"] == 3 and r["time"] == {"sec": 1700000000, "nsec": 123456789}
assert r["len"] == 8 and r["raw"] == "2700000000000000"
r = recs[1]
assert r["version"] == 0 and r["cpu"] is None and r["offset"] == 72
assert r["time"] == {"sec": 9, "nsec": 5000}
assert recs[2] == {"type": "DROPPED", "offset": 136, "pid": 100, "tid": 100, "comm": "cmd"}
assert recs[3]["dropped"] is True and recs[3]["type"] == "CALL"
'
}

@test "CALL and RET: names, numbers, ABI, raw arguments, errno" {
	gen "call code=$WRITE args=1,0xffffffffffffffff,3,7,7,7" \
	    "ret code=$WRITE retval=3" "ret code=2 error=2" \
	    "ret code=0 error=512" "call tid=7 code=15" \
	    "ret tid=7 code=-1 error=-2" "call code=999 args=5" \
	    "ret code=$WRITE retval=-1" \
	    "ctor flags=0x103" "call code=4 args=1,2,3"
	json
	py '
c = recs[0]["decoded"]
assert c == {"syscall": "write", "number": 1, "abi": "x86_64",
    "recorded_args": 6, "args": [1, 2**64 - 1, 3]}, c
assert recs[1]["decoded"] == {"syscall": "write", "number": 1,
    "abi": "x86_64", "justreturn": False, "retval": 3, "error": 0,
    "errno": None, "strerror": None}
r = recs[2]["decoded"]
assert r["error"] == 2 and r["errno"] == "ENOENT" and r["retval"] == 0
assert r["strerror"] == "No such file or directory"
assert recs[3]["decoded"]["errno"] == "ERESTARTSYS"
r = recs[5]["decoded"]
assert r["justreturn"] is True and r["syscall"] == "rt_sigreturn", r
c = recs[6]["decoded"]
assert c["syscall"] is None and c["number"] == 999 and c["args"] == [5]
assert recs[7]["decoded"]["retval"] == -1
assert recs[8]["type"] == "PROCCTOR"
assert recs[8]["decoded"] == {"sv_flags": 0x103, "abi": "i386"}
c = recs[9]["decoded"]
assert c["syscall"] == "write" and c["abi"] == "i386" and c["args"] == [1, 2, 3]
'
}

@test "NAMI, SCTL, ARGS, ENVS, USER: every byte back with latin-1" {
	gen 'namei path=/a"b\\c\n\x01\xff' "rec type=9 data=kern.ostype" \
	    'args list=ls,-l,\xe9t\xe9' "envs list=A=1" "rec type=16 data=a\0b" \
	    "user hex=00ff41"
	json
	py '
assert recs[0]["type"] == "NAMI"
assert recs[0]["decoded"]["path"].encode("latin-1") == b"/a\"b\\c\n\x01\xff"
assert recs[1]["type"] == "SCTL" and recs[1]["decoded"] == {"name": "kern.ostype"}
assert [a.encode("latin-1") for a in recs[2]["decoded"]["list"]] == [b"ls", b"-l", b"\xe9t\xe9"]
assert recs[3]["type"] == "ENVS" and recs[3]["decoded"]["list"] == ["A=1"]
assert recs[4]["decoded"]["list"] == ["a", "b"]
assert recs[5]["decoded"] == {"length": 3, "data": "\u0000\u00ffA"}
'
	# Escapes are JSON's: \" \\ \n \r \t and \u00XX, nothing else.
	grep -q '"path":"/a\\"b\\\\c\\n\\u0001\\u00ff"' t.json
}

@test "GIO: fd, direction, length, the data; -s and -m" {
	gen "gio fd=3 rw=read hex=$(python3 -c 'print(bytes(range(256)).hex())')" \
	    "gio fd=1 data=hello"
	json
	py '
g = recs[0]["decoded"]
assert g["fd"] == 3 and g["direction"] == "read" and g["length"] == 256
assert g["data"].encode("latin-1") == bytes(range(256))
assert recs[0]["raw"] == "0300000000000000" + bytes(range(256)).hex()
assert recs[1]["decoded"] == {"fd": 1, "direction": "write", "length": 5, "data": "hello"}
'
	json -s
	py '
assert recs[1]["decoded"] == {"fd": 1, "direction": "write", "length": 5}
assert recs[1]["raw"] == "0100000001000000"
'
	json -m 2
	py '
assert recs[1]["decoded"] == {"fd": 1, "direction": "write", "length": 5, "data": "he", "truncated": True}
assert recs[1]["raw"] == "01000000010000006865"
'
}

@test "PSIG, CSW, LOST" {
	gen "psig sig=11 action=0x401136 code=1 mask=0x4000,0x1" \
	    "psig sig=2 action=ign code=0x80" "psig sig=99 code=5" \
	    "csw out=1 user=1 wmesg=preempt" "csw old" "lost count=0x10000000000"
	json
	py '
assert recs[0]["decoded"] == {"signo": 11, "signal": "SIGSEGV",
    "action": "caught", "handler": 0x401136, "mask": 0x100004000,
    "code": 1, "code_name": "SEGV_MAPERR"}, recs[0]
assert recs[1]["decoded"]["action"] == "SIG_IGN"
assert recs[1]["decoded"]["code_name"] == "SI_KERNEL"
assert recs[2]["decoded"]["signal"] is None
assert recs[3]["decoded"] == {"event": "stop", "mode": "user", "wmesg": "preempt"}
assert recs[4]["decoded"] == {"event": "resume", "mode": "kernel", "wmesg": None}
assert recs[5]["type"] == "LOST" and recs[5]["decoded"] == {"count": 2**40}
'
}

@test "STRU: sockaddr of each family, stat, unknown and invalid" {
	gen "sockaddr family=inet addr=127.0.0.1 port=80" \
	    "sockaddr family=inet6 addr=fe80::1 port=22 scope=2" \
	    "sockaddr family=unix path=/tmp/sock" 'sockaddr family=unix path=@n\0x' \
	    "sockaddr family=16 hex=0000e803000001000000" \
	    "sockaddr family=inet addr=1.2.3.4 salen=8" "sockaddr family=99" \
	    "stat dev=2049 ino=1234 nlink=1 mode=100644 uid=1 gid=2 size=42 blksize=4096 blocks=8 atime=1700000000.5" \
	    "stru name=itimerval hex=00" "stru name=stat hex=00" "stru name=a-b data=x"
	json
	py '
d = [r["decoded"] for r in recs]
assert d[0] == {"struct": "sockaddr", "valid": True, "family": 2,
    "family_name": "AF_INET", "addr": "127.0.0.1", "port": 80}, d[0]
assert d[1]["addr"] == "fe80::1" and d[1]["port"] == 22 and d[1]["scope_id"] == 2
assert d[2]["path"] == "/tmp/sock" and d[2]["abstract"] is False
assert d[3]["path"] == "n\u0000x" and d[3]["abstract"] is True
assert d[4]["family_name"] == "AF_NETLINK" and d[4]["nl_pid"] == 1000 and d[4]["nl_groups"] == 1
assert d[5]["addr"] is None
assert d[6]["family"] == 99 and d[6]["family_name"] is None
s = d[7]
assert s["struct"] == "stat" and s["valid"] is True
assert (s["dev"], s["ino"], s["mode"], s["nlink"], s["uid"], s["gid"]) == (2049, 1234, 0o100644, 1, 1, 2)
assert (s["size"], s["blksize"], s["blocks"]) == (42, 4096, 8)
assert s["atime"] == {"sec": 1700000000, "nsec": 5} and s["mtime"] == {"sec": 0, "nsec": 0}
assert d[8] == {"struct": "itimerval", "valid": True, "known": False}
assert d[9] == {"struct": "stat", "valid": False}
assert d[10] == {"struct": "a-b", "valid": False}
'
}

@test "unknown types and PROCDTOR: the header and the raw bytes" {
	gen "rec type=13 hex=0102" "dtor" "rec type=0"
	json
	py '
assert recs[0]["type"] == "UNKNOWN" and recs[0]["type_num"] == 13
assert recs[0]["decoded"] == {} and recs[0]["raw"] == "0102"
assert recs[1]["type"] == "PROCDTOR" and recs[1]["decoded"] == {}
assert recs[2]["type_num"] == 0
'
}

@test "-p and -t choose as for the text; -t leaves out PROCCTOR" {
	gen "ctor pid=5 flags=0x203" "call pid=5 code=$GETPID" \
	    "call pid=6 code=$GETPID" "namei pid=5 path=/x"
	json -p 5
	py 'assert [r["type"] for r in recs] == ["PROCCTOR", "CALL", "NAMI"]'
	json -t n
	py 'assert [r["type"] for r in recs] == ["NAMI"]'
}

@test "real traces: the same records and facts as the text" {
	for f in real-sh.out real-cat.out; do
		cp "$TOP/regress/fuzz/corpus/$f" t.out
		json
		"$KDUMP" -H -n -f t.out > t.txt
		agree
	done
}

# agree: t.json says what t.txt (kdump -H -n) says.
agree() {
	python3 - <<-'EOF'
	import json
	recs = [json.loads(l) for l in open("t.json")]
	recs = [r for r in recs if r["type"] not in ("PROCCTOR", "PROCDTOR")]
	# The first line of each record: the pid in 6 columns.
	heads = [l for l in open("t.txt") if l[:6].strip().isdigit() and l[6] == " "]
	assert len(recs) == len(heads), (len(recs), len(heads))
	for r, l in zip(recs, heads):
	    w = l.split()
	    assert int(w[0]) == r["pid"] and int(w[1]) == r["tid"], (r, l)
	    assert w[2] == r["comm"], (r, l)
	    if r["type"] == "DROPPED":
	        assert "Events dropped." in l
	        continue
	    assert w[3] == r["type"], (r, l)
	    d = r["decoded"]
	    body = l.split(r["type"], 1)[1].strip()
	    if r["type"] == "CALL":
	        name = d["syscall"] or "[%d]" % d["number"]
	        args = ",".join(hex(a) if a else "0" for a in d["args"])
	        assert body == name + ("(%s)" % args if args else ""), (body, d)
	    elif r["type"] == "RET":
	        name = d["syscall"] or "[%d]" % d["number"]
	        if d["justreturn"]:
	            assert body == name + " JUSTRETURN", (body, d)
	        elif d["error"] == 0:
	            v = d["retval"] & (2**64 - 1)
	            assert body == "%s %s" % (name, "%#x" % v if v else "0"), (body, d)
	        else:
	            assert body.startswith("%s -1 errno %d" % (name, d["error"])) or \
	                body == "%s %s" % (name, d["errno"]), (body, d)
	    elif r["type"] == "NAMI":
	        assert body == '"%s"' % d["path"], (body, d)
	    elif r["type"] == "GIO":
	        verb = "read" if d["direction"] == "read" else "wrote"
	        assert body.startswith("fd %d %s %d byte" % (d["fd"], verb, d["length"]))
	    elif r["type"] == "CSW":
	        assert body.startswith("%s %s" % (d["event"], d["mode"]))
	    elif r["type"] == "ARGS":
	        assert body == ", ".join('"%s"' % a for a in d["list"])
	    elif r["type"] == "STRU" and d["struct"] == "stat":
	        assert "ino=%d," % d["ino"] in body and "size=%d," % d["size"] in body
	print(len(recs), "records agree")
	EOF
}

@test "--json -l follows; corrupt input: the good records, then exit 1" {
	gen "call code=$GETPID" "call code=$GETPID len=-1"
	run --separate-stderr -1 "$KDUMP" --json -f t.out
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == '{"type":"CALL",'* ]]
	[ "$stderr" = "kdump: t.out: record at offset 72: bogus length 0xffffffff" ]
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	head -c 100 t.out > grow.out
	timeout 10 "$KDUMP" --json -l -f grow.out > follow.json 3>&- &
	pid=$!
	for _ in $(seq 50); do [ -s follow.json ] && break; sleep 0.1; done
	tail -c +101 t.out >> grow.out
	for _ in $(seq 50); do
		[ "$(wc -l < follow.json)" -eq 2 ] && break
		sleep 0.1
	done
	kill "$pid"
	wait "$pid" || true
	[[ "$(sed -n 2p follow.json)" == '{"type":"RET",'* ]]
}
