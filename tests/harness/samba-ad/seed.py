# Seeds a freshly provisioned Samba AD database (offline, through sam.ldb) with the test people.
#   seed.py SMB_CONF PHOTODIR
# Every person's password is "Pw-<sAMAccountName>-1".
import sys

import ldb
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

smb_conf, photos = sys.argv[1], sys.argv[2]
lp = LoadParm()
lp.load(smb_conf)
db = SamDB(url=lp.private_path("sam.ldb"), session_info=system_session(), lp=lp)
domain = "ad.userphoto.test"


def photo(name):
    with open(f"{photos}/{name}", "rb") as f:
        return f.read()


def person(sam, given, surname, mail, aliases=(), thumbnail=None):
    db.newuser(sam, f"Pw-{sam}-1", givenname=given, surname=surname, mailaddress=mail)
    dn = db.search(base=db.domain_dn(), expression=f"(sAMAccountName={sam})", attrs=[])[0].dn
    m = ldb.Message(dn)
    if aliases:
        m["proxyAddresses"] = ldb.MessageElement(list(aliases), ldb.FLAG_MOD_REPLACE, "proxyAddresses")
    if thumbnail is not None:
        m["thumbnailPhoto"] = ldb.MessageElement([thumbnail], ldb.FLAG_MOD_REPLACE, "thumbnailPhoto")
    if len(m) > 0:
        db.modify(m)


# Anna: primary address plus two aliases, one of them in another domain and mixed case.
person("asmith", "Anna", "Smith", f"anna.smith@{domain}",
       [f"SMTP:anna.smith@{domain}", f"smtp:a.smith@{domain}", "smtp:Anna.Smith@Corp.Example"],
       photo("square96.jpg"))
person("bjones", "Ben", "Jones", f"ben.jones@{domain}",
       [f"SMTP:ben.jones@{domain}", f"smtp:team@{domain}"], photo("portrait.jpg"))
# Dana shares the alias team@ with Ben: a lookup of it must stay ambiguous.
person("dwhite", "Dana", "White", f"dana.white@{domain}",
       [f"SMTP:dana.white@{domain}", f"smtp:team@{domain}"], photo("landscape.jpg"))
person("cnophoto", "Carl", "Nophoto", f"carl.nophoto@{domain}", [f"SMTP:carl.nophoto@{domain}"])
# The account the module binds as (simple binds and the GSSAPI keytab).
person("photo-svc", "Photo", "Service", f"photo-svc@{domain}")
