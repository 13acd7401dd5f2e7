#!/usr/bin/env bash
# The Debian package, end to end on this machine's own Apache (not the test instances):
# builds libapache2-mod-userphoto with dpkg-buildpackage, runs lintian, installs it, enables it with
# a2enmod, starts the system Apache with a site pointed at a private test slapd, fetches a photo over
# EWS REST, stops Apache, purges the package and checks that nothing of it is left. The system
# Apache is left as it was found (stopped or running). Needs root (or sudo without a password).
# Ends with the line "N passed, M failed".
#   tests/package/run.sh            work directory USERPHOTO_PACKAGE_DIR (default /tmp/userphoto-package)
set -uo pipefail
[ "$(id -u)" = 0 ] || exec sudo -n -E "$0" "$@"
src=$(cd "$(dirname "$0")/../.." && pwd)
harness="$src/tests/harness"
work=${USERPHOTO_PACKAGE_DIR:-/tmp/userphoto-package}
pkg=libapache2-mod-userphoto
site_conf=/etc/apache2/conf-available/userphoto-package-test.conf
ports_conf=/etc/apache2/ports.conf
export DEBIAN_FRONTEND=noninteractive

passed=0
failed=0
check() {  # description, command... → counts one test
    if "${@:2}"; then
        echo "ok   $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1"
        failed=$((failed + 1))
    fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

port_busy() { bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
free_port() {  # first port from $1 on that nobody listens on
    local p
    for ((p = $1; p < $1 + 200; p++)); do port_busy "$p" || { echo "$p"; return 0; }; done
    return 1
}
# envvars reads variables it may not find set: source it without set -u.
apache_pid_file=$(set +u; . /etc/apache2/envvars 2>/dev/null; echo "${APACHE_PID_FILE:-}")
apache_pid_file=${apache_pid_file:-/var/run/apache2/apache2.pid}
apache_running() { [ -s "$apache_pid_file" ] && kill -0 "$(cat "$apache_pid_file")" 2>/dev/null; }
wait_until() {  # seconds, command... → 0 once the command succeeds
    local tries=$(($1 * 10))
    shift
    while ! "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.1
    done
}
apache_stopped() { ! apache_running; }
stop_apache() { apache_running || return 0; apache2ctl stop >/dev/null 2>&1; wait_until 20 apache_stopped; }

# ---- what has to be put back, whatever happens ----------------------------------------------
apache_was_running=no
apache_running && apache_was_running=yes
we_installed=no
ports_saved=no
cleanup() {
    stop_apache
    if [ -e "$site_conf" ]; then a2disconf -q userphoto-package-test >/dev/null 2>&1; rm -f "$site_conf"; fi
    [ "$we_installed" = yes ] && dpkg --purge "$pkg" >/dev/null 2>&1
    [ "$ports_saved" = yes ] && cp -p "$work/ports.conf.orig" "$ports_conf"
    [ "$apache_was_running" = yes ] && ! apache_running && apache2ctl start >/dev/null 2>&1
    "$harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1
}
trap cleanup EXIT

if dpkg -s "$pkg" >/dev/null 2>&1; then
    echo "$pkg is installed on this machine already: not touching it"
    failed=1
    finish
fi

# ---- build --------------------------------------------------------------------------------------
rm -rf "$work"
mkdir -p "$work/src"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$src" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -C "$work/src" -xf -
else
    tar -C "$src" --exclude='./build*' -cf - . | tar -C "$work/src" -xf -
fi
[ -d /usr/lib/ccache ] && export PATH=/usr/lib/ccache:$PATH CCACHE_BASEDIR=$work CCACHE_NOHASHDIR=1
start=$SECONDS
(cd "$work/src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=$(nproc) noautodbgsym}" \
    dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1
build_rc=$?
echo "package build: $((SECONDS - start)) s (log: $work/build.log)"
deb=$(ls "$work"/${pkg}_*.deb 2>/dev/null | head -n 1)
check "dpkg-buildpackage -us -uc -b builds $pkg" [ "$build_rc" -eq 0 -a -n "$deb" ]
[ -n "$deb" ] || { tail -n 30 "$work/build.log"; finish; }
case " ${DEB_BUILD_OPTIONS:-} " in
*" nocheck "*) echo "package build: unit tests skipped (DEB_BUILD_OPTIONS nocheck)" ;;
*) check "the build ran the unit tests, all passed" grep -Eq '^[0-9]+ passed, 0 failed$' "$work/build.log" ;;
esac

lintian --allow-root -I --pedantic "$work"/${pkg}_*.changes >"$work/lintian.log" 2>&1
echo "lintian (-I --pedantic): $(wc -l <"$work/lintian.log") tags"
sed 's/^/  /' "$work/lintian.log"
check "lintian: no errors, no warnings" bash -c "! grep -Eq '^[EW]: ' '$work/lintian.log'"

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/contents"
contains() { grep -qx "$1" "$work/contents"; }
check "the module is in Apache's module directory" contains /usr/lib/apache2/modules/mod_userphoto.so
check "no libtool .la in the package" bash -c "! grep -q '\.la$' '$work/contents'"
check "mods-available/userphoto.load and .conf" \
    bash -c "grep -qx /etc/apache2/mods-available/userphoto.load '$work/contents' && grep -qx /etc/apache2/mods-available/userphoto.conf '$work/contents'"
check "README and the reference configuration in /usr/share/doc" \
    bash -c "grep -q '^/usr/share/doc/$pkg/README.md' '$work/contents' && grep -q '^/usr/share/doc/$pkg/examples/userphoto.conf' '$work/contents'"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
check "Depends: apache2-api-*, libldap, libturbojpeg" \
    bash -c "grep -q 'apache2-api-[0-9]' <<<'$depends' && grep -q libldap <<<'$depends' && grep -q libturbojpeg <<<'$depends'"

# ---- a test directory: the harness's slapd, seeded with the test people -----------------------
make -C "$work/src/debian/build" tests/tools/make_test_photos >"$work/photos-build.log" 2>&1 &&
    mkdir -p "$work/photos" &&
    "$work/src/debian/build/tests/tools/make_test_photos" "$work/photos" >/dev/null &&
    "$harness/people.sh" "$work/photos" >"$work/people.ldif"
ldap_port=$(free_port 20389)
check "test slapd on 127.0.0.1:$ldap_port" \
    "$harness/slapd/slapd.sh" start "$work/slapd" "$ldap_port" "$work/people.ldif"

# ---- install and enable on the system Apache ----------------------------------------------------
stop_apache
dpkg -i "$deb" >"$work/install.log" 2>&1 && we_installed=yes
check "dpkg -i installs the package" [ "$we_installed" = yes ]
check "installation leaves the module disabled" bash -c "! a2query -q -m userphoto"
# Safe by default: the shipped mods-available conf activates nothing but its <IfModule> frame.
check "mods-available/userphoto.conf sets no directive" bash -c \
    "! grep -Ev '^[[:space:]]*(#|$)' /etc/apache2/mods-available/userphoto.conf | grep -Ev '^[[:space:]]*</?IfModule'"
a2enmod -q userphoto >/dev/null
check "a2enmod userphoto enables it" a2query -q -m userphoto

port=$(free_port 28080)
cat >"$site_conf" <<EOF
# Written by $src/tests/package/run.sh for one test run; it removes this file at the end.
<IfModule userphoto_module>
Listen 127.0.0.1:$port
<VirtualHost 127.0.0.1:$port>
    ErrorLog $work/apache-error.log
    UserPhotoLDAPURL "ldap://127.0.0.1:$ldap_port/ou=people,dc=example,dc=test?mail?sub?(objectClass=inetOrgPerson)"
    <Location "/ews/Exchange.asmx">
        SetHandler userphoto-ews
        <IfDirective UserPhotoEWSAllowAnonymous>
            UserPhotoEWSAllowAnonymous on
        </IfDirective>
        Require all granted
    </Location>
    <Location "/avatar">
        SetHandler userphoto-avatar
        Require all granted
    </Location>
</VirtualHost>
</IfModule>
EOF
a2enconf -q userphoto-package-test >/dev/null
# Apache's own Listen 80 must not stop the test when something else holds port 80.
if port_busy 80; then
    cp -p "$ports_conf" "$work/ports.conf.orig" && ports_saved=yes
    sed -i 's/^\([[:space:]]*Listen\)/#\1/' "$ports_conf"
    echo "port 80 is busy: Apache's ports.conf Listen lines are commented out during the test"
fi
apache2ctl configtest >"$work/configtest.log" 2>&1
check "apache2ctl configtest" grep -q 'Syntax OK' "$work/configtest.log"
apache2ctl start >"$work/start.log" 2>&1
# The port answers as soon as Apache has bound it; the pid file follows a moment later.
apache_up() { apache_running && port_busy "$port"; }
check "the system Apache starts ($apache_pid_file), 127.0.0.1:$port answers" wait_until 20 apache_up

url="http://127.0.0.1:$port/ews/Exchange.asmx/s/GetUserPhoto?email=alice@example.test&size=HR96x96"
status=$(curl -sS --max-time 20 -D "$work/photo.headers" -o "$work/photo.jpg" -w '%{http_code}' "$url")
echo "GET $url → $status, $(stat -c %s "$work/photo.jpg" 2>/dev/null) bytes"
check "EWS REST GetUserPhoto answers 200 image/jpeg" \
    bash -c "[ '$status' = 200 ] && grep -qi '^content-type: image/jpeg' '$work/photo.headers'"
check "the body is a JPEG (SOI ... EOI)" bash -c \
    "[ \"\$(head -c 3 '$work/photo.jpg' | od -An -tx1 | tr -d ' ')\" = ffd8ff ] &&
     [ \"\$(tail -c 2 '$work/photo.jpg' | od -An -tx1 | tr -d ' ')\" = ffd9 ]"
[ "$status" = 200 ] || tail -n 20 "$work/apache-error.log" /var/log/apache2/error.log 2>/dev/null

# Libravatar: the hash index is built in the background after start-up (a few seconds at most here).
avatar_url="http://127.0.0.1:$port/avatar/$(printf %s alice@example.test | md5sum | cut -c1-32)?s=80&d=404"
avatar_ok() {
    [ "$(curl -sS --max-time 5 -o "$work/avatar.jpg" -w '%{http_code} %{content_type}' "$avatar_url")" = "200 image/jpeg" ]
}
check "Libravatar avatar/{md5 of alice's address} answers 200 image/jpeg" wait_until 20 avatar_ok

# ---- stop, purge, nothing left --------------------------------------------------------------------
dpkg -L "$pkg" >"$work/files" 2>/dev/null
installed_files() { while read -r f; do [ -d "$f" ] || echo "$f"; done <"$work/files"; }
check "dpkg -L lists the module, the .load and the .conf, and every listed file exists" bash -c \
    "grep -qx /usr/lib/apache2/modules/mod_userphoto.so '$work/files' &&
     grep -qx /etc/apache2/mods-available/userphoto.load '$work/files' &&
     grep -qx /etc/apache2/mods-available/userphoto.conf '$work/files' &&
     while read -r f; do [ -e \"\$f\" ] || exit 1; done <'$work/files'"
stop_apache
# Apache removes its pid file before its last process has closed the listening socket.
apache_down() { apache_stopped && ! port_busy "$port"; }
check "the system Apache stops, 127.0.0.1:$port is closed" wait_until 10 apache_down
a2disconf -q userphoto-package-test >/dev/null 2>&1
rm -f "$site_conf"
dpkg --purge "$pkg" >"$work/purge.log" 2>&1
purge_rc=$?
dpkg -s "$pkg" >/dev/null 2>&1 || we_installed=no
check "dpkg --purge $pkg" [ "$purge_rc" -eq 0 -a "$we_installed" = no ]
left=$(installed_files | while read -r f; do [ -e "$f" ] && echo "$f"; done)
check "no file of the package is left" [ -z "$left" ]
[ -z "$left" ] || echo "left: $left"
check "a2query: userphoto not enabled" bash -c "! a2query -q -m userphoto"
check "no mods-available, mods-enabled or a2enmod state of userphoto left" bash -c \
    "! ls /etc/apache2/mods-available/userphoto.* /etc/apache2/mods-enabled/userphoto.* \
          /var/lib/apache2/module/*/userphoto >/dev/null 2>&1"

# ---- the machine as it was ------------------------------------------------------------------------
if [ "$ports_saved" = yes ]; then cp -p "$work/ports.conf.orig" "$ports_conf" && ports_saved=no; fi
if [ "$apache_was_running" = yes ]; then
    apache_running || apache2ctl start >/dev/null 2>&1
    check "the system Apache runs again, as it did before" wait_until 20 apache_running
else
    stop_apache  # a maintainer script may have restarted it
    check "the system Apache is stopped, as it was before" wait_until 10 apache_down
fi
finish
