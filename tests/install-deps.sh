#!/usr/bin/env bash
# Installs the Debian packages mod_userphoto needs to build, test and run its demo.
set -euo pipefail
packages=(
    build-essential autoconf automake libtool pkg-config
    apache2 apache2-dev                  # httpd, apxs, APR
    libldap-dev slapd ldap-utils         # OpenLDAP client library; slapd + tools for tests and demo
    libkrb5-dev libsasl2-modules-gssapi-mit  # GSSAPI binds with a keytab
    samba samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind python3-samba krb5-user  # Active Directory tests: a Samba AD DC
    libturbojpeg0-dev libexif-dev        # JPEG codec with DCT scaling; EXIF orientation
    libxml2-dev                          # SOAP parsing
    nlohmann-json3-dev libssl-dev        # onOffice: JSON; HMAC-SHA256 / MD5 (libcrypto)
    libcppunit-dev libcurl4-openssl-dev  # unit and integration tests
    curl perl
    # Salesforce Connect photos: JSON, PNG/GIF uploads, HMAC-signed links; Bearer tokens in tests
    nlohmann-json3-dev libpng-dev libgif-dev libssl-dev libapache2-mod-auth-openidc openssl
    libwebp-dev libavif-dev              # WebP and AVIF renditions (UserPhotoFormats)
    memcached                            # shared cache tier test (two httpd instances, mod_socache_memcache)
    valgrind                             # unit tests under memcheck (USERPHOTO_CHECKS=valgrind)
    clang libclang-rt-14-dev             # make fuzz: clang++ with libFuzzer, ASan and UBSan runtimes
    nodejs                               # Graph test: Microsoft's JavaScript client (npm, into the build dir)
    libgravatar-url-perl                 # avatar tests: Gravatar::URL / Libravatar::URL build the URLs
    chromium                             # status page and people gallery loaded in headless Chromium
    debhelper dh-apache2 dpkg-dev fakeroot lintian   # the Debian package (tests/package/run.sh)
)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# slapd's post-install configuration must not prompt.
echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# NodeSource's nodejs has npm built in (and conflicts with Debian's npm package); Debian's does not.
command -v npm >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
