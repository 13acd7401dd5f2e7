#!/usr/bin/env bash
# Runs a real httpd with the module built here, for the integration tests and the demo.
#   httpd.sh start DIR PORT LDAP_PORT MODULE_SO [MPM]   write DIR/httpd.conf, start, wait until it answers
#   httpd.sh stop DIR                                   stop it and wait for the process to end
# MPM is event (default), worker or prefork. EXTRA_CONF (env) is appended to the configuration.
# USERPHOTO_HTTPD_PRELOAD (env): a library to LD_PRELOAD into httpd, the ASan runtime when the module
# was built with --enable-sanitizers (a stock httpd does not load it first by itself); sanitizer
# reports then go to DIR/sanitizer/ (leak checks off: httpd exits without freeing its pools).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: httpd.sh start|stop DIR ...}
dir=${2:?DIR}
httpd_bin=${HTTPD_BIN:-$(command -v apache2 || command -v httpd || echo /usr/sbin/apache2)}
moddir=${HTTPD_MODULEDIR:-$(apxs -q LIBEXECDIR 2>/dev/null || echo /usr/lib/apache2/modules)}

wait_for_port() {  # port, seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

case "$cmd" in
start)
    port=${3:?PORT}; ldap_port=${4:?LDAP_PORT}; module=${5:?MODULE_SO}; mpm=${6:-event}
    mkdir -p "$dir/run" "$dir/htdocs"
    [ -f "$dir/bind-password" ] || printf 'secret\n' > "$dir/bind-password"
    user_group=""
    if [ "$(id -u)" = 0 ]; then
        # httpd refuses to run children as root; the files they need are world-readable.
        user_group=$'User www-data\nGroup www-data'
        chmod 755 "$dir"
        chown -R www-data "$dir/run"
    fi
    extra=${EXTRA_CONF:-}
    DIR="$dir" PORT="$port" LDAP_PORT="$ldap_port" MODULE="$module" MPM="$mpm" MODDIR="$moddir" \
    USER_GROUP="$user_group" EXTRA="$extra" \
        perl -pe 's/@(DIR|PORT|LDAP_PORT|MODULE|MPM|MODDIR|USER_GROUP|EXTRA)@/$ENV{$1}/g' \
        "$here/httpd.conf.in" > "$dir/httpd.conf"
    launcher=()
    if [ -n "${USERPHOTO_HTTPD_PRELOAD:-}" ]; then
        mkdir -p "$dir/sanitizer"
        chmod 777 "$dir/sanitizer"  # children may run as www-data
        launcher=(env "LD_PRELOAD=$USERPHOTO_HTTPD_PRELOAD"
            "ASAN_OPTIONS=detect_leaks=0:log_path=$dir/sanitizer/asan"
            "UBSAN_OPTIONS=print_stacktrace=1:log_path=$dir/sanitizer/ubsan")
    fi
    "${launcher[@]}" "$httpd_bin" -t -f "$dir/httpd.conf" >"$dir/configtest.log" 2>&1 || { cat "$dir/configtest.log" >&2; exit 1; }
    "${launcher[@]}" "$httpd_bin" -f "$dir/httpd.conf" -k start
    if ! wait_for_port "$port" 15; then
        echo "httpd did not start on port $port; error log:" >&2
        tail -20 "$dir/error.log" >&2 || true
        exit 1
    fi
    # The parent writes its pid file just after it listens: callers signal it right away.
    for ((i = 0; i < 50; i++)); do [ -s "$dir/httpd.pid" ] && break; sleep 0.1; done
    ;;
stop)
    [ -f "$dir/httpd.pid" ] || exit 0
    pid=$(cat "$dir/httpd.pid")
    kill -TERM "$pid" 2>/dev/null || exit 0
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    ;;
*)
    echo "usage: httpd.sh start DIR PORT LDAP_PORT MODULE_SO [MPM] | stop DIR" >&2
    exit 2
    ;;
esac
