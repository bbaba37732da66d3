# -R: commands on stdin, the word ipvsadm dropped; a refused line stops the restore.
echo -A -t 198.18.0.9:80 -s xx | ipvsadm -R; echo rc=$?
echo ipvsadm -A -t 198.18.0.9:80 -w 3 | ipvsadm -R; echo rc=$?
echo -A -t 198.18.0.9:80 -s rr -p 0 | ipvsadm -R; echo rc=$?
echo -R | ipvsadm -R; echo rc=$?
echo -R -n | ipvsadm -R; echo rc=$?
echo -A -t 198.18.0.9:80 --foo | ipvsadm -R; echo rc=$?
echo --foo | ipvsadm -R; echo rc=$?
ipvsadm -R <<EOF2
# a comment is not a comment
-A -t 198.18.0.3:80
EOF2
echo rc=$?
ipvsadm -R <<EOF2
-A -t 198.18.0.4:80 # trailing words are arguments
EOF2
echo rc=$?
ipvsadm -R <<EOF2
-a -t 198.18.0.2:80 -r 198.19.1.2 -w x
-A -t 198.18.0.2:80 -s rr
EOF2
echo rc=$?
ipvsadm -R <<EOF2

ipvsadm
  -D   -t 198.18.0.2:80
EOF2
echo rc=$?
ipvsadm -R -R; echo rc=$?
ipvsadm -R foo; echo rc=$?
