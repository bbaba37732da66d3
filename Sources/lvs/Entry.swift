import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

@main
enum Entry {
    static func main() async {
        // `ipvsadm` is this same binary under another name (a symlink), or `lvs ipvsadm ...`.
        let arguments = CommandLine.arguments
        let invokedAs = arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        if invokedAs == "ipvsadm" {
            exit(IPVSAdmEntry.run(Array(arguments.dropFirst())))
        } else if arguments.count > 1 && arguments[1] == "ipvsadm" {
            exit(IPVSAdmEntry.run(Array(arguments.dropFirst(2))))
        }
        // keepalived and genhash likewise, as the keepalived package installs them.
        if invokedAs == "keepalived" || invokedAs == "genhash" {
            await LVSCommand.main([invokedAs] + arguments.dropFirst())
            return
        }
        await LVSCommand.main()
    }
}
