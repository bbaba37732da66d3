# -h and -v print to stdout and exit 0; after the command, -h/-v are invalid options.
ipvsadm -h; echo rc=$?
ipvsadm --help 2>/dev/null >/dev/null; echo rc=$?
ipvsadm -v; echo rc=$?
ipvsadm --version >/dev/null; echo rc=$?
ipvsadm -v --foo; echo rc=$?
ipvsadm -h -x >/dev/null; echo rc=$?
ipvsadm -L -v; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.2 -h; echo rc=$?
