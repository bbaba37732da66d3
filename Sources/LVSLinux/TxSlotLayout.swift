import CLVSLinux

/// Where a tx slot's header fields sit: a tpacket3_hdr (TPACKET_V3) or a tpacket2_hdr (V2).
struct TxSlotLayout {
    let status: Int
    let length: Int
    let snapLength: Int
    /// tp_next_offset, which V3 wants zero in a tx slot; V2 has none.
    let nextOffset: Int?
    let dataOffset: Int

    static let v3 = TxSlotLayout(
        status: CLVS_TP3_STATUS, length: CLVS_TP3_LEN, snapLength: CLVS_TP3_SNAPLEN,
        nextOffset: CLVS_TP3_NEXT_OFFSET, dataOffset: Int(clvs_tpacket3_data_offset()))
    static let v2 = TxSlotLayout(
        status: CLVS_TP2_STATUS, length: CLVS_TP2_LEN, snapLength: CLVS_TP2_SNAPLEN,
        nextOffset: nil, dataOffset: Int(clvs_tpacket2_data_offset()))
}
