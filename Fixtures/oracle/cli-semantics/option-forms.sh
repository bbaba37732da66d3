# Option spellings popt accepts, and how values are read.
ipvsadm -A -t198.18.0.14:80 -srr; echo rc=$?
ipvsadm -At 198.18.0.15:80; echo rc=$?
ipvsadm -A --tcp-service=198.18.0.16:80; echo rc=$?
ipvsadm --add-service -t 198.18.0.17:80 --scheduler=sh -b sh-port; echo rc=$?
ipvsadm -A -t 198.18.0.18:80 -b sh-port,sh-fallback -s sh; echo rc=$?
ipvsadm -A -t 198.18.0.19:80 -s mh -b mh-fallback,mh-port,flag-3; echo rc=$?
ipvsadm -A -t 198.18.0.8:80 -p30; echo rc=$?
ipvsadm -A -t 198.18.0.9:80 -p=40; echo rc=$?
ipvsadm -A -t 198.18.0.10:80 --persistent=50; echo rc=$?
ipvsadm -A -t 198.18.0.11:80 --persistent 60; echo rc=$?
ipvsadm -A -t 198.18.0.12:80 -p -s rr; echo rc=$?
ipvsadm -A -t 198.18.0.7:80 -p 2678400; echo rc=$?
ipvsadm -A -t 198.18.0.4:80 -M 255.255.240.0 -p; echo rc=$?
ipvsadm -A -t 198.18.0.2:080; echo rc=$?
ipvsadm -A -t 198.18.0.3:+81; echo rc=$?
ipvsadm -A -t 0x0a000001:82; echo rc=$?
ipvsadm -A -t 198.18.0.5:65535; echo rc=$?
ipvsadm -A -t 198.18.0.6:99 -s rr --sort; echo rc=$?
ipvsadm -A -t 0.0.0.0:80; echo rc=$?
ipvsadm -A -u 198.18.0.20:53 -o; echo rc=$?
ipvsadm -A -f 2 -s rr -o -6 -M 64 -p; echo rc=$?
ipvsadm -A -f 3 -M 255.255.255.0 -6 -p 10; echo rc=$?
ipvsadm -A -f 4 -p -M 255.255.0.0; echo rc=$?
ipvsadm -A -t [2001:db8::1]:80 -M 64 -p; echo rc=$?
ipvsadm -A -M 64 -t [2001:db8::4]:80 -p; echo rc=$?
ipvsadm -A -t 2001:db8::5:80 -p; echo rc=$?
ipvsadm -A -t [::ffff:198.18.0.8]:80; echo rc=$?
ipvsadm -A --sctp-service 198.18.0.9:80; echo rc=$?
ipvsadm -S -n
