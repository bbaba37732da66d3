/// keepalived.conf text for the tests: one NAT virtual service (NAT keeps the real servers'
/// ports, which tell the 127.0.0.1 servers apart) with fast checks.
enum KeepalivedConf {
    /// The virtual service as ipvsadm lists it.
    static let service = "192.0.2.10:80"

    /// TCP_CHECK timing: the time a failure takes to count is at most
    /// connect_timeout + retry * delay_before_retry + delay_loop.
    static let delayLoop = 1.0
    static let connectTimeout = 1.0
    static let retry = 1.0
    static let delayBeforeRetry = 1.0
    static let failureBound = connectTimeout + retry * delayBeforeRetry + delayLoop
    /// The first check comes within warmup (delay_loop by default), then takes up to connect_timeout.
    static let firstCheckBound = delayLoop + connectTimeout
    /// Process start-up and a loaded two-core machine.
    static let slack = 3.0

    static func virtualServer(_ realServers: [String], options: String = "") -> String {
        """
        global_defs {
            router_id lvs_test
        }

        virtual_server 192.0.2.10 80 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
            protocol TCP
        \(options)
        \(realServers.joined(separator: "\n"))
        }

        """
    }

    static func tcpRealServer(port: UInt16, weight: Int = 1, options: String = "") -> String {
        """
            real_server 127.0.0.1 \(port) {
                weight \(weight)
        \(options)
                TCP_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 1
                }
            }
        """
    }
}
