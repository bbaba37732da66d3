print("lvs: not yet")
