// Setters of the transport, bind and Active Directory directives (UserPhotoLDAPStartTLS,
// UserPhotoLDAPTrustedCA, UserPhotoLDAPVerifyServerCert, UserPhotoLDAPClientCert,
// UserPhotoLDAPBindMechanism, UserPhotoLDAPKeytab, UserPhotoLDAPBindPrincipal,
// UserPhotoEmailAliasAttribute); their table entries are USERPHOTO_DIRECTORY_DIRECTIVES. Files are
// checked for readability here, so `apachectl configtest` reports them; combinations are checked
// at start-up by check_directory_settings.
#pragma once
#include "glue.h"

namespace userphoto::glue {

extern "C" const char* set_ldap_start_tls(cmd_parms* cmd, void*, int on);
extern "C" const char* set_ldap_verify_server_cert(cmd_parms* cmd, void*, int on);
extern "C" const char* set_ldap_trusted_ca(cmd_parms* cmd, void*, const char* path);
extern "C" const char* set_ldap_client_cert(cmd_parms* cmd, void*, const char* cert, const char* key);
extern "C" const char* set_ldap_bind_mechanism(cmd_parms* cmd, void*, const char* name);
extern "C" const char* set_ldap_keytab(cmd_parms* cmd, void*, const char* path);
extern "C" const char* set_ldap_bind_principal(cmd_parms* cmd, void*, const char* name);
extern "C" const char* set_email_alias_attribute(cmd_parms* cmd, void*, const char* name);

// Post-config (and configtest) checks of one server's resolved directory settings: logs each
// problem with the server's name; false when the server cannot work (httpd then refuses to start).
bool check_directory_settings(server_rec* s);

}  // namespace userphoto::glue

#define USERPHOTO_DIRECTORY_DIRECTIVES                                                                           \
    AP_INIT_FLAG("UserPhotoLDAPStartTLS", userphoto::glue::set_ldap_start_tls, nullptr, RSRC_CONF,              \
                 "StartTLS on ldap:// connections before binding (off)"),                                       \
    AP_INIT_TAKE1("UserPhotoLDAPTrustedCA", userphoto::glue::set_ldap_trusted_ca, nullptr, RSRC_CONF,           \
                  "CA certificate file (PEM) or directory for the directory servers' certificates"),            \
    AP_INIT_FLAG("UserPhotoLDAPVerifyServerCert", userphoto::glue::set_ldap_verify_server_cert, nullptr,        \
                 RSRC_CONF, "check the directory server's certificate and host name (on)"),                     \
    AP_INIT_TAKE2("UserPhotoLDAPClientCert", userphoto::glue::set_ldap_client_cert, nullptr, RSRC_CONF,         \
                  "TLS client certificate and key (PEM) for client authentication and SASL EXTERNAL"),          \
    AP_INIT_TAKE1("UserPhotoLDAPBindMechanism", userphoto::glue::set_ldap_bind_mechanism, nullptr, RSRC_CONF,   \
                  "simple (DN + password), GSSAPI (Kerberos keytab) or EXTERNAL (client certificate)"),         \
    AP_INIT_TAKE1("UserPhotoLDAPKeytab", userphoto::glue::set_ldap_keytab, nullptr, RSRC_CONF,                  \
                  "keytab for GSSAPI binds"),                                                                   \
    AP_INIT_TAKE1("UserPhotoLDAPBindPrincipal", userphoto::glue::set_ldap_bind_principal, nullptr, RSRC_CONF,   \
                  "Kerberos principal for GSSAPI binds (the keytab's first)"),                                  \
    AP_INIT_TAKE1("UserPhotoEmailAliasAttribute", userphoto::glue::set_email_alias_attribute, nullptr,          \
                  RSRC_CONF, "attribute of further smtp: addresses matched by every address lookup (none)")
