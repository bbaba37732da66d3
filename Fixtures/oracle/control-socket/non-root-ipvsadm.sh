# What real ipvsadm 1.31 prints, and its exit status, when a non-root user runs it against
# the kernel: a listing, an add and a save. The director's refusals over the control socket
# must read the same.
ipvsadm -A -t 198.18.0.50:80 -s rr
for cmd in "ipvsadm -L -n" "ipvsadm -A -t 198.18.0.51:80" "ipvsadm -S -n" "ipvsadm -a -t 198.18.0.50:80 -r 198.18.0.11" "ipvsadm -C" "ipvsadm -l --daemon"; do
  echo "\$ $cmd"
  su -s /bin/sh nobody -c "$cmd 2>&1; echo \"exit=\$?\""
done
