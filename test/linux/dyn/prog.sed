# A sed program for linux/dyn/sed: addresses, substitution with groups,
# hold space, deletion.
1d
s/^\([a-z]*\),\([a-z]*\),\([0-9.]*\)$/\2: \1 (\3)/
/fig/{
h
s/.*/[held]/
}
$G
y/abc/ABC/
