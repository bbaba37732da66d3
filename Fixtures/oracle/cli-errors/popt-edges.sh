# Less common popt spellings: empty attached arguments, stray '=', triple dashes.
ipvsadm -A -t 198.18.0.1:80 -p=; echo rc=$?
ipvsadm -A -t 198.18.0.1:80 --persistent=; echo rc=$?
ipvsadm -A -t 198.18.0.1:80 -p -5; echo rc=$?
ipvsadm -A -t 198.18.0.1:80 --weight=3; echo rc=$?
ipvsadm -A -t= ; echo rc=$?
ipvsadm -A --tcp-service= ; echo rc=$?
ipvsadm -Lc=; echo rc=$?
ipvsadm -L -=; echo rc=$?
ipvsadm -L --=x; echo rc=$?
ipvsadm -L ---foo; echo rc=$?
ipvsadm -L -nk; echo rc=$?
ipvsadm -L -n -- foo bar; echo rc=$?
ipvsadm --list=x; echo rc=$?
ipvsadm -C -C; echo rc=$?
ipvsadm -CL; echo rc=$?
ipvsadm -Cx; echo rc=$?
ipvsadm -Cx5; echo rc=$?
ipvsadm -Z -6; echo rc=$?
ipvsadm -Z -f 5 -6 -6; echo rc=$?
ipvsadm -d -f 5 -6 -r 198.19.1.2; echo rc=$?
ipvsadm -e -f 5 -r [2001:db8:1::2]:80 -6 -m -w 70000; echo rc=$?
ipvsadm -a -u 198.18.0.1:53 -r 198.19.1.2 -x 10 --tun-type gue; echo rc=$?
ipvsadm -A -t 198.18.0.1:80 -p 5x; echo rc=$?
ipvsadm -A -f 0x10; echo rc=$?
ipvsadm -A -f +16 -s foo; echo rc=$?
