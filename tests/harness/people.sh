#!/usr/bin/env bash
# Writes the LDIF of the test and demo directory to stdout. PHOTODIR holds the JPEGs made by
# tests/tools/make_test_photos; photos are referenced as file URLs, which slapadd reads.
#   people.sh PHOTODIR [EXTRA_PEOPLE]
# Every person's password is "pw-<uid>".
set -euo pipefail
photos=$(cd "${1:?PHOTODIR}" && pwd)
extra=${2:-0}

cat <<LDIF
dn: dc=example,dc=test
objectClass: dcObject
objectClass: organization
dc: example
o: Example Test Corp

dn: ou=people,dc=example,dc=test
objectClass: organizationalUnit
ou: people

LDIF

n=1000
person() {  # uid "Given Family" mail [attr:file ...]
    local uid=$1 name=$2 mail=$3; shift 3
    local family=${name##* } classes="objectClass: userPhotoPerson" spec
    # slapadd wants every objectClass before the other attributes.
    for spec in "$@"; do
        case "$spec" in
        class:*) classes+=$'\n'"objectClass: ${spec#class:}" ;;  # an auxiliary object class
        upn:*) classes+=$'\nobjectClass: userPhotoGraphPerson' ;;
        esac
    done
    n=$((n + 1))
    cat <<LDIF
dn: uid=$uid,ou=people,dc=example,dc=test
objectClass: inetOrgPerson
objectClass: posixAccount
$classes
uid: $uid
cn: $name
givenName: ${name%% *}
sn: ${name##* }
mail: $mail
uidNumber: $n
gidNumber: 100
homeDirectory: /home/$uid
employeeNumber: 005$(printf '%012d' $n)
userPassword: pw-$uid
initials: ${name:0:1}${family:0:1}
userPhotoMessengerId: $((n + 5000))
LDIF
    for spec in "$@"; do
        case "$spec" in
        link:*) echo "seeAlso: uid=${spec#link:},ou=people,dc=example,dc=test" ;;  # onOffice linked entry
        upn:*) echo "userPrincipalName: ${spec#upn:}" ;;  # Microsoft Graph
        guid:*) echo "objectGUID:: ${spec#guid:}" ;;  # base64 of AD's 16 bytes
        alias:*) echo "userPhotoMailAlias: ${spec#alias:}" ;;  # avatars: needs the userPhotoAliasPerson class
        class:*) ;;
        *) echo "${spec%%:*}:< file://$photos/${spec#*:}" ;;
        esac
    done
    echo
}

# Both a 96 px thumbnail and a 648 px photo: small requests use the thumbnail, large ones the photo.
person alice "Alice Archer" alice@example.test thumbnailPhoto:square96.jpg jpegPhoto:square648.jpg
person bob "Bob Baker" bob@example.test jpegPhoto:portrait.jpg
person carol "Carol Carter" carol@example.test thumbnailPhoto:tiny.jpg
person dave "Dave Dalton" dave@example.test jpegPhoto:corrupt.jpg
person erin "Erin Evans" erin@example.test
person frank "Frank Fischer" frank@example.test jpegPhoto:bomb.jpg
person grace "Grace Green" grace@example.test jpegPhoto:rotated6.jpg
# Further addresses in the proxyAddresses style (avatar tests; only smtp: ones are addresses).
person heidi "Heidi Hall" heidi@example.test jpegPhoto:landscape.jpg class:userPhotoAliasPerson \
    alias:SMTP:Heidi.Alias@example.test alias:x500:/o=Example/cn=heidi
person ivan "Ivan Ito" ivan@example.test jpegPhoto:large1296.jpg
# Two entries with one address: a lookup must refuse to guess.
person twin1 "Twin One" twins@example.test jpegPhoto:square648.jpg
person twin2 "Twin Two" twins@example.test jpegPhoto:landscape.jpg
# No photo of her own, but a linked entry (seeAlso) with one: onOffice delivers bob's photo.
person linda "Linda Linked" linda@example.test link:bob
# alice .. linda are numbered 1001 .. 1012; the extra people follow from 1013.
for ((i = 1; i <= extra; i++)); do
    person "user$i" "User Number$i" "user$i@example.test" "jpegPhoto:person-$i.jpg"
done

# Photo cache tests change these two; no other test uses them.
person karl "Karl Keller" karl@example.test thumbnailPhoto:square96.jpg
person lena "Lena Lang" lena@example.test jpegPhoto:square648.jpg

# Salesforce Connect photo tests: each test writes to its own person.
person cgrace "Grace Chatter" cgrace@example.test thumbnailPhoto:square96.jpg jpegPhoto:square648.jpg
person chank "Hank Chatter" chank@example.test
person cirene "Irene Chatter" cirene@example.test jpegPhoto:portrait.jpg
person cjack "Jack Chatter" cjack@example.test jpegPhoto:landscape.jpg
person ckate "Kate Chatter" ckate@example.test jpegPhoto:square648.jpg
person cadmin "Admin Chatter" cadmin@example.test

# Microsoft Graph photo tests: each test writes to its own person; UPNs differ from the addresses.
person gadele "Adele Graph" gadele@example.test thumbnailPhoto:square96.jpg jpegPhoto:square648.jpg upn:adele.vance@corp.example.test \
    guid:o7kebsQoM0qLKpHw1MLltw==  # objectGUID 6e1eb9a3-28c4-4a33-8b2a-91f0d4c2e5b7
person gben "Ben Graph" gben@example.test jpegPhoto:portrait.jpg
person gcleo "Cleo Graph" gcleo@example.test upn:cleo@corp.example.test
person gtiny "Tina Graph" gtiny@example.test thumbnailPhoto:tiny.jpg
person gdan "Dan Graph" gdan@example.test jpegPhoto:square648.jpg upn:dan@corp.example.test
person geve "Eve Graph" geve@example.test jpegPhoto:landscape.jpg
person gnode "Node Graph" gnode@example.test jpegPhoto:square648.jpg upn:node@corp.example.test
person gnina "Nina Graph" gnina@example.test jpegPhoto:landscape.jpg
