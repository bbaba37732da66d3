# popt: the first option must be a command, else the try-help line (exit 255);
# later unknown options / missing arguments are reported as "WORD: reason" (exit 255).
ipvsadm --foo; echo rc=$?
ipvsadm -L --foo; echo rc=$?
ipvsadm -L --foo 2>/dev/null; echo rc=$?
ipvsadm -Lk; echo rc=$?
ipvsadm -A -t; echo rc=$?
ipvsadm -At; echo rc=$?
ipvsadm -A -t 198.18.0.1:80 -s; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.4 -w; echo rc=$?
ipvsadm -A --start-daemon; echo rc=$?
ipvsadm --start-daemon; echo rc=$?
ipvsadm -n -L; echo rc=$?
ipvsadm -t 198.18.0.1:80 -A; echo rc=$?
ipvsadm foo; echo rc=$?
ipvsadm -- -L; echo rc=$?
ipvsadm --lis; echo rc=$?
ipvsadm -L=n; echo rc=$?
ipvsadm -L --numeric=1; echo rc=$?
ipvsadm -A -t 198.18.0.1:80 -p -1; echo rc=$?
ipvsadm -A -t 198.18.0.1:80 -p -s rr -x; echo rc=$?
ipvsadm -L foo; echo rc=$?
ipvsadm foo -L >/dev/null; echo rc=$?
ipvsadm -L -- -n; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.4 -- -w 3; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.4 -; echo rc=$?
ipvsadm -C foo; echo rc=$?
