#!/usr/bin/env bash
# Throw-away Postfix (SMTP) + Dovecot (IMAP, LMTP) on loopback for Samsara's email tests.
#
#   scripts/test-env/mail.sh start DIR   # install if missing, configure under DIR, start, write DIR/env
#   scripts/test-env/mail.sh stop DIR    # stop both daemons started from DIR
#
# Runs as root, needs no systemd: both daemons are started directly with their own config files under DIR,
# so the machine's /etc/postfix and /etc/dovecot are never modified. Idempotent: "start" on a running
# environment only re-checks that it answers.
#
# Mail domains: agency.test (the recruiter side: replies@, recruiter@) and candidates.test (any user) are
# delivered to Dovecot mailboxes; every address has the same static password. bounce.test rejects every
# recipient: Postfix relays it to a second smtpd that answers 550, and bounces it back as a real DSN.
set -euo pipefail

usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
command=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

log() { echo "[mail.sh] $*" >&2; }

wait_for_port() {
    local port=$1 name=$2
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    log "$name did not open port $port; see $dir/*.log"
    return 1
}

install_if_missing() {
    if command -v postfix >/dev/null && command -v dovecot >/dev/null && [[ -x /usr/lib/dovecot/lmtp ]]; then
        return
    fi
    log "installing postfix and dovecot"
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string samsara.test" | debconf-set-selections
    # A machine whose package lists are stale (or being refreshed) needs one update before the install.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix dovecot-imapd dovecot-lmtpd >/dev/null 2>&1 || {
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix dovecot-imapd dovecot-lmtpd >/dev/null
    }
}

is_running() {
    [[ -f "$dir/env" ]] || return 1
    # shellcheck disable=SC1091
    source "$dir/env"
    (exec 3<>"/dev/tcp/127.0.0.1/$SAMSARA_TEST_SMTP_PORT") 2>/dev/null &&
        (exec 3<>"/dev/tcp/127.0.0.1/$SAMSARA_TEST_IMAP_PORT") 2>/dev/null &&
        [[ -n ${SAMSARA_TEST_SMTP_AUTH_PORT:-} ]] && (exec 3<>"/dev/tcp/127.0.0.1/$SAMSARA_TEST_SMTP_AUTH_PORT") 2>/dev/null
}

write_dovecot_config() {
    local imap_port=$1 lmtp_port=$2 password=$3 auth_port=$4
    mkdir -p "$dir/dovecot/run" "$dir/dovecot/state" "$dir/mailboxes"
    chown mail:mail "$dir/mailboxes"
    cat >"$dir/dovecot/dovecot.conf" <<CONF
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/state
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Mailboxes belong to the system user "mail" (uid 8), below Dovecot's default floor of 500.
first_valid_uid = 8
mail_location = maildir:$dir/mailboxes/%d/%n
# replies+token@agency.test is delivered to replies@agency.test with its To header intact.
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no
passdb {
  driver = static
  args = password=$password
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$dir/mailboxes/%d/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp_port
  }
}
# Postfix's SASL on the submission port asks Dovecot, so SMTP logins use the same static password.
service auth {
  inet_listener auth-postfix {
    address = 127.0.0.1
    port = $auth_port
  }
}
CONF
}

write_postfix_config() {
    local smtp_port=$1 lmtp_port=$2 reject_port=$3 submission_port=$4 auth_port=$5
    local cfg="$dir/postfix"
    mkdir -p "$cfg" "$dir/postfix-queue" "$dir/postfix-data"
    chown postfix:postfix "$dir/postfix-data"
    # Debian's service table, with nothing chrooted (the chroot would lack our paths) and the
    # standard port 25 listener replaced by one on the chosen loopback port.
    sed -E -e '/^smtp +inet /d' \
        -e 's/^([a-z0-9]+ +(unix|unix-dgram|inet|fifo|pass) +[-ny] +[-ny] +)y /\1n /' \
        /usr/share/postfix/master.cf.dist >"$cfg/master.cf"
    echo "127.0.0.1:$smtp_port inet n - n - - smtpd" >>"$cfg/master.cf"
    # "The candidate's mail server" for bounce.test: refuses every recipient after accepting the connection.
    cat >>"$cfg/master.cf" <<MASTER
127.0.0.1:$reject_port inet n - n - - smtpd
  -o myhostname=mx.bounce.test
  -o smtpd_relay_restrictions=
  -o smtpd_recipient_restrictions=reject
  -o smtpd_reject_footer=
# Submission with login (no TLS, loopback only): for tests of SMTP authentication, good and bad.
127.0.0.1:$submission_port inet n - n - - smtpd
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_sasl_type=dovecot
  -o smtpd_sasl_path=inet:127.0.0.1:$auth_port
  -o smtpd_sasl_security_options=noanonymous
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
MASTER
    cat >"$cfg/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/postfix-queue
data_directory = $dir/postfix-data
myhostname = mail.samsara.test
mydomain = samsara.test
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = agency.test, candidates.test
virtual_transport = lmtp:inet:127.0.0.1:$lmtp_port
transport_maps = inline:{ bounce.test=smtp:[127.0.0.1]:$reject_port }
recipient_delimiter = +
alias_maps =
alias_database =
local_recipient_maps =
smtpd_tls_security_level = none
smtp_tls_security_level = none
smtp_dns_support_level = disabled
disable_dns_lookups = yes
delay_warning_time = 0
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
CONF
}

start() {
    install_if_missing
    if is_running; then
        log "already running (SMTP $SAMSARA_TEST_SMTP_PORT, IMAP $SAMSARA_TEST_IMAP_PORT)"
        cat "$dir/env"
        return
    fi
    stop_quietly
    local ports smtp_port imap_port lmtp_port reject_port submission_port auth_port password
    # Distinct free ports in one go, so none is handed out twice.
    ports=$(python3 -c 'import socket
socks=[socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
    read -r smtp_port imap_port lmtp_port reject_port submission_port auth_port <<<"$ports"
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)

    write_dovecot_config "$imap_port" "$lmtp_port" "$password" "$auth_port"
    # Daemons must not inherit our stdout/stderr, or a caller reading them through a pipe never sees EOF.
    dovecot -c "$dir/dovecot/dovecot.conf" </dev/null >>"$dir/dovecot.log" 2>&1
    wait_for_port "$imap_port" dovecot
    wait_for_port "$lmtp_port" "dovecot lmtp"

    write_postfix_config "$smtp_port" "$lmtp_port" "$reject_port" "$submission_port" "$auth_port"
    postfix -c "$dir/postfix" check >/dev/null 2>&1 || postfix -c "$dir/postfix" set-permissions >/dev/null 2>&1 || true
    if ! postfix -c "$dir/postfix" start </dev/null >>"$dir/postfix-start.log" 2>&1; then
        log "postfix failed to start:"; cat "$dir/postfix-start.log" >&2; exit 1
    fi
    wait_for_port "$smtp_port" postfix
    wait_for_port "$submission_port" "postfix submission"

    cat >"$dir/env" <<ENV
SAMSARA_TEST_SMTP_PORT=$smtp_port
SAMSARA_TEST_SMTP_AUTH_PORT=$submission_port
SAMSARA_TEST_IMAP_PORT=$imap_port
SAMSARA_TEST_IMAP_PASSWORD=$password
SAMSARA_TEST_MAIL_DIR=$dir
ENV
    chmod 600 "$dir/env"
    log "started: SMTP 127.0.0.1:$smtp_port (with login: $submission_port), IMAP 127.0.0.1:$imap_port, LMTP 127.0.0.1:$lmtp_port"
    cat "$dir/env"
}

stop_quietly() {
    local pids=()
    for pidfile in "$dir/postfix-queue/pid/master.pid" "$dir/dovecot/run/master.pid"; do
        [[ -f $pidfile ]] && pids+=("$(tr -d ' \n' <"$pidfile")")
    done
    if [[ -f "$dir/postfix/main.cf" ]]; then
        postfix -c "$dir/postfix" stop >/dev/null 2>&1 || true
    fi
    if [[ -f "$dir/dovecot/dovecot.conf" ]]; then
        doveadm -c "$dir/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
    fi
    # Both stop asynchronously; wait so a following start finds the ports and files free.
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
}

case $command in
    start) start ;;
    stop) stop_quietly; rm -f "$dir/env"; log "stopped" ;;
    status) if is_running; then cat "$dir/env"; else log "not running"; exit 1; fi ;;
    *) usage ;;
esac
