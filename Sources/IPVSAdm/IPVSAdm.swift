// ipvsadm 1.31 command line and output formatting.
