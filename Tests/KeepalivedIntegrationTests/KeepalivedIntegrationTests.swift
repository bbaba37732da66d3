import Testing

/// `lvs keepalived` as a user runs it: a real `lvs director` (control plane, no root) and a real
/// `lvs keepalived` checking servers on 127.0.0.1; the tests read `ipvsadm -L -n`, `--status`,
/// exit codes and the log. Serialized: they measure check timing on a machine with few cores.
@Suite(.serialized) struct KeepalivedIntegrationTests {}
