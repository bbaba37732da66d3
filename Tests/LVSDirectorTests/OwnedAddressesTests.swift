import LVSControl
import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSDirector

@Suite("Which addresses the director answers for under VRRP")
struct OwnedAddressesTests {
    static let vip = addr("198.18.0.50")
    static let gateway = addr("198.18.1.254")
    static let other = addr("198.18.0.60")

    @Test("without VRRP every service VIP is owned")
    func servicesOnly() {
        let owned = OwnedAddresses(serviceAddresses: [Self.vip, Self.other]).owned
        #expect(owned == [Self.vip, Self.other])
    }

    @Test("a backup's VIP is silent; a master's floating gateway is answered without a service")
    func vrrpStates() {
        var a = OwnedAddresses(serviceAddresses: [Self.vip, Self.other])
        a.ownerships["VI_1"] = AddressOwnership(owner: "VI_1", released: [Self.vip, Self.gateway])
        #expect(a.owned == [Self.other])
        a.ownerships["VI_1"] = AddressOwnership(owner: "VI_1", held: [Self.vip, Self.gateway])
        #expect(a.owned == [Self.vip, Self.other, Self.gateway])
    }

    @Test("when two instances disagree the address is released")
    func releaseWins() {
        var a = OwnedAddresses(serviceAddresses: [Self.vip])
        a.ownerships["A"] = AddressOwnership(owner: "A", held: [Self.vip])
        a.ownerships["B"] = AddressOwnership(owner: "B", released: [Self.vip])
        #expect(a.owned.isEmpty)
    }

    @Test("the control socket passes ownership and announcements to the director's layer-2 keeper")
    func controlHooks() {
        let seen = RecordedHooks()
        let control = WorkerControlService(
            slots: [WorkerSlot()], clock: { Instant(milliseconds: 0) },
            hooks: ControlHooks(
                ownershipChanged: { o in seen.add("own \(o.owner) held=\(o.held) released=\(o.released)") },
                announce: { a in seen.add("announce \(a)") }))
        let held = AddressOwnership(owner: "VI_1", held: [Self.vip])
        #expect(control.handle(.setOwnership(held)) == .applied)
        #expect(control.handle(.announce([Self.vip])) == .applied)
        #expect(seen.lines == ["own VI_1 held=[198.18.0.50] released=[]", "announce [198.18.0.50]"])
    }
}
