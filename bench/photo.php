<?php
// The baseline a sysadmin would otherwise deploy: look the person up in LDAP, resize with GD.
// bench/run.sh fills in @LDAP_PORT@.
$mail = $_GET['email'] ?? '';
$size = 96;
$ld = ldap_connect('ldap://127.0.0.1:@LDAP_PORT@');
ldap_set_option($ld, LDAP_OPT_PROTOCOL_VERSION, 3);
if (!@ldap_bind($ld, 'cn=admin,dc=example,dc=test', 'secret')) { http_response_code(503); exit; }
$filter = '(&(objectClass=inetOrgPerson)(mail=' . ldap_escape($mail, '', LDAP_ESCAPE_FILTER) . '))';
$sr = ldap_search($ld, 'ou=people,dc=example,dc=test', $filter, ['jpegPhoto']);
$entry = $sr ? ldap_first_entry($ld, $sr) : false;
$values = $entry ? @ldap_get_values_len($ld, $entry, 'jpegPhoto') : false;
if (!$values) { http_response_code(404); exit; }
$src = imagecreatefromstring($values[0]);
$w = imagesx($src);
$h = imagesy($src);
$side = min($w, $h);
$dst = imagecreatetruecolor($size, $size);
imagecopyresampled($dst, $src, 0, 0, intdiv($w - $side, 2), intdiv(($h - $side) * 35, 100), $size, $size, $side, $side);
header('Content-Type: image/jpeg');
imagejpeg($dst, null, 85);
ldap_unbind($ld);
