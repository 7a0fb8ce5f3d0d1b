# A dropped connection loses nothing: a real SSH login on loopback (a private sshd with its own
# config, host key and authorized_keys), the TUI driven to a village's checklist, one criterion
# ticked, a value half typed in its prompt; then the SSH client is killed (the remote kieumau gets
# SIGHUP from its terminal going away). The database is sound, the tick is there, the half-typed
# value is not, and the next start offers it as a draft, which D shows and deletes on request.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

# ---- what the test needs; nothing is installed here (scripts/install-deps.sh test does that)
sshd_bin=$(command -v sshd 2>/dev/null || { [ -x /usr/sbin/sshd ] && echo /usr/sbin/sshd; })
why=
if ! have_tmux; then why="tmux not installed"
elif [ -z "$sshd_bin" ]; then why="sshd not installed (openssh-server)"
elif ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
	why="ssh or ssh-keygen not installed (openssh-client)"
fi
if [ -z "$why" ] && [ ! -d /run/sshd ]; then
	# sshd's privilege separation directory (normally made by the service's start-up).
	if [ "$(id -u)" = 0 ]; then mkdir -p -m 0755 /run/sshd 2>/dev/null; fi
	[ -d /run/sshd ] || why="no /run/sshd (privilege separation directory) and not root"
fi
if [ -n "$why" ]; then
	echo "1..0 # SKIP $why"
	exit 0
fi

# ---- a private sshd on 127.0.0.1 and a free high port
me=$(id -un)
sd=$tmp/sshd
mkdir -m 0700 "$sd"
ssh-keygen -q -t ed25519 -N '' -C kieumau-test-host -f "$sd/host_key" >/dev/null 2>&1
ssh-keygen -q -t ed25519 -N '' -C kieumau-test-user -f "$sd/user_key" >/dev/null 2>&1
cp "$sd/user_key.pub" "$sd/authorized_keys"
chmod 600 "$sd/authorized_keys"

sshd_pid=
ssh_cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	cleanup
}
trap ssh_cleanup EXIT

# start_sshd PORT: starts sshd in the background; 0 once it listens, 1 if it ended (port taken).
start_sshd() {
	cat >"$sd/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $1
HostKey $sd/host_key
AuthorizedKeysFile $sd/authorized_keys
PidFile none
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $me
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
ClientAliveInterval 5
EOF
	: >"$sd/sshd.log"
	"$sshd_bin" -f "$sd/sshd_config" -D -e 2>"$sd/sshd.log" &
	sshd_pid=$!
	t_i=100
	while [ "$t_i" -gt 0 ]; do
		grep -q 'Server listening' "$sd/sshd.log" && return 0
		kill -0 "$sshd_pid" 2>/dev/null || { sshd_pid=; return 1; }
		sleep 0.05
		t_i=$((t_i - 1))
	done
	kill "$sshd_pid" 2>/dev/null
	sshd_pid=
	return 1
}
port=
for try in 1 2 3 4 5 6 7 8; do
	p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
	if start_sshd "$p"; then port=$p; break; fi
done
if [ -z "$port" ]; then
	echo "1..0 # SKIP sshd cannot start here: $(head -c 300 "$sd/sshd.log" | tr '\n' ' ')"
	exit 0
fi

SSH="ssh -F /dev/null -i $sd/user_key -p $port -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	-o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR -o ConnectTimeout=10"
# The login works at all (else: skip, saying why).
if ! out=$($SSH "$me@127.0.0.1" echo logged-in 2>&1) || [ "$out" != logged-in ]; then
	echo "1..0 # SKIP cannot log in over ssh on loopback: $(printf '%s' "$out" | tr '\n' ' ' | head -c 300)"
	exit 0
fi

plan 20
run km areas add --parent "lac xuan" "Thôn 1"
check "a village added with the CLI" "0 24934-01	Thôn 1" "$rc $out"
state() {   # state CODE: "self_state,self_value" of the village
	km status "Lạc Xuân/Thôn 1" --format csv | csv_get "$1" self_state self_value
}

# ---- over SSH, in a real terminal: the remote side's environment is passed in the command (the
# remote shell writes its pid, then becomes kieumau)
remote="echo \$\$ >'$tmp/remote.pid' && exec env HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' \
XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' TZ=UTC KIEUMAU_TODAY='$KIEUMAU_TODAY' \
'$KM' --db '$DB'"
tm_start 80x24 sh -c 'echo $$ >"$0"; exec "$@"' "$tmp/ssh.pid" $SSH -tt "$me@127.0.0.1" "$remote"
ok "over ssh: the tree appears" wait_for "▾ Đơn Dương"
keys /
type_text "lac xuan"
keys Enter
wait_for_row 0 "Đơn Dương › Lạc Xuân" >/dev/null
keys Enter
wait_for "Thôn 1" >/dev/null
keys j Enter
ok "over ssh: the village's checklist opens" wait_for_box KT01 "[-]"
keys j j j Space
ok "over ssh: Space ticks VH01" wait_for_box VH01 "[x]"
keys k k k =
type_text "182/2"
ok "over ssh: the value prompt of KT01 shows the half-typed value" wait_for "182/2"

# ---- the connection drops: the SSH client dies at once
remote_pid=$(cat "$tmp/remote.pid" 2>/dev/null)
kill -KILL "$(cat "$tmp/ssh.pid")"
ended=no
t_i=200
while [ "$t_i" -gt 0 ]; do
	if [ -n "$remote_pid" ] && ! kill -0 "$remote_pid" 2>/dev/null; then ended=yes; break; fi
	sleep 0.05
	t_i=$((t_i - 1))
done
check "the remote kieumau ends when the connection drops" yes "$ended"
if [ "$ended" = no ] && [ -n "$remote_pid" ]; then
	diag "sshd's log:" "$(cat "$sd/sshd.log")"
	kill -KILL "$remote_pid" 2>/dev/null
fi

draft=$XDG_STATE_HOME/kieumau/draft
if "$KM" --help 2>&1 | grep -q '^  check '; then
	run km check
	check "km check: the database is sound" 0 "$rc"
	[ "$rc" = 0 ] || diag "$out" "$err"
else
	check "the database's integrity check says ok" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
fi
check "the tick made before the drop is there: VH01 met" "met," "$(state VH01)"
check "the half-typed value is not: KT01 not assessed" "not_assessed," "$(state KT01)"
ok "the half-typed value is kept as a draft" test -f "$draft"
check "the draft is private (0600)" 600 "$(stat -c %a "$draft" 2>/dev/null)"
d=$(cat "$draft" 2>/dev/null)
has "the draft holds the text" "$d" "text=182/2"
has "the draft says what it was for: KT01's value prompt" "$(line_of "$d" "title=")" "title=KT01 ("
has "the draft says where: Thôn 1" "$(line_of "$d" "area=")" "Lạc Xuân › Thôn 1"
check "no temporary file is left beside the draft" "" "$(ls -A "$XDG_STATE_HOME/kieumau" | grep -v -x -e draft -e reported-errors)"

# ---- the next start offers it; D shows it; going back asks, and y deletes it
KM_OPTS="--lang en"
script_run next ":dump $tmp/n1" "D" ":dump $tmp/n2" "Esc" ":dump $tmp/n3" "y" ":dump $tmp/n4" "q"
check "the next start: exit 0, nothing on stderr" "0:" "$rc:$err"
has "the next start offers the draft on the message line" "$(row 22 "$(dump n1)")" \
	'A draft was kept from an interrupted session (D shows it): Thôn 1 · "182/2" · KT'
has "D shows the draft with its text" "$(dump n2)" "  182/2"
has "going back asks whether to delete it" "$(row 22 "$(dump n3)")" "Delete the draft? (y/n)"
check "y deletes it: said on the message line, the file is gone" "The draft is deleted:no" \
	"$(row 22 "$(dump n4)" | sed 's/ *$//'):$([ -e "$draft" ] && echo yes || echo no)"
